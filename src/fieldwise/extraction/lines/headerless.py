"""Tables whose header the lexicon cannot read ('Stückzahl  Tarif  Zeilensumme'), found from their figures: rows
where two figures multiply to a third printed right of them, one under the other with that product in one
column, are a table's item rows. The columns they give become a header (with no words), so the rows are read by
the same grid and arithmetic as under a printed header.

A run must hold one row whose factors are neither 0 nor 1 (1 x 7.00 = 7.00 is too easily three figures by
chance). Which factor is the quantity: the column whose figures are printed without decimals more often (prices carry
cents); on a tie, the left one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from fieldwise.documents.model import BBox
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.lines.arithmetic import MAX_TOKENS, Figure, Reading, check
from fieldwise.extraction.lines.grid import ItemRow, VisualRow, figure, visual_rows
from fieldwise.extraction.lines.header import Column, Header
from fieldwise.extraction.schema import FieldSpec

_RATE = re.compile(r"(\d+(?:[.,]\d+)?)\s?%")  # a discount the row states
_SAME_COLUMN = 0.03  # right edges of one column's figures differ by less than this share of the page width


@dataclass(frozen=True, slots=True)
class _Anchor:
    row: VisualRow
    left: Figure
    right: Figure
    product: Figure


def _anchor(row: VisualRow) -> _Anchor | None:
    """The row's two figures whose product (less a discount the row states in per cent) is printed right of both,
    the rightmost such product first."""
    figures = [f for w in row.words if (f := figure(w)) is not None][-MAX_TOKENS:]
    percents = [float(m.group(1).replace(",", ".")) for w in row.words if (m := _RATE.fullmatch(w.text))]
    for product in reversed(figures):
        before = [f for f in figures if f.box.x1 < product.box.x0]
        for a, b in combinations(before, 2):
            if product.value and check(a.value, b.value, product.value, percents)[0]:
                return _Anchor(row, a, b, product)
    return None


def _telling(anchor: _Anchor) -> bool:
    """2 x 400.00 = 800.00 tells a row's columns; 1 x 1.00 = 1.00 could be any three figures."""
    return all(f.value not in (0, 1) for f in (anchor.left, anchor.right))


def _whole(figures: list[Figure]) -> int:
    return sum("." not in f.text and "," not in f.text for f in figures)


def _header(run: list[_Anchor], played: dict[str, FieldSpec]) -> Header:
    lefts, rights = [a.left for a in run], [a.right for a in run]
    quantity, price = (lefts, rights) if _whole(lefts) >= _whole(rights) else (rights, lefts)
    boxes = {"quantity": quantity, "unit_price": price, "amount": [a.product for a in run]}
    columns = [Column(played[role], BBox.union(f.box for f in found), 0.0)
               for role, found in boxes.items() if role in played]
    taken = {id(f) for found in boxes.values() for f in found}
    first = min(c.box.x0 for c in columns)
    text = [w for a in run for w in a.row.words if w.bbox.x1 <= first and figure(w) is None]
    positions = [a.row.words[0] for a in run if a.row.words and figure(a.row.words[0]) is not None
                 and id(figure(a.row.words[0])) not in taken and a.row.words[0].bbox.x1 <= first]
    if len(positions) == len(run):
        columns.append(Column(None, BBox.union(w.bbox for w in positions), 0.0))
        text = [w for w in text if w.bbox.x0 > max(p.bbox.x1 for p in positions)]
    if text:
        columns.append(Column(None, BBox.union(w.bbox for w in text), 0.0))
    top = run[0].row.box.y0
    return Header(run[0].row.page, top - 0.002, top - 0.001, tuple(sorted(columns, key=lambda c: c.box.x0)))


def arithmetic_headers(index: DocIndex, played: dict[str, FieldSpec]) -> list[Header]:
    """A header per run of rows that add up, in reading order (`played` holds all three roles)."""
    out: list[Header] = []
    runs: list[list[_Anchor]] = []
    for page in index.document.pages:
        run: list[_Anchor] = []
        for row in visual_rows(index, page.number):
            found = _anchor(row)
            if found is None:
                continue
            if run and abs(found.product.box.x1 - run[-1].product.box.x1) > _SAME_COLUMN:
                out.append(_header(run, played))
                runs.append(run)
                run = []
            run.append(found)
        if run:
            out.append(_header(run, played))
            runs.append(run)
    return [h for h, run in zip(out, runs) if any(_telling(a) for a in run)]


def ragged_rows(index: DocIndex) -> list[tuple[ItemRow, Reading]]:
    """Rows that add up where nothing lines up in columns (plain text, single spaces): each such row alone, its
    words before the figures its description, a leading figure the arithmetic did not use its position."""
    found = [a for page in index.document.pages for row in visual_rows(index, page.number)
             if (a := _anchor(row)) is not None]
    if not any(_telling(a) for a in found):
        return []
    out = []
    for anchor in found:
        first = min(anchor.left.box.x0, anchor.right.box.x0)
        words = [w for w in anchor.row.words if w.bbox.x1 <= first]
        if words and figure(words[0]) is not None:
            words = words[1:]
        if not words:
            continue
        quantity, price = sorted((anchor.left, anchor.right), key=lambda f: "." in f.text or "," in f.text)
        out.append((ItemRow(anchor.row, [quantity, price, anchor.product], [], [words]),
                    Reading(quantity, price, anchor.product, True, None)))
    return out
