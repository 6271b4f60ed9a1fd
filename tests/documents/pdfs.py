"""PDFs the tests build with reportlab: text, tables across pages, scans, encryption."""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

WIDTH, HEIGHT = 612, 792  # US Letter, points


def build(*pages: Callable[[Canvas], None], encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT), encrypt=encrypt, invariant=True)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rotated(data: bytes, degrees: int) -> bytes:
    """The same PDF with /Rotate set on every page (reportlab's own rotation also swaps the media box)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        pdf[index].set_rotation(degrees)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def text_page(*lines: str, x: float = 72, top: float = 72, size: float = 12) -> Callable[[Canvas], None]:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", size)
        for index, line in enumerate(lines):
            canvas.drawString(x, HEIGHT - top - index * size * 1.5, line)

    return draw


def table_page(rows: list[tuple[str, ...]], columns: tuple[float, ...] = (72, 300, 450),
               top: float = 100) -> Callable[[Canvas], None]:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 11)
        for index, row in enumerate(rows):
            for x, text in zip(columns, row):
                canvas.drawString(x, HEIGHT - top - index * 18, text)

    return draw


def image_page(image: Image.Image) -> Callable[[Canvas], None]:
    """A scanned page: the image fills the page width, no text layer."""

    def draw(canvas: Canvas) -> None:
        height = WIDTH * image.height / image.width
        canvas.drawImage(ImageReader(image), 0, HEIGHT - height, width=WIDTH, height=height)

    return draw
