"""Drawing: layout operations to a text-layer PDF (reportlab), and a PDF page to a degraded scan (pypdfium2 to
rasterise, Pillow to blur, add noise, tilt slightly and compress), both deterministic for a seed."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen import canvas

from benchmarks.synthetic.layouts import Op


def page_size(locale: str) -> tuple[float, float]:
    return LETTER if locale == "en_US" else A4


def pdf(ops: list[Op], size: tuple[float, float], title: str = "") -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size, invariant=1)  # invariant: no timestamps, same bytes for a seed
    sheet.setTitle(title)
    for op in ops:
        if op.kind == "text":
            sheet.setFont("Helvetica-Bold" if op.bold else "Helvetica", op.size)
            (sheet.drawRightString if op.align == "right" else sheet.drawString)(op.x, op.y, op.text)
        elif op.kind == "rect":
            sheet.rect(op.x, op.y, op.w, op.h)
        elif op.kind == "line":
            sheet.line(op.x, op.y, op.w, op.h)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def scan(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """The first page as a mildly degraded scan at 150-200 dpi: (image bytes, extension)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        image = document[0].render(scale=rng.choice([150, 175, 200]) / 72).to_pil().convert("L")
    finally:
        document.close()
    angle = rng.uniform(-1.2, 1.2)
    image = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    noise = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))  # from the seed
    image = Image.blend(image, noise, rng.uniform(0.06, 0.12))
    out = io.BytesIO()
    if rng.random() < 0.7:
        image.save(out, "JPEG", quality=rng.randrange(55, 80))
        return out.getvalue(), "jpg"
    image.save(out, "PNG", optimize=False)
    return out.getvalue(), "png"
