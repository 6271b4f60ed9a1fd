from PIL import Image

from fieldwise.documents.cleanup import STEPS, deskew, downscale_large, prepare, upscale_small
from tests.documents.drawing import text_image

LINES = tuple(f"LINE {n} OF A SCANNED RECEIPT 12.50" for n in range(12))


def test_small_images_are_upscaled_and_huge_ones_downscaled():
    assert upscale_small(Image.new("RGB", (400, 1000))).size == (800, 2000)
    big = Image.new("RGB", (1000, 800))
    assert upscale_small(big) is big
    assert downscale_large(Image.new("RGB", (4800, 1200))).size == (2400, 600)


def test_deskew_leaves_a_straight_page_alone_and_turns_a_skewed_one_back():
    straight = text_image(LINES, size=24)
    assert deskew(straight) is straight
    skewed = straight.rotate(3, expand=True, fillcolor="white")
    fixed = deskew(skewed)
    assert fixed is not skewed and fixed.size != skewed.size


def test_prepare_gives_rgb_and_runs_named_steps():
    gray = Image.new("L", (100, 50), 128)
    assert prepare(gray).mode == "RGB"
    assert prepare(gray, ("upscale",)).size == (400, 200)  # at most 4x
    assert set(STEPS) >= {"upscale", "downscale", "autocontrast", "grayscale", "sharpen", "deskew"}
