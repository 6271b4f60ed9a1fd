"""Images (JPEG, PNG, TIFF with several pages, BMP, GIF, WebP) -> Document through OCR, one page per frame.

Guards: the pixel count is checked from the header before any pixel is decoded (decompression bombs), the bytes
must be the format the caller says they are, and a truncated or corrupt file is reported, never decoded half-way.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Iterator

from fieldwise.documents import sniff
from fieldwise.documents.limits import spend_pages, tick
from fieldwise.documents.model import Document, Page
from fieldwise.documents.ocr import Recognize
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.tables import mark_continued_tables
from fieldwise.errors import UnreadableDocument

if TYPE_CHECKING:
    from PIL import Image

_PIL_FORMATS = {
    "JPEG": sniff.JPEG, "MPO": sniff.JPEG, "PNG": sniff.PNG, "TIFF": sniff.TIFF, "BMP": sniff.BMP, "DIB": sniff.BMP,
    "GIF": sniff.GIF, "WEBP": sniff.WEBP,
}
_MULTI_PAGE = {sniff.TIFF}  # animated GIF/WebP frames are animation, not pages: only the first is read

def _open(data: bytes, media_type: str, options: ReadOptions):
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit applies below
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise UnreadableDocument(f"the image is too large to process safely ({exc})") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UnreadableDocument(f"the image is damaged or not an image ({exc})") from exc
    actual = _PIL_FORMATS.get(image.format or "")
    if actual is None:
        raise UnreadableDocument(f"the image format {image.format} is not supported")
    if media_type in sniff.IMAGE_TYPES and actual != media_type:
        raise UnreadableDocument(f"the file says it is {media_type} but its content is {actual}")
    return image


def _check_size(width: int, height: int, options: ReadOptions) -> None:
    if width <= 0 or height <= 0:
        raise UnreadableDocument("the image has no pixels")
    if width * height > options.max_image_pixels:
        raise UnreadableDocument(
            f"the image has {width} x {height} pixels, more than the limit of {options.max_image_pixels}; "
            "it may be a decompression bomb"
        )


def iter_frames(data: bytes, media_type: str, options: ReadOptions) -> Iterator["Image.Image"]:
    """Each page of the image, decoded, upright (EXIF orientation applied) and checked against the limits."""
    from PIL import Image, ImageOps

    image = _open(data, media_type, options)
    with image:
        count = getattr(image, "n_frames", 1) if _PIL_FORMATS[image.format] in _MULTI_PAGE else 1
        spend_pages(options, count, "the image")
        for index in range(count):
            tick(options)
            try:
                image.seek(index)
                _check_size(image.width, image.height, options)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    image.load()
                    frame = ImageOps.exif_transpose(image)
            except UnreadableDocument:
                raise
            except Image.DecompressionBombError as exc:
                raise UnreadableDocument(f"the image is too large to process safely ({exc})") from exc
            except (OSError, ValueError, SyntaxError, EOFError) as exc:
                raise UnreadableDocument(f"the image is truncated or damaged ({exc})") from exc
            yield frame


def read_image(data: bytes, media_type: str, options: ReadOptions, recognize: Recognize | None = None) -> Document:
    """OCR every page of the image. A page whose OCR fails is left empty with a warning."""
    from fieldwise.documents.cleanup import prepare

    if recognize is None:
        from fieldwise.documents.ocr import recognize as default_recognize
        recognize = default_recognize
    pages: list[Page] = []
    warnings_: list[str] = []
    for number, frame in enumerate(iter_frames(data, media_type, options), start=1):
        width, height = frame.size
        try:
            page = recognize(prepare(frame), number, options)
            page.width, page.height = float(width), float(height)  # boxes are fractions: valid at any scale
        except Exception as exc:  # one page failing OCR leaves the others readable
            warnings_.append(f"page {number}: OCR failed ({type(exc).__name__}: {exc})")
            page = Page(number, float(width), float(height), [], source="ocr")
        pages.append(page)
    document = Document(pages=pages, media_type=media_type, warnings=warnings_)
    mark_continued_tables(document)
    return document
