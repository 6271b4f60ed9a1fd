"""bytes -> Document. One module per format behind the one entry point `read`."""

from __future__ import annotations

from importlib import import_module

from fieldwise.documents import sniff
from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Page, Word
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.sniff import detect_media_type
from fieldwise.errors import DocumentError, UnreadableDocument, UnsupportedFileType, Withdrawn

__all__ = [
    "BBox", "Block", "Cell", "Document", "Line", "Page", "Word", "ReadOptions", "detect_media_type", "read",
]

# media type -> (module, function); each function is (data, media_type, options) -> Document. Imported on use so
# that importing fieldwise.documents stays cheap.
READERS: dict[str, tuple[str, str]] = {
    sniff.PDF: ("fieldwise.documents.pdf", "read_pdf"),
    sniff.TEXT: ("fieldwise.documents.text", "read_text"),
    sniff.MARKDOWN: ("fieldwise.documents.text", "read_text"),
    sniff.CSV: ("fieldwise.documents.csv_reader", "read_csv"),
    sniff.HTML: ("fieldwise.documents.html", "read_html"),
    sniff.EML: ("fieldwise.documents.eml", "read_eml"),
    sniff.DOCX: ("fieldwise.documents.docx", "read_docx"),
    sniff.XLSX: ("fieldwise.documents.xlsx", "read_xlsx"),
    sniff.PPTX: ("fieldwise.documents.pptx", "read_pptx"),
    **{media_type: ("fieldwise.documents.image", "read_image") for media_type in sniff.IMAGE_TYPES},
}


def read(data: bytes, media_type: str | None = None, options: ReadOptions | None = None,
         filename: str | None = None) -> Document:
    """Read any supported file into a Document. Raises UnsupportedFileType or UnreadableDocument with the reason."""
    options = options or ReadOptions()
    if media_type:
        media_type = media_type.split(";")[0].strip().lower()
        media_type = _ALIASES.get(media_type, media_type)
        _check_declared(data, media_type, filename)
    else:
        media_type = detect_media_type(data, filename)
    entry = READERS.get(media_type)
    if entry is None:
        raise UnsupportedFileType(f"no reader for {media_type}")
    reader = getattr(import_module(entry[0]), entry[1])
    try:
        return reader(data, media_type, options)
    except (DocumentError, Withdrawn):
        raise
    except (MemoryError, RecursionError) as exc:
        raise UnreadableDocument(f"the {media_type} file is too large or too deeply nested to read") from exc
    except Exception as exc:  # a library choking on bad input must not escape as a raw error
        raise UnreadableDocument(f"the {media_type} file could not be read ({type(exc).__name__}: {exc})") from exc


def pages_ahead(data: bytes, media_type: str | None = None, filename: str | None = None) -> int:
    """How many pages a file will have, from its header alone where that is cheap (PDF); 1 otherwise, and 0 for
    a file that cannot be opened (its reader reports why)."""
    try:
        media_type = media_type or detect_media_type(data, filename)
    except UnsupportedFileType:
        return 0
    if media_type.split(";")[0].strip().lower() != sniff.PDF:
        return 1
    from fieldwise.documents.pdf import count_pages

    return count_pages(data)


_ALIASES = {
    "image/jpg": sniff.JPEG, "image/pjpeg": sniff.JPEG, "image/tif": sniff.TIFF, "image/x-ms-bmp": sniff.BMP,
    "application/x-pdf": sniff.PDF, "text/x-markdown": sniff.MARKDOWN, "application/xhtml+xml": sniff.HTML,
    "application/csv": sniff.CSV, "text/x-csv": sniff.CSV,
}
_BINARY = sniff.IMAGE_TYPES | {sniff.PDF, sniff.DOCX, sniff.XLSX, sniff.PPTX}


def _check_declared(data: bytes, declared: str, filename: str | None) -> None:
    """A declared type must agree with the bytes wherever the bytes can tell (binary formats have signatures)."""
    try:
        actual = detect_media_type(data, filename, declared)
    except UnsupportedFileType:
        actual = None
    if actual == declared:
        return
    if declared in _BINARY or actual in _BINARY:
        raise UnreadableDocument(f"the file says it is {declared} but its content is {actual or 'not recognised'}")
