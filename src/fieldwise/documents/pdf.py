"""PDF text layer through pypdfium2. Pages without a usable text layer are handed to OCR."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium

from fieldwise.documents.layout import group_blocks, group_lines
from fieldwise.documents.model import BBox, Document, Page, Word
from fieldwise.documents.options import ReadOptions
from fieldwise.errors import UnreadableDocument

OcrPage = Callable[[pdfium.PdfPage, int, ReadOptions], Page]

_MIN_TEXT_CHARS = 16  # fewer characters than this on a page: treat it as scanned


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableDocument("the PDF is encrypted and needs a password") from exc
        raise UnreadableDocument(f"the PDF is damaged and cannot be opened ({exc})") from exc


def _page_words(page: pdfium.PdfPage) -> tuple[list[Word], int]:
    width, height = page.get_size()
    textpage = page.get_textpage()
    words: list[Word] = []
    chars = 0
    try:
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            tokens = text.split()
            if not tokens:
                continue
            chars += sum(len(t) for t in tokens)
            # Split the run's box among its words in proportion to their characters (spaces included).
            span = max(len(" ".join(tokens)), 1)
            run_width = right - left
            offset = 0
            for token in tokens:
                x0 = left + run_width * offset / span
                x1 = left + run_width * (offset + len(token)) / span
                words.append(Word(token, BBox(x0 / width, 1 - top / height, x1 / width, 1 - bottom / height)))
                offset += len(token) + 1
    finally:
        textpage.close()
    return words, chars


def read_pdf(data: bytes, media_type: str, options: ReadOptions, ocr_page: OcrPage | None = None) -> Document:
    pdf = open_pdf(data)
    try:
        if len(pdf) == 0:
            raise UnreadableDocument("the PDF has no pages")
        if len(pdf) > options.max_pages:
            raise UnreadableDocument(f"the PDF has {len(pdf)} pages; the limit is {options.max_pages}")
        pages: list[Page] = []
        warnings: list[str] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                words, chars = _page_words(page)
                if chars < _MIN_TEXT_CHARS and ocr_page is not None:
                    try:
                        pages.append(ocr_page(page, index + 1, options))
                        continue
                    except Exception as exc:  # one page failing OCR leaves the others readable
                        warnings.append(f"page {index + 1}: OCR failed ({exc})")
                lines = group_lines(words)
                pages.append(Page(index + 1, width, height, group_blocks(lines), source="text"))
            finally:
                page.close()
        return Document(pages=pages, media_type="application/pdf", warnings=warnings)
    finally:
        pdf.close()
