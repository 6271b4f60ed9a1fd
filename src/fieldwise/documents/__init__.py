"""bytes -> Document. One module per format behind the one entry point `read`."""

from __future__ import annotations

from fieldwise.documents import sniff
from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Page, Word
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.sniff import detect_media_type
from fieldwise.errors import UnsupportedFileType

__all__ = [
    "BBox", "Block", "Cell", "Document", "Line", "Page", "Word", "ReadOptions", "detect_media_type", "read",
]


def read(data: bytes, media_type: str | None = None, options: ReadOptions | None = None,
         filename: str | None = None) -> Document:
    """Read any supported file into a Document. Raises UnsupportedFileType or UnreadableDocument with the reason."""
    options = options or ReadOptions()
    media_type = media_type or detect_media_type(data, filename)
    if media_type == sniff.PDF:
        from fieldwise.documents.pdf import read_pdf

        return read_pdf(data, options)
    if media_type in (sniff.TEXT, sniff.MARKDOWN, sniff.CSV):
        from fieldwise.documents.text import read_text

        return read_text(data, media_type)
    raise UnsupportedFileType(f"no reader for {media_type} yet")
