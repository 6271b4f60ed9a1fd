import pytest
from PIL import Image

from fieldwise import documents
from fieldwise.documents import sniff
from fieldwise.documents.image import iter_frames, read_image
from fieldwise.documents.model import Page
from fieldwise.documents.options import ReadOptions
from fieldwise.errors import UnreadableDocument
from tests.documents.drawing import encode, text_image

FORMATS = [("JPEG", sniff.JPEG), ("PNG", sniff.PNG), ("TIFF", sniff.TIFF), ("BMP", sniff.BMP), ("GIF", sniff.GIF),
           ("WEBP", sniff.WEBP)]


def fake_ocr(image, page_number, options):
    """Stands in for the engine where a test is about the image handling, not the recognition."""
    return Page(page_number, image.width, image.height, [], source="ocr")


@pytest.mark.parametrize("fmt,media_type", FORMATS)
def test_every_image_format_is_detected_and_decoded(fmt, media_type):
    data = encode(text_image(("HELLO",)), fmt)
    assert sniff.detect_media_type(data) == media_type
    frames = list(iter_frames(data, media_type, ReadOptions()))
    assert len(frames) == 1 and frames[0].size == (900, 110)


def test_a_png_is_read_end_to_end_through_ocr():
    document = documents.read(encode(text_image(("INVOICE 2024-0042", "TOTAL 99.10"), size=36), "PNG"))
    assert document.media_type == sniff.PNG and document.page_count == 1
    page = document.pages[0]
    assert (page.width, page.height) == (900, 60 + 2 * 64)
    assert "INVOICE 2024-0042" in page.text and "99.10" in page.text


def test_a_multi_page_tiff_gives_one_page_per_frame():
    first, second = text_image(("PAGE ONE",)), text_image(("PAGE TWO",), width=600)
    data = encode(first, "TIFF", save_all=True, append_images=[second])
    document = read_image(data, sniff.TIFF, ReadOptions(), recognize=fake_ocr)
    assert [p.number for p in document.pages] == [1, 2]
    assert [p.width for p in document.pages] == [900, 600]


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (300, 100), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees clockwise to display
    (frame,) = iter_frames(encode(image, "JPEG", exif=exif.tobytes()), sniff.JPEG, ReadOptions())
    assert frame.size == (100, 300)


def test_transparent_png_is_flattened_on_white():
    from fieldwise.documents.cleanup import to_rgb

    clear = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert to_rgb(clear).getpixel((5, 5)) == (255, 255, 255)


def test_a_decompression_bomb_is_refused_before_decoding():
    data = encode(Image.new("1", (20_000, 20_000)), "PNG")  # 400 megapixels, a few kilobytes
    with pytest.raises(UnreadableDocument, match="decompression bomb|too large"):
        documents.read(data)
    with pytest.raises(UnreadableDocument, match="limit of 1000"):
        documents.read(encode(text_image(("X",)), "PNG"), options=ReadOptions(max_image_pixels=1000))


def test_a_truncated_image_is_unreadable():
    data = encode(text_image(), "PNG")
    with pytest.raises(UnreadableDocument, match="truncated or damaged"):
        documents.read(data[: len(data) // 2])


def test_garbage_after_an_image_header_is_unreadable():
    with pytest.raises(UnreadableDocument):
        documents.read(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)


def test_an_image_that_lies_about_its_type_is_unreadable():
    with pytest.raises(UnreadableDocument, match="says it is image/png but its content is image/jpeg"):
        documents.read(encode(text_image(), "JPEG"), media_type="image/png")
    with pytest.raises(UnreadableDocument, match="says it is image/jpeg but its content is application/pdf"):
        documents.read(b"%PDF-1.7 not really", media_type="image/jpeg")


def test_a_page_whose_ocr_fails_leaves_a_warning():
    def broken(image, page_number, options):
        raise RuntimeError("engine crashed")

    document = read_image(encode(text_image(), "PNG"), sniff.PNG, ReadOptions(), recognize=broken)
    assert document.page_count == 1 and document.pages[0].blocks == []
    assert document.warnings == ["page 1: OCR failed (RuntimeError: engine crashed)"]


def test_common_aliases_of_a_declared_type_are_accepted(monkeypatch):
    monkeypatch.setattr("fieldwise.documents.ocr.recognize", fake_ocr)
    document = documents.read(encode(text_image(("X",)), "JPEG"), media_type="image/jpg")
    assert document.media_type == sniff.JPEG and document.page_count == 1
    with pytest.raises(UnreadableDocument, match="says it is image/jpeg but its content is image/png"):
        documents.read(encode(text_image(("X",)), "PNG"), media_type="image/jpg; q=1")
