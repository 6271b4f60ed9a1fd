"""PDF -> Document through pypdfium2: the text layer where a page has one, OCR of the rendered page where not.

Pages are opened, read and closed one at a time, so memory stays flat however long the document is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pypdfium2 as pdfium

from fieldwise.documents.layout import build_blocks, merge_same_row
from fieldwise.documents.limits import spend_pages, tick
from fieldwise.documents.model import Document, Page
from fieldwise.documents.ocr import Recognize, SerialPages
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.pdf_text import page_lines
from fieldwise.documents.tables import mark_continued_tables
from fieldwise.errors import UnreadableDocument

if TYPE_CHECKING:
    from PIL import Image

_MIN_TEXT_CHARS = 16  # fewer characters than this on a page: treat it as scanned


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    if not data.lstrip()[:1024].count(b"%PDF-"):
        raise UnreadableDocument("the file is not a PDF (no %PDF- header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise UnreadableDocument("the PDF is encrypted and needs a password") from exc
        raise UnreadableDocument(f"the PDF is damaged and cannot be opened ({exc})") from exc


def count_pages(data: bytes) -> int:
    """The PDF's page count from its page tree, without reading a page; 0 if it cannot be opened."""
    try:
        pdf = open_pdf(data)
    except UnreadableDocument:
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def render(page: pdfium.PdfPage, options: ReadOptions) -> "Image.Image":
    """The page as an RGB image at the OCR resolution, scaled down if that would pass the pixel limit."""
    width, height = page.get_size()
    scale = options.pdf_render_dpi / 72
    pixels = width * scale * height * scale
    if pixels > options.max_image_pixels:
        scale *= 0.995 * (options.max_image_pixels / pixels) ** 0.5  # pdfium rounds the size up
    bitmap = page.render(scale=scale, may_draw_forms=True)
    try:
        return bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()


def read_pdf(data: bytes, media_type: str, options: ReadOptions, recognize: Recognize | None = None) -> Document:
    """Every page of the PDF. Pages without a text layer are OCR'd after the others, through the run's page pool
    when it has one (several at once, jobs.pages) and one by one otherwise; a page whose OCR fails keeps what
    text it has, with a warning."""
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableDocument("the PDF has no pages")
        spend_pages(options, count, "the PDF")
        pages: list[Page] = []
        scanned: list[int] = []  # indexes of the pages to OCR, read as text meanwhile in case OCR fails
        for index in range(count):
            tick(options)  # the run's time limit and its cancellation reach every page
            page = pdf[index]
            try:
                text, enough = _text_page(page, index + 1)
            finally:
                page.close()
            pages.append(text)
            if not enough:
                scanned.append(index)
        warnings: list[str] = []
        if scanned:
            ocr_pages = SerialPages(recognize) if recognize is not None else options.page_pool or SerialPages()
            for index, result in zip(scanned, ocr_pages.map(_rendered(pdf, scanned, options), options)):
                text = pages[index]
                if isinstance(result, Exception):
                    warnings.append(f"page {index + 1}: no text layer and OCR failed "
                                    f"({type(result).__name__}: {result})")
                    continue
                result.width, result.height = text.width, text.height  # boxes are fractions: the same on both
                pages[index] = result
        document = Document(pages=pages, media_type="application/pdf", warnings=warnings)
        mark_continued_tables(document)
        return document
    finally:
        pdf.close()


def _text_page(page: pdfium.PdfPage, number: int) -> tuple[Page, bool]:
    """The page's text layer, and whether it has text enough to stand without OCR."""
    width, height = page.get_size()
    lines, chars = page_lines(page)
    return Page(number, width, height, build_blocks(merge_same_row(lines), width, height)), chars >= _MIN_TEXT_CHARS


def _rendered(pdf: pdfium.PdfDocument, indexes: list[int], options: ReadOptions) -> Iterator[tuple[int, "Image.Image"]]:
    """(page number, cleaned page image) for each index, rendered only when asked for: a pool holds a few at once."""
    from fieldwise.documents.cleanup import prepare

    for index in indexes:
        tick(options)
        page = pdf[index]
        try:
            image = prepare(render(page, options))
        finally:
            page.close()
        yield index + 1, image
