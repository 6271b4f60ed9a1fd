"""Decide what a file is from its bytes first and its name second. A name never overrides contrary bytes."""

from __future__ import annotations

import zipfile
import io

from fieldwise.errors import UnreadableDocument, UnsupportedFileType

PDF = "application/pdf"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
CSV = "text/csv"
HTML = "text/html"
EML = "message/rfc822"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
JPEG, PNG, TIFF, BMP, GIF, WEBP = "image/jpeg", "image/png", "image/tiff", "image/bmp", "image/gif", "image/webp"

IMAGE_TYPES = frozenset({JPEG, PNG, TIFF, BMP, GIF, WEBP})
SUPPORTED = frozenset({PDF, TEXT, MARKDOWN, CSV, HTML, EML, DOCX, XLSX, PPTX} | IMAGE_TYPES)

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"BM", BMP),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy Office, or password-protected OOXML

_BY_SUFFIX = {
    "pdf": PDF, "txt": TEXT, "text": TEXT, "md": MARKDOWN, "markdown": MARKDOWN, "csv": CSV, "html": HTML,
    "htm": HTML, "eml": EML, "docx": DOCX, "xlsx": XLSX, "pptx": PPTX, "jpg": JPEG, "jpeg": JPEG, "png": PNG,
    "tif": TIFF, "tiff": TIFF, "bmp": BMP, "gif": GIF, "webp": WEBP,
}
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def _suffix(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[-1].lower()


_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})


def _looks_like_text(data: bytes) -> bool:
    """UTF-8, UTF-16 with a byte-order mark, or a single-byte encoding with no control characters."""
    sample = data[:8192]
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            sample[: len(sample) // 2 * 2].decode("utf-16")
            return True
        except UnicodeDecodeError:
            return False
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:  # a multi-byte character cut at the end of the sample is still text
        if exc.start >= len(sample) - 3:
            return True
    return len(sample.translate(None, _CONTROL)) == len(sample)  # Latin-1, Windows-1252 and the like


def detect_media_type(data: bytes, filename: str | None = None, declared: str | None = None) -> str:
    """The media type of `data`, or UnsupportedFileType naming what was seen."""
    head = data[:16]
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000]:
            raise UnreadableDocument("the Office file is password-protected")
        raise UnsupportedFileType("legacy Office files (.doc, .xls, .ppt) are not supported: save as DOCX, XLSX or PPTX")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        for part, media_type in _OOXML_PARTS.items():
            if part in names:
                return media_type
        raise UnsupportedFileType(f"a ZIP archive that is not a DOCX, XLSX or PPTX file ({filename or 'unnamed'})")
    if _looks_like_text(data):
        by_name = _BY_SUFFIX.get(_suffix(filename))
        if by_name in {TEXT, MARKDOWN, CSV, HTML, EML}:
            return by_name
        declared_base = (declared or "").split(";")[0].strip().lower()
        if declared_base in {TEXT, MARKDOWN, CSV, HTML, EML}:
            return declared_base
        stripped = data.lstrip()[:512].lower()
        if stripped.startswith((b"<!doctype html", b"<html")):
            return HTML
        if _is_email_header(data):
            return EML
        return TEXT
    suffix = _suffix(filename)
    raise UnsupportedFileType(
        f"unsupported file type{f' .{suffix}' if suffix else ''}: the content is not PDF, an image "
        "(JPEG, PNG, TIFF, BMP, GIF, WebP), an Office file (DOCX, XLSX, PPTX), HTML, e-mail or text"
    )


def _is_email_header(data: bytes) -> bool:
    head = data[:2048].decode("utf-8", "replace").splitlines()[:20]
    keys = {line.split(":", 1)[0].strip().lower() for line in head if ":" in line}
    return len(keys & {"from", "to", "subject", "date", "mime-version", "content-type"}) >= 3
