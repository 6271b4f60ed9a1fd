"""Guards shared by the Office readers (DOCX, XLSX, PPTX are ZIP archives of XML parts)."""

from __future__ import annotations

import io
import zipfile

from fieldwise.errors import UnreadableDocument

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # all parts together, once inflated
MAX_RATIO = 200  # a part that inflates more than this is a zip bomb, not a document


def check_archive(data: bytes, kind: str) -> None:
    """UnreadableDocument if the archive is damaged, encrypted, or would inflate past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument(f"the {kind} file is damaged ({exc})") from exc
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableDocument(f"the {kind} file is encrypted")
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableDocument(f"the {kind} file inflates {info.file_size // max(info.compress_size, 1)}x: "
                                     "it looks like a zip bomb")
    if total > MAX_UNCOMPRESSED:
        raise UnreadableDocument(f"the {kind} file would inflate to {total // 2**20} MB, over the limit")
