"""The page images the review page draws evidence boxes on, rendered on request: PDF pages with pypdfium2,
images with Pillow, and for every other format (text, office, email) a plain page with the parsed blocks drawn
where the reader placed them. Pages follow one another across a collection's files in upload order, as the
pipeline numbers them.

Nothing is rendered larger than `max_pixels`: a PDF page is scaled to fit under it before pypdfium2 draws it, and
an image whose pixels (after JPEG's cheap draft decoding) are over it is never decoded; its page is drawn plain,
saying why. Every page comes out at most WIDTH pixels across."""

from __future__ import annotations

import io
import math
from functools import partial
from typing import Any, Callable

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageOps

from fieldwise.errors import NotFound

WIDTH = 1000  # pixels across a rendered page
_PLAIN = (1000, 1294)  # a letter-shaped page for formats that have no pages of their own

Page = Callable[[], "Image.Image | str | None"]  # an image, or why there is none (drawn as a plain page)


def _fit(width: float, height: float, max_pixels: int) -> float:
    """The scale that brings a width x height page to at most WIDTH across and `max_pixels` in all."""
    width, height = max(width, 1.0), max(height, 1.0)
    scale = min(WIDTH / width, math.sqrt(max_pixels / (width * height)), 4.0)
    while math.ceil(width * scale) * math.ceil(height * scale) > max_pixels:  # the renderer rounds up
        scale *= 0.99
    return scale


def _pdf_pages(data: bytes, max_pixels: int) -> list[Page]:
    document = pdfium.PdfDocument(data)

    def render(index: int) -> Image.Image:
        page = document[index]
        return page.render(scale=_fit(page.get_width(), page.get_height(), max_pixels)).to_pil()

    return [partial(render, i) for i in range(len(document))]


def _image_pages(data: bytes, max_pixels: int) -> list[Page]:
    image = Image.open(io.BytesIO(data))
    count = getattr(image, "n_frames", 1)

    def render(index: int) -> Image.Image | str:
        image.seek(index)
        width, height = image.size
        if width * height > max_pixels:  # JPEG decodes at 1/2, 1/4 or 1/8 scale for almost nothing
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        if image.size[0] * image.size[1] > max_pixels:
            return (f"the page image is {width:,} x {height:,} pixels, over the {max_pixels:,} this server renders "
                    "(FIELDWISE_MAX_RENDER_PIXELS)")
        page = ImageOps.exif_transpose(image.convert("RGB"))
        page.thumbnail((WIDTH, max(1, round(WIDTH * page.height / max(page.width, 1)))))
        return page

    return [partial(render, i) for i in range(count)]


def _plain_page(blocks: list[dict[str, Any]], note: str | None = None) -> Image.Image:
    page = Image.new("RGB", _PLAIN, "white")
    draw = ImageDraw.Draw(page)
    for block in blocks:
        box = block.get("bbox") or {}
        x, y = float(box.get("x0", 0)) * _PLAIN[0], float(box.get("y0", 0)) * _PLAIN[1]
        draw.text((x, y), str(block.get("content") or "")[:400], fill="black")
    if note:
        draw.text((20, _PLAIN[1] - 30), note[:160], fill="firebrick")
    return page


def page_png(files: list[tuple[bytes, str]], blocks_of: Callable[[int], list[dict[str, Any]]], number: int,
             max_pixels: int) -> bytes:
    """PNG bytes of page `number` (1-based) of a collection whose files are (bytes, media type) in order;
    `blocks_of(n)` gives the parsed blocks of page n, for pages drawn plain."""
    pages: list[Page] = []
    for data, media_type in files:
        try:
            if media_type == "application/pdf":
                pages.extend(_pdf_pages(data, max_pixels))
                continue
            if media_type.startswith("image/"):
                pages.extend(_image_pages(data, max_pixels))
                continue
        except Exception:  # an unreadable file still gets a plain page rather than a broken image
            pass
        pages.append(lambda: None)
    drawn = pages[number - 1]() if 1 <= number <= len(pages) else None
    if not isinstance(drawn, Image.Image):
        blocks = blocks_of(number)
        if not blocks and number != 1 and drawn is None:
            raise NotFound(f"No page {number}")
        drawn = _plain_page(blocks, drawn)
    out = io.BytesIO()
    drawn.save(out, format="PNG", optimize=False)
    return out.getvalue()
