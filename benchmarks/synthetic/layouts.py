"""Where each part of a document goes: one function per layout, each turning Content into drawing operations.

Layouts of the business kinds differ in how the key facts are set: `label: value` lines, label and value in
two columns, a header block at the right, boxes with the label above the value, or a one-row table of labels
over values. Forms are boxes or lines with check boxes; letters are DIN-style (window address, date at right)
or block style."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from benchmarks.synthetic.model import Content, Pair

BUSINESS = ("colon", "columns", "right_header", "boxes", "key_table")
LAYOUTS = {"form": ("boxes", "colon", "columns"), "letter": ("din", "block")}
LEFT, RIGHT = 50.0, 545.0


def layouts_for(kind: str) -> tuple[str, ...]:
    return LAYOUTS.get(kind, BUSINESS)


def width(text: str, size: float = 10, bold: bool = False) -> float:
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size)


def extent(op: "Op") -> tuple[float, float]:
    """Left and right x of a text operation as drawn."""
    w = width(op.text, op.size, op.bold)
    return (op.x - w, op.x) if op.align == "right" else (op.x, op.x + w)


@dataclass
class Op:
    kind: str  # "text", "rect" or "line"
    x: float
    y: float
    text: str = ""
    size: float = 10
    bold: bool = False
    align: str = "left"  # text: left, right
    w: float = 0  # rect width, or line end x
    h: float = 0  # rect height, or line end y


class Sheet:
    """Operations on one page, written top-down by a cursor."""

    def __init__(self, height: float) -> None:
        self.ops: list[Op] = []
        self.y = height - 50

    def text(self, x: float, text: str, size: float = 10, bold: bool = False, align: str = "left",
             y: float | None = None) -> None:
        if text:
            self.ops.append(Op("text", x, self.y if y is None else y, text, size, bold, align))

    def down(self, by: float = 14) -> None:
        self.y -= by

    def rule(self, x1: float = LEFT, x2: float = RIGHT) -> None:
        self.ops.append(Op("line", x1, self.y, w=x2, h=self.y))


def _letterhead(s: Sheet, c: Content, x: float = LEFT, align: str = "left") -> None:
    for i, line in enumerate(c.letterhead):
        s.text(x, line, 13 if i == 0 else 9, bold=i == 0, align=align)
        s.down(15 if i == 0 else 11)


def _title(s: Sheet, c: Content, x: float = LEFT) -> None:
    s.down(10)
    s.text(x, c.title, 16, bold=True)
    s.down(24)


def _parties(s: Sheet, c: Content) -> None:
    for label, lines in c.parties:
        if label:
            s.text(LEFT, label, 8, bold=True)
            s.down(11)
        for line in lines:
            s.text(LEFT, line)
            s.down(12)
        s.down(8)


def _colon(s: Sheet, pairs: list[Pair], x: float = LEFT) -> None:
    for pair in pairs:
        s.text(x, f"{pair.label}: {pair.text}" if pair.label else pair.text)
        s.down()


def _columns(s: Sheet, pairs: list[Pair], x: float = LEFT) -> None:
    gap = max((width(p.label, bold=True) for p in pairs), default=0) + 14
    for pair in pairs:
        s.text(x, pair.label, bold=True)
        s.text(x + gap, pair.text)
        s.down()


def _per_row(pairs: list[Pair], most: int = 3) -> int:
    """As many cells a row as the widest label or value lets fit."""
    widest = max((max(width(p.label, 8, True), width(p.text)) for p in pairs), default=0) + 12
    return max(1, min(most, int((RIGHT - LEFT) // widest)))


def _boxes(s: Sheet, pairs: list[Pair]) -> None:
    per_row = _per_row(pairs)
    cell = (RIGHT - LEFT) / per_row
    for start in range(0, len(pairs), per_row):
        for i, pair in enumerate(pairs[start:start + per_row]):
            x = LEFT + i * cell
            s.ops.append(Op("rect", x, s.y - 20, w=cell - 6, h=30))
            s.text(x + 3, pair.label, 7, y=s.y + 2)
            s.text(x + 3, pair.text, 10, y=s.y - 13)
        s.down(38)


def _key_table(s: Sheet, pairs: list[Pair]) -> None:
    per_row = _per_row(pairs)
    cell = (RIGHT - LEFT) / per_row
    for start in range(0, len(pairs), per_row):
        band = pairs[start:start + per_row]
        for i, pair in enumerate(band):
            s.text(LEFT + i * cell, pair.label, 8, bold=True)
        s.down(4)
        s.rule()
        s.down(12)
        for i, pair in enumerate(band):
            s.text(LEFT + i * cell, pair.text)
        s.down(20)


def _table(s: Sheet, c: Content) -> None:
    table = c.table
    if table is None:
        return
    s.down(8)
    column = [table.headers[0]] + [row[0] for row in table.rows]
    first = max(width(cell, 9, i == 0) for i, cell in enumerate(column))
    xs = [LEFT, 300, 400, RIGHT] if len(table.headers) == 4 else [LEFT, LEFT + first + 15, RIGHT]
    for header, x, numeric in zip(table.headers, xs, table.numeric, strict=True):
        s.text(x, header, 9, bold=True, align="right" if numeric else "left")
    s.down(4)
    s.rule()
    s.down(12)
    for row in table.rows:
        for cell, x, numeric in zip(row, xs, table.numeric, strict=True):
            s.text(x, cell, 9, align="right" if numeric else "left")
        s.down(13)
    s.rule()
    s.down(16)


def _totals(s: Sheet, pairs: list[Pair], colon: bool = False) -> None:
    labels = max((width(p.label, bold=True) for p in pairs), default=0)
    values = max((width(p.text) for p in pairs), default=0)
    x = min(330, RIGHT - labels - values - 16)
    for pair in pairs:
        if colon:
            s.text(RIGHT, f"{pair.label}: {pair.text}" if pair.text else f"{pair.label}:", align="right")
        else:
            s.text(x, pair.label, bold=True)
            s.text(RIGHT, pair.text, align="right")
        s.down(15)


def _checks(s: Sheet, c: Content) -> None:
    for label, ticked in c.checks:
        s.ops.append(Op("rect", LEFT, s.y - 2, w=10, h=10))
        if ticked:
            s.text(LEFT + 1.5, "X", 9, bold=True, y=s.y - 0.5)
        s.text(LEFT + 18, label)
        s.down(18)


def _footer(s: Sheet, c: Content) -> None:
    for line in c.footer:
        s.text(RIGHT, line, 7, align="right", y=30)


def business(c: Content, layout: str, height: float) -> list[Op]:
    s = Sheet(height)
    if layout == "right_header":  # the issuer; then the title and key facts at the right, the parties left
        _letterhead(s, c)
        s.down(12)
        top = s.y
        labels = max((width(p.label, bold=True) for p in c.pairs), default=0)
        values = max((width(p.text) for p in c.pairs), default=0)
        x = max(LEFT, min(310, RIGHT - labels - values - 14))
        s.text(RIGHT, c.title, 16, bold=True, align="right")
        s.down(28)
        _columns(s, c.pairs, x=x)
        below = s.y
        party_width = max((width(line) for _, lines in c.parties for line in lines), default=0)
        s.y = top if LEFT + party_width + 15 < min(x, RIGHT - width(c.title, 16, True)) else below - 10
        _parties(s, c)
        s.y = min(s.y, below) - 10
    else:
        _letterhead(s, c, *((RIGHT, "right") if layout == "boxes" else (LEFT, "left")))
        _title(s, c)
        _parties(s, c)
        {"colon": _colon, "columns": _columns, "boxes": _boxes, "key_table": _key_table}[layout](s, c.pairs)
    _table(s, c)
    _checks(s, c)
    if layout == "boxes" and c.kind == "form":
        _boxes(s, c.totals)
    else:
        _totals(s, c.totals, colon=layout == "colon")
    _footer(s, c)
    return s.ops


def _prose(s: Sheet, c: Content) -> None:
    for paragraph in c.prose:
        for line in simpleSplit(paragraph, "Helvetica", 10, RIGHT - LEFT):
            s.text(LEFT, line)
            s.down(13)
        s.down(9)


def letter(c: Content, layout: str, height: float) -> list[Op]:
    s = Sheet(height)
    dated, reference, subject = c.pairs
    if layout == "din":
        _letterhead(s, c, RIGHT, "right")
        s.down(20)
        s.text(LEFT, " - ".join(c.letterhead), 6)
        s.down(14)
        _parties(s, c)
        s.down(10)
        s.text(RIGHT, dated.text, align="right")
        s.down(16)
        _colon(s, [reference])
    else:
        _letterhead(s, c)
        s.down(16)
        _colon(s, [dated, reference])
        s.down(10)
        _parties(s, c)
    s.down(12)
    s.text(LEFT, f"{subject.label}: {subject.text}" if subject.label else subject.text, 11, bold=True)
    s.down(24)
    _prose(s, c)
    return s.ops


def place(c: Content, layout: str, height: float) -> list[Op]:
    return (letter if c.kind == "letter" else business)(c, layout, height)
