"""The page images the review page draws evidence boxes on, rendered on request: PDF pages with pypdfium2,
images with Pillow, and for every other format (text, office, email) a plain page with the parsed blocks drawn
where the reader placed them. Pages follow one another across a collection's files in upload order, as the
pipeline numbers them."""

from __future__ import annotations

import io
from typing import Any, Callable

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageOps

from fieldwise.errors import NotFound

WIDTH = 1000  # pixels across a rendered page
_PLAIN = (1000, 1294)  # a letter-shaped page for formats that have no pages of their own


def _pdf_pages(data: bytes) -> list[Callable[[], Image.Image]]:
    document = pdfium.PdfDocument(data)

    def render(index: int) -> Image.Image:
        page = document[index]
        scale = WIDTH / max(page.get_width(), 1)
        return page.render(scale=min(scale, 4)).to_pil()

    return [lambda i=i: render(i) for i in range(len(document))]


def _image_pages(data: bytes) -> list[Callable[[], Image.Image]]:
    image = Image.open(io.BytesIO(data))
    count = getattr(image, "n_frames", 1)

    def render(index: int) -> Image.Image:
        image.seek(index)
        return ImageOps.exif_transpose(image.convert("RGB"))

    return [lambda i=i: render(i) for i in range(count)]


def _plain_page(blocks: list[dict[str, Any]]) -> Image.Image:
    page = Image.new("RGB", _PLAIN, "white")
    draw = ImageDraw.Draw(page)
    for block in blocks:
        box = block.get("bbox") or {}
        x, y = float(box.get("x0", 0)) * _PLAIN[0], float(box.get("y0", 0)) * _PLAIN[1]
        draw.text((x, y), str(block.get("content") or "")[:400], fill="black")
    return page


def page_png(files: list[tuple[bytes, str]], parse: dict[str, Any] | None, number: int) -> bytes:
    """PNG bytes of page `number` (1-based) of a collection whose files are (bytes, media type) in order."""
    pages: list[Callable[[], Image.Image]] = []
    for data, media_type in files:
        try:
            if media_type == "application/pdf":
                pages.extend(_pdf_pages(data))
                continue
            if media_type.startswith("image/"):
                pages.extend(_image_pages(data))
                continue
        except Exception:  # an unreadable file still gets a plain page rather than a broken image
            pass
        pages.append(lambda: None)  # type: ignore[arg-type,return-value]
    blocks = [b for b in (parse or {}).get("blocks") or [] if b.get("page") == number]
    image = pages[number - 1]() if 1 <= number <= len(pages) else None
    if image is None:
        if not blocks and number != 1:
            raise NotFound(f"No page {number}")
        image = _plain_page(blocks)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
