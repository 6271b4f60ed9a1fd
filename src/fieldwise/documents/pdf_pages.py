"""A new PDF made of pages of stored files (v3 split PDFs, spec v3 D17): PDF pages are copied as they are, an image
file becomes one page. Other formats have no pages to copy: NotRenderable."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

PDF = "application/pdf"


class NotRenderable(Exception):
    """A source that is text or an office file: it has no pages to copy."""


@dataclass(frozen=True, slots=True)
class Source:
    data: bytes
    media_type: str
    pages: list[int]  # 1-based pages of this file


def _as_pdf(source: Source) -> bytes:
    if source.media_type == PDF:
        return source.data
    if source.media_type.startswith("image/"):
        image = Image.open(io.BytesIO(source.data))
        out = io.BytesIO()
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(image.convert("RGB"))
        frames[0].save(out, format="PDF", save_all=True, append_images=frames[1:])
        return out.getvalue()
    raise NotRenderable(f"a {source.media_type} file has no pages to copy into a PDF")


def build(sources: list[Source]) -> bytes:
    """One PDF holding the given pages of each source, in order."""
    target = pdfium.PdfDocument.new()
    for source in sources:
        document = pdfium.PdfDocument(_as_pdf(source))
        wanted = [p - 1 for p in source.pages if 1 <= p <= len(document)]
        target.import_pages(document, wanted)
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()
