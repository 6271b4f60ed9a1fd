"""The rows under a header, from the words' positions alone (every reader gives words with boxes: PDF text layer,
OCR, and the character grid of DOCX/XLSX/HTML tables).

Words are gathered into visual rows by their vertical centres. Under the header, each visual row's words fall into
three zones: left of the description column (positions, article numbers: never a quantity or an amount), the
description column, and the figures right of it. A row with figures is an item row; the description column's text
of the lines that follow it at the line pitch, up to a note ('Bruttopreis: ...', '• ...') or the next item, is its
description. A row that names a total or a tax and prints a figure ends the table; so does a wide gap."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.index import DocIndex
from itertools import permutations

from fieldwise.extraction.lines.arithmetic import MAX_TOKENS, Figure, check
from fieldwise.extraction.lines.header import Header, settings
from fieldwise.extraction.meaning import concepts
from fieldwise.extraction.normalize import parse_number
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.page_labels import words_of

_FIGURE = re.compile(r"[-−(]?[$€£¥]?\d[\d.,'’\u202f]*\)?[-−]?")
_PERCENT = re.compile(r"[-−]?\d+(?:[.,]\d+)?\s?%")
_NOTE = re.compile(r":|^[•·\-–*]\s")
_SAMPLE = 12  # rows under a header looked at to tell a column of text from one of positions


@dataclass(slots=True)
class VisualRow:
    page: int
    words: list[Word]  # left to right

    @property
    def box(self) -> BBox:
        return BBox.union(w.bbox for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class Zones:
    """Where the description column stands: words starting left of `left` are positions and references; a figure
    reaching past `right` is a table figure, not part of the description. `leading`: a column left of the
    description whose header names a quantity ('Qty  Description  Price  Amount'): its figures count."""
    left: float
    right: float
    leading: BBox | None = None


@dataclass(slots=True)
class ItemRow:
    anchor: VisualRow
    figures: list[Figure]
    percents: list[float]
    description: list[list[Word]] = field(default_factory=list)  # one entry per text line


def figure(word: Word) -> Figure | None:
    text = word.text.strip()
    if not _FIGURE.fullmatch(text) or _PERCENT.fullmatch(text):
        return None
    value = parse_number(text.replace("−", "-"))
    return Figure(float(value), text, word.bbox) if value is not None else None


def visual_rows(index: DocIndex, page: int) -> list[VisualRow]:
    """The page's words in rows: a word joins the row whose centre line it shares (within `row_tolerance` of a
    text height), whatever line or block the reader put it in."""
    tolerance = settings()["grid"]["row_tolerance"]
    words = sorted((w for line in index.page_lines(page) for w in words_of(line)), key=lambda w: w.bbox.cy)
    rows: list[list[Word]] = []
    for word in words:
        last = rows[-1] if rows else None
        if last is not None:
            centre = sum(w.bbox.cy for w in last) / len(last)
            height = max(max(w.bbox.height for w in last), word.bbox.height, 0.003)
            if abs(word.bbox.cy - centre) <= tolerance * height:
                last.append(word)
                continue
        rows.append([word])
    return [VisualRow(page, sorted(r, key=lambda w: w.bbox.x0)) for r in rows]


def zones(header: Header, rows: list[VisualRow], quantity: FieldSpec | None = None) -> Zones:
    """The description column: the one whose header says so, else the first column no child took whose words
    under the header are not all figures (a column of positions is; 'Qty Article Price Amount' puts it second)."""
    columns = list(header.columns)
    described = header.description
    if described is None:
        for at, column in enumerate(columns):
            if column.child is not None:
                continue
            end = columns[at + 1].box.x0 if at + 1 < len(columns) else 1.0
            under = [w for r in rows[:_SAMPLE] for w in r.words if column.box.x0 - 0.01 <= w.bbox.x0 < end]
            if any(figure(w) is None for w in under):
                described = column
                break
        if described is None:
            return Zones(0.0, min((c.box.x0 for c in columns if c.child is not None), default=1.0))
    at = columns.index(described)
    left = (columns[at - 1].box.x1 + described.box.x0) / 2 if at else 0.0
    right = columns[at + 1].box.x0 if at + 1 < len(columns) else 1.0
    leading = next((c.box for c in columns[:at] if c.child is not None and c.child is quantity), None)
    return Zones(left, right, leading)


def _adds_up(figures: list[Figure]) -> bool:
    """Some three of the row's figures make quantity x price = amount."""
    values = [f.value for f in figures[-MAX_TOKENS:]]
    return any(check(a, b, c, [])[0] for a, b, c in permutations(values, 3))


def _ends(row: VisualRow, figures: list[Figure]) -> bool:
    """A row naming a total, a tax or a net sum beside a figure, whose figures do not add up as an item's."""
    ends = set(settings()["table"]["ends"])
    return bool(figures) and bool(set(concepts(row.text)) & ends) and not _adds_up(figures)


def _split(row: VisualRow, where: Zones) -> tuple[list[Word], list[Figure], list[float]]:
    """(description words, table figures, per cents) of one visual row."""
    text: list[Word] = []
    figures: list[Figure] = []
    percents: list[float] = []
    for n, word in enumerate(row.words):
        found = figure(word)
        if found is not None and n + 1 < len(row.words) and row.words[n + 1].text.strip() == "%":
            percents.append(abs(found.value))  # '19 %': a rate printed apart from its sign
        elif found is not None and (word.bbox.x1 > where.right or where.leading is not None and min(
                where.leading.x1, word.bbox.x1) > max(where.leading.x0, word.bbox.x0)):
            figures.append(found)
        elif _PERCENT.fullmatch(word.text.strip()):
            value = parse_number(word.text.replace("%", ""))
            if value is not None:
                percents.append(float(abs(value)))
        elif where.left <= word.bbox.cx and word.bbox.x0 < where.right:
            text.append(word)
    return text, figures, percents


def item_rows(rows: list[VisualRow], where: Zones, least: int) -> tuple[list[ItemRow], bool]:
    """The item rows among `rows` (a page's rows under the header, or a continued page's), and whether the table
    ended on this page. `least`: the fewest figures an item row prints."""
    grid = settings()["grid"]
    items: list[ItemRow] = []
    previous_bottom: float | None = None
    following = True  # the text lines under the last item still carry its description
    last_text: BBox | None = None
    for row in rows:
        box = row.box
        height = max(box.height, 0.003)
        if previous_bottom is not None and box.y0 - previous_bottom > grid["gap"] * height:
            return items, True
        text, figures, percents = _split(row, where)
        if _ends(row, [f for w in row.words if (f := figure(w)) is not None]):  # 'Total: 350.00', anywhere
            return items, True
        previous_bottom = box.y1
        if len(figures) >= least:
            items.append(ItemRow(row, figures, percents, [text] if text else []))
            following, last_text = True, BBox.union(w.bbox for w in text) if text else box
            continue
        if not items or not text:
            continue
        line = " ".join(w.text for w in text)
        pitch = grid["continuation"] * max(last_text.height, 0.003) if last_text else 0.0
        if following and (_NOTE.search(line) or box.y0 - last_text.y0 > pitch):
            following = False
        if following:
            items[-1].description.append(text)
            last_text = BBox.union(w.bbox for w in text)
    return items, False
