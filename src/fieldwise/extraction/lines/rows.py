"""An `object` field's rows: the header (header.py), the item rows under it on its page and the pages it runs
onto (grid.py), each row's figures read by their arithmetic (arithmetic.py), each cell given its evidence
(features.py) and its confidence (confidence.py). A row whose arithmetic fails says so in its cells' `validation`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.lines.arithmetic import Figure, Reading, read_row, sums_to
from fieldwise.extraction.lines.confidence import confidence
from fieldwise.extraction.lines.features import CellFeatures
from fieldwise.extraction.lines.grid import ItemRow, VisualRow, Zones, figure, item_rows, visual_rows, zones
from fieldwise.extraction.lines.header import Header, find_headers, role_of, settings
from fieldwise.extraction.lines.headerless import arithmetic_headers, ragged_rows
from fieldwise.extraction.result import Evidence, ExtractedValue, Row
from fieldwise.extraction.schema import FieldSpec

_NUMERIC = ("integer", "float")
_REPEATED = 0.05  # a header repeated on a later page stands within this share of the page width of the first
_AFTER = 8  # visual rows after a table searched for the total its amounts add up to


@dataclass(slots=True)
class Cell:
    value: object
    evidence: Evidence
    features: CellFeatures
    unit: str | None = None


@dataclass(slots=True)
class Item:
    cells: dict[str, Cell]
    reading: Reading
    validation: str | None  # why the row's arithmetic fails, None when it holds or cannot be checked


def roles(spec: FieldSpec) -> dict[str, FieldSpec]:
    """role -> the numeric child that plays it (quantity, unit_price, amount), each role once."""
    out: dict[str, FieldSpec] = {}
    for child in spec.nested_fields:
        if child.data_type in _NUMERIC:
            role = role_of(child)
            if role is not None and role not in out:
                out[role] = child
    return out


def _same_table(first: Header, later: Header) -> bool:
    """`later` repeats `first` on a following page: the same children named, each column where it was."""
    named = {id(c.child): c.box.cx for c in first.columns if c.child is not None}
    again = {id(c.child): c.box.cx for c in later.columns if c.child is not None}
    return later.page > first.page and named.keys() == again.keys() and all(
        abs(named[k] - again[k]) <= _REPEATED for k in named)


def _table(index: DocIndex, header: Header, least: int, pages: list[int], repeated: set[int],
           quantity: FieldSpec | None) -> tuple[list[ItemRow], list[VisualRow], Zones | None]:
    """Item rows under `header`, carried over onto the following pages until the table ends or a page repeats
    the header (`repeated`: those pages, read from their own header); and the visual rows after its end (where
    its total is printed)."""
    where = None
    items: list[ItemRow] = []
    for page in pages[pages.index(header.page):]:
        if page in repeated:
            return items, [], where
        rows = visual_rows(index, page)
        if page == header.page:
            rows = [r for r in rows if r.box.cy > header.bottom]
        where = where or zones(header, rows, quantity)
        found, ended = item_rows(rows, where, least)
        items += found
        if len(items) >= settings()["table"]["max_rows"]:
            return items[:settings()["table"]["max_rows"]], [], where
        if ended:
            last = found[-1].anchor.box.y1 if found else header.bottom
            return items, [r for r in rows if r.box.cy > last][:_AFTER], where
    return items, [], where


def _printed(after: list[VisualRow]) -> list[float]:
    return [f.value for row in after for w in row.words if (f := figure(w)) is not None]


def _text_cell(child: FieldSpec, lines: list[list[Word]], page: int, day_first: bool) -> tuple[object, Evidence] | None:
    words = [w for line in lines for w in line]
    text = " ".join(w.text for w in words)
    typed = type_value(text, child, day_first) if text.strip() else None
    if typed is None or typed.value in (None, "", []):
        return None
    return typed.value, Evidence(text, page, BBox.union(w.bbox for w in words))


def _reading(words: list[Word]) -> float:
    found = [w.confidence for w in words if w.confidence is not None]
    return sum(found) / len(found) if found else 1.0


def read_items(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Item]:
    """The rows of the first header that gives any, each cell with its evidence and features."""
    played = roles(spec)
    wanted = {role: child.data_type == "integer" for role, child in played.items()}
    pages = [p.number for p in index.document.pages]
    # A header naming two children or more; else one naming one, read only when every row it gives adds up.
    for strict, named in ((False, 2), (True, 1)):
        found = _read_under(index, spec, played, wanted, pages, find_headers(index, spec, named), strict, day_first)
        if found:
            return found
    if not {"quantity", "unit_price", "amount"} <= played.keys():
        return []
    # No header read: the rows that add up give the columns; where they do not line up (plain text), each alone.
    ragged = ragged_rows(index)
    found = _read_under(index, spec, played, wanted, pages, arithmetic_headers(index, played), True, day_first)
    if found and len(found) >= len(ragged):
        return found
    return _items(ragged, Header(0, 0.0, 0.0, ()), played, spec, [], day_first) if ragged else []


def _read_under(index: DocIndex, spec: FieldSpec, played: dict[str, FieldSpec], wanted: dict[str, bool],
                pages: list[int], headers: list[Header], strict: bool, day_first: bool) -> list[Item]:
    for number, header in enumerate(headers):
        named_columns = sum(header.of(child) is not None for child in played.values())
        least = min(2, len(played)) if named_columns >= 2 else 1
        again = [h for h in headers[number + 1:] if _same_table(header, h)]
        repeated = {h.page for h in again}
        found, after, where = _table(index, header, least, pages, repeated, played.get("quantity"))
        for later in again:  # the table's rows under its header repeated over the following pages
            more, after, _ = _table(index, later, least, pages, repeated - {later.page}, played.get("quantity"))
            found += more
        # A figure's header stands right of the description ('Zeile', 'Pos.' name positions, not amounts), but
        # for a quantity's, which may lead the row.
        columns = {role: (c.box if (c := header.of(child)) is not None and where is not None
                          and (c.box.x1 > where.left or role == "quantity") else None)
                   for role, child in played.items()}
        readings = [read_row(r.figures, columns, wanted, r.percents) for r in found]
        kept = [(r, g) for r, g in zip(found, readings) if g.holds or (r.description and any(
            getattr(g, role) is not None for role in played))]
        if strict and not all(g.holds and r.description for r, g in kept):
            continue
        if kept:
            return _items(kept, header, played, spec, _printed(after), day_first)
    return []


def _items(kept: list[tuple[ItemRow, Reading]], header: Header, played: dict[str, FieldSpec], spec: FieldSpec,
           printed: list[float], day_first: bool) -> list[Item]:
    total = sums_to([g.amount.value for _, g in kept if g.amount is not None], printed)
    where = Counter((role, round(getattr(g, role).box.x1, 2)) for _, g in kept for role in played
                    if getattr(g, role) is not None)
    text_children = [c for c in spec.nested_fields if c.data_type not in _NUMERIC]
    out: list[Item] = []
    for row, reading in kept:
        arithmetic = 0.5 if reading.holds is None else float(reading.holds)
        checked = float(reading.holds is not None)
        cells: dict[str, Cell] = {}
        page = row.anchor.page
        for role, child in played.items():
            found: Figure | None = getattr(reading, role)
            if found is None:
                continue
            typed = type_value(found.text, child, day_first)
            if typed is None:
                continue
            column = header.of(child)
            aligned = float(column is not None and min(column.box.x1, found.box.x1) > max(column.box.x0, found.box.x0))
            share = where[(role, round(found.box.x1, 2))] / len(kept)
            words = [w for w in row.anchor.words if w.bbox == found.box]
            cells[child.name] = Cell(typed.value, Evidence(found.text, page, found.box), CellFeatures(
                arithmetic, checked, column.match if column else 0.0, aligned, float(total and role == "amount"),
                _reading(words), 0.0, 1.0, share), typed.unit)
        for child in text_children[:1]:
            made = _text_cell(child, row.description, page, day_first)
            if made is None:
                continue
            column = header.of(child)
            words = [w for line in row.description for w in line]
            cells[child.name] = Cell(made[0], made[1], CellFeatures(
                arithmetic, checked, column.match if column else 0.0, float(column is not None), float(total),
                _reading(words), 1.0, float(len(row.description)), 1.0))
        validation = None
        if reading.holds is False:
            q, p, a = reading.quantity, reading.unit_price, reading.amount
            validation = f"{q.text} x {p.text} is not {a.text}"
        out.append(Item(cells, reading, validation))
    return out


def extract_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    """The engine's answer: one row per item, every child present (missing: null at confidence 0)."""
    rows: list[Row] = []
    ceiling = settings()["review"]["failed_check"]
    for item in read_items(index, spec, day_first):
        row: Row = {child.name: ExtractedValue.missing() for child in spec.nested_fields}
        for name, cell in item.cells.items():
            trust = confidence(cell.features)
            row[name] = ExtractedValue(cell.value, min(trust, ceiling) if item.validation else trust, [cell.evidence],
                                       cell.unit, validation=item.validation)
        rows.append(row)
    return rows
