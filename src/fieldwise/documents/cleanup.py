"""Image clean-up before OCR. Each step is a pure function Image -> Image; `prepare` runs a named list of them.

Only steps that measurably help go in DEFAULT_STEPS, and on the dev receipts none did (benchmarks/ocr_receipts.py
has the figures): RapidOCR's detector already normalises size and contrast. The steps stay for measurement and for
callers that know their scans.
"""

from __future__ import annotations

from typing import Callable

from PIL import Image, ImageFilter, ImageOps

_MIN_SHORT_SIDE = 800  # below this, small print falls under the detector's useful size: upscale
_MAX_LONG_SIDE = 2400  # above this, OCR time grows with no gain on page-sized text: downscale


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB with transparency flattened on white (a transparent PNG otherwise reads as black on black)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def upscale_small(image: Image.Image) -> Image.Image:
    short = min(image.size)
    if short >= _MIN_SHORT_SIDE or short == 0:
        return image
    factor = min(_MIN_SHORT_SIDE / short, 4.0)
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)


def downscale_large(image: Image.Image) -> Image.Image:
    long = max(image.size)
    if long <= _MAX_LONG_SIDE:
        return image
    factor = _MAX_LONG_SIDE / long
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)


def autocontrast(image: Image.Image) -> Image.Image:
    return ImageOps.autocontrast(image, cutoff=1)


def grayscale(image: Image.Image) -> Image.Image:
    return image.convert("L").convert("RGB")


def sharpen(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.UnsharpMask(radius=2, percent=80, threshold=3))


def deskew(image: Image.Image, max_angle: float = 5.0, step: float = 0.5) -> Image.Image:
    """Rotate by the small angle whose row profile of dark pixels is sharpest (text lines made horizontal)."""
    import numpy as np

    small = image.convert("L")
    small.thumbnail((600, 600))
    dark = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)
    best_angle, best_score = 0.0, -1.0
    angle = -max_angle
    while angle <= max_angle + 1e-9:
        rows = np.asarray(dark.rotate(angle, expand=False), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best_angle, best_score = angle, score
        angle += step
    if abs(best_angle) < step:
        return image
    return image.rotate(best_angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")


STEPS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "upscale": upscale_small,
    "downscale": downscale_large,
    "autocontrast": autocontrast,
    "grayscale": grayscale,
    "sharpen": sharpen,
    "deskew": deskew,
}
DEFAULT_STEPS: tuple[str, ...] = ()


def prepare(image: Image.Image, steps: tuple[str, ...] = DEFAULT_STEPS) -> Image.Image:
    """An RGB page image ready for OCR: the named clean-up steps applied in order."""
    image = to_rgb(image)
    for name in steps:
        image = STEPS[name](image)
    return image
