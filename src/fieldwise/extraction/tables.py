"""`object` fields: one row per table row (or per line item), one ExtractedValue per cell of a nested field."""

from __future__ import annotations

import re

from fieldwise.documents.model import BBox
from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.labels import find_label
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.result import Evidence, ExtractedValue, Row
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.vocab import read_intent
from fieldwise.extraction.columns import header_rows

_STOP_ITEMS = re.compile(r"\b(sub\s*total|total|tax|gst|vat|amount\s+due|balance|cash|change|rounding)\b", re.I)
_QUANTITY = re.compile(r"\b(qty|quantity|count|units?|pcs|number of)\b", re.I)
_AMOUNT_WORDS = re.compile(r"\b(amount|total|price|cost|value|sum|subtotal|line)\b", re.I)


def _cell(value: object, text: str, page: int, bbox: BBox | None, confidence: float) -> ExtractedValue:
    return ExtractedValue(value=value, confidence=confidence, evidence=[Evidence(text, page, bbox)])


def _table_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    rows: list[Row] = []
    intents = [read_intent(child) for child in spec.nested_fields]
    for page in index.document.pages:
        for block in page.blocks:
            if block.type != "table" or not block.rows or len(block.rows) < 2:
                continue
            header = block.rows[0]
            columns: dict[str, int] = {}
            for intent in intents:
                for number, cell in enumerate(header):
                    if number not in columns.values() and find_label(cell.text, intent.labels):
                        columns[intent.spec.name] = number
                        break
            if not columns:
                continue
            for cells in block.rows[1:]:
                row: Row = {}
                for intent in intents:
                    number = columns.get(intent.spec.name)
                    cell = cells[number] if number is not None and number < len(cells) else None
                    typed = type_value(cell.text, intent.spec, day_first) if cell is not None else None
                    if typed is None or cell is None:
                        row[intent.spec.name] = ExtractedValue.missing()
                    else:
                        row[intent.spec.name] = _cell(typed.value, cell.text, page.number, cell.bbox, 80.0)
                if any(v.value is not None for v in row.values()):
                    rows.append(row)
    return rows


def _line_item_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    """Lines that end in an amount, before the first total line: description left, numbers right."""
    rows: list[Row] = []
    numeric = [c for c in spec.nested_fields if c.data_type in ("integer", "float")]
    texts = [c for c in spec.nested_fields if c.data_type == "string"]
    for line in index.lines:
        if _STOP_ITEMS.search(line.text):
            if rows:
                break
            continue
        amounts = [a for a in find_amounts(line.text) if a.has_cents]
        if not amounts:
            continue
        description = line.text[:find_amounts(line.text)[0].start].strip(" :-x@")
        if not re.search(r"[A-Za-z]{2}", description):
            continue
        row: Row = {c.name: ExtractedValue.missing() for c in spec.nested_fields}
        evidence = line.evidence()
        if texts:
            row[texts[0].name] = ExtractedValue(description, 55.0, [evidence])
        leading = [a for a in find_amounts(line.text) if not a.has_cents]
        for child in numeric:
            said = f"{child.name} {child.description}"
            if _QUANTITY.search(said) and leading:
                row[child.name] = ExtractedValue(int(leading[0].amount), 45.0, [evidence])
            elif _AMOUNT_WORDS.search(said) or child is numeric[-1]:
                typed = type_value(amounts[-1].raw, child, day_first)
                if typed is not None:
                    row[child.name] = ExtractedValue(typed.value, 55.0, [evidence], typed.unit)
        rows.append(row)
    return rows


def extract_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    return (_table_rows(index, spec, day_first) or header_rows(index, spec, day_first)
            or _line_item_rows(index, spec, day_first))
