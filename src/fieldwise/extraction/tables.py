"""`object` fields: line items under a header (extraction.lines) or, on documents without one (a till receipt),
the lines that end in an amount before the first total."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.lines import extract_rows as header_rows
from fieldwise.extraction.lines.header import find_headers
from fieldwise.extraction.lines.rows import roles
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.result import ExtractedValue, Row
from fieldwise.extraction.schema import FieldSpec

_STOP_ITEMS = re.compile(r"\b(sub\s*total|total|tax|gst|vat|amount\s+due|balance|cash|change|rounding)\b", re.I)
_UNSURE = 40.0  # nothing but the line's shape says these cells are right


def _line_item_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    """Lines that end in an amount, before the first total line: description left, the amount last."""
    rows: list[Row] = []
    played = roles(spec)
    texts = [c for c in spec.nested_fields if c.data_type == "string"]
    for line in index.lines:
        if _STOP_ITEMS.search(line.text):
            if rows:
                break
            continue
        found = find_amounts(line.text)
        amounts = [a for a in found if a.has_cents]
        if not amounts:
            continue
        description = line.text[:found[0].start].strip(" :-x@")
        if not re.search(r"[^\W\d_]{2}", description):
            continue
        row: Row = {c.name: ExtractedValue.missing() for c in spec.nested_fields}
        evidence = line.evidence()
        if texts:
            row[texts[0].name] = ExtractedValue(description, _UNSURE, [evidence])
        child = played.get("amount")
        typed = type_value(amounts[-1].raw, child, day_first) if child is not None else None
        if typed is not None:
            row[child.name] = ExtractedValue(typed.value, _UNSURE, [evidence], typed.unit)
        rows.append(row)
    return rows


def extract_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    """Rows under a header; the lines ending in an amount only when the document prints no header at all (a table
    whose rows cannot be read gives no rows rather than its notes and sub-lines as items)."""
    rows = header_rows(index, spec, day_first)
    if rows or find_headers(index, spec):
        return rows
    return _line_item_rows(index, spec, day_first)
