"""Guards shared by the Office readers (DOCX, XLSX, PPTX are ZIP archives of XML parts)."""

from __future__ import annotations

import io
import zipfile

from fieldwise.documents.options import ReadOptions
from fieldwise.errors import LimitExceeded, UnreadableDocument

MAX_RATIO = 100  # the archive as a whole inflating more than this is a zip bomb, not a document
_RATIO_FLOOR = 4 * 1024 * 1024  # under this many inflated bytes, a high ratio is only well-compressed XML


def check_archive(data: bytes, kind: str, options: ReadOptions | None = None) -> None:
    """UnreadableDocument if the archive is damaged, encrypted, or would inflate past the limits: its parts
    together (every part counts, small ones too: twenty 990 KB slides in a 114 KB file is 20 MB of XML that the
    readers parse into trees some 25 times that size) past `options.max_inflated_bytes`, or the whole archive
    more than MAX_RATIO times its size."""
    options = options or ReadOptions()
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
    if total > _RATIO_FLOOR and total > MAX_RATIO * len(data):
        raise UnreadableDocument(f"the {kind} file inflates {total // max(len(data), 1)}x: it looks like a zip bomb")
    if total > options.max_inflated_bytes:
        raise LimitExceeded(f"the {kind} file would inflate to {total / 2**20:.1f} MB; the limit is "
                            f"{options.max_inflated_bytes / 2**20:g} MB (FIELDWISE_MAX_INFLATED_MB)")
