"""Words of a PDF page's text layer, with boxes, at close to the speed of pdfium's own text extraction.

The page text comes out in one call (pdfium's reading order, its line breaks and the spaces it infers between
words); words are the runs between white space, and each word's box is the union of its first and last
characters' font boxes, so a page costs two box look-ups per word instead of one per character. Cutting the
text where pdfium draws its rectangles (the old approach) split words at kerning ("Agr eement") and read the
overlapping neighbour characters twice.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from fieldwise.documents.model import BBox, Line, Word

_WORD = re.compile(r"\S+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# pdfium reports some hyphens as U+FFFE ("non\ufffedisclosure" in a tenth of the dev NDAs); ligatures and soft
# hyphens would keep a word from matching its spelling.
_FIX = str.maketrans({"\ufffe": "-", "\u00ad": "-", "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl",
                      "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def _word_text(raw: str) -> str:
    return raw if raw.isascii() else raw.translate(_FIX)


class PageFrame:
    """Maps PDF user-space points to page fractions (origin top-left), honouring the crop box and /Rotate."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = page.get_rotation() % 360
        self.width = max(self.right - self.left, 1e-6)
        self.height = max(self.top - self.bottom, 1e-6)

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        u0, u1 = (left - self.left) / self.width, (right - self.left) / self.width  # 0..1 left to right
        v0, v1 = (self.top - top) / self.height, (self.top - bottom) / self.height  # 0..1 top to bottom
        if self.rotation == 90:  # shown turned clockwise: the unrotated top edge becomes the right edge
            u0, u1, v0, v1 = 1 - v1, 1 - v0, u0, u1
        elif self.rotation == 180:
            u0, u1, v0, v1 = 1 - u1, 1 - u0, 1 - v1, 1 - v0
        elif self.rotation == 270:
            u0, u1, v0, v1 = v0, v1, 1 - u1, 1 - u0
        return BBox(_clip(u0), _clip(v0), _clip(u1), _clip(v1))


def _clip(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def page_lines(page: pdfium.PdfPage) -> tuple[list[Line], int]:
    """The page's text lines in pdfium's reading order, and how many non-space characters it has."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return [], 0
        text = textpage.get_text_range()
        return _lines(textpage.raw, text, len(text) == count, PageFrame(page))
    finally:
        textpage.close()


def _lines(raw, text: str, same_index: bool, frame: PageFrame) -> tuple[list[Line], int]:
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    to_char = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    upright = frame.rotation == 0  # the common case, mapped inline: this loop runs once per word
    fl, ft, fw, fh = frame.left, frame.top, frame.width, frame.height
    lines: list[Line] = []
    words: list[Word] = []
    chars = 0
    breaks = iter([m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)])
    next_break = next(breaks)
    for match in _WORD.finditer(text):
        start, end = match.span()
        if start > next_break:  # the word starts past a line break: close the line
            if words:
                lines.append(_line(words))
                words = []
            while next_break < start:
                next_break = next(breaks)
        first = start if same_index else to_char(raw, start)
        last = end - 1 if same_index else to_char(raw, end - 1)
        if first < 0 or last < 0 or not get_box(raw, first, rect):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        if last != first and get_box(raw, last, rect):
            left, bottom = min(left, rect.left), min(bottom, rect.bottom)
            right, top = max(right, rect.right), max(top, rect.top)
        chars += end - start
        if upright:
            x0, y0 = (left - fl) / fw, (ft - top) / fh
            x1, y1 = (right - fl) / fw, (ft - bottom) / fh
            if 0.0 <= x0 and x1 <= 1.0 and 0.0 <= y0 and y1 <= 1.0:
                words.append(Word(_word_text(match.group()), BBox(x0, y0, x1, y1)))
                continue
        words.append(Word(_word_text(match.group()), frame.box(left, bottom, right, top)))
    if words:
        lines.append(_line(words))
    return lines, chars


def _line(words: list[Word]) -> Line:
    """A Line with its box computed in one pass (Line's own default walks the words four times)."""
    box = words[0].bbox
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    for word in words:
        box = word.bbox
        if box.y0 < y0:
            y0 = box.y0
        if box.y1 > y1:
            y1 = box.y1
        if box.x0 < x0:
            x0 = box.x0
        if box.x1 > x1:
            x1 = box.x1
    return Line(words, BBox(x0, y0, x1, y1))
