"""bytes -> Document. One module per format behind the one entry point `read`."""

from __future__ import annotations

from importlib import import_module

from fieldwise.documents import sniff
from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Page, Word
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.sniff import detect_media_type
from fieldwise.errors import DocumentError, UnreadableDocument, UnsupportedFileType

__all__ = [
    "BBox", "Block", "Cell", "Document", "Line", "Page", "Word", "ReadOptions", "detect_media_type", "read",
]

# media type -> (module, function); each function is (data, media_type, options) -> Document. Imported on use so
# that importing fieldwise.documents stays cheap.
READERS: dict[str, tuple[str, str]] = {
    sniff.PDF: ("fieldwise.documents.pdf", "read_pdf"),
    sniff.TEXT: ("fieldwise.documents.text", "read_text"),
    sniff.MARKDOWN: ("fieldwise.documents.text", "read_text"),
    **{media_type: ("fieldwise.documents.image", "read_image") for media_type in sniff.IMAGE_TYPES},
}


def read(data: bytes, media_type: str | None = None, options: ReadOptions | None = None,
         filename: str | None = None) -> Document:
    """Read any supported file into a Document. Raises UnsupportedFileType or UnreadableDocument with the reason."""
    options = options or ReadOptions()
    media_type = (media_type or detect_media_type(data, filename)).split(";")[0].strip().lower()
    entry = READERS.get(media_type)
    if entry is None:
        raise UnsupportedFileType(f"no reader for {media_type}")
    reader = getattr(import_module(entry[0]), entry[1])
    try:
        return reader(data, media_type, options)
    except DocumentError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise UnreadableDocument(f"the {media_type} file is too large or too deeply nested to read") from exc
    except Exception as exc:  # a library choking on bad input must not escape as a raw error
        raise UnreadableDocument(f"the {media_type} file could not be read ({type(exc).__name__}: {exc})") from exc
