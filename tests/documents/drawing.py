"""Images and pages the tests draw themselves, with a real TrueType font when the machine has one."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)

RECEIPT_LINES = (
    "GOLDEN BAKERY SDN BHD",
    "12 JALAN MERDEKA 50000 KUALA LUMPUR",
    "DATE 23/12/2017",
    "BREAD 2 7.50",
    "TOTAL 15.00",
)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def text_image(lines: tuple[str, ...] = RECEIPT_LINES, size: int = 28, width: int = 900) -> Image.Image:
    """Black text on white, one line per row, like a clean scan."""
    face = font(size)
    height = 60 + len(lines) * int(size * 1.8)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 30 + index * int(size * 1.8)), line, fill="black", font=face)
    return image


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def table_image(rows: list[tuple[str, ...]], columns: tuple[int, ...] = (40, 420, 640), size: int = 30) -> Image.Image:
    """Rows of cells drawn at fixed column positions, like a printed invoice table."""
    face = font(size)
    step = int(size * 1.8)
    image = Image.new("RGB", (900, 60 + len(rows) * step), "white")
    draw = ImageDraw.Draw(image)
    for r, row in enumerate(rows):
        for x, text in zip(columns, row):
            draw.text((x, 30 + r * step), text, fill="black", font=face)
    return image
