"""`object` fields: line items under a header (extraction.lines) or, on documents without one (a till receipt),
the lines that end in an amount before the first total."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.lines import extract_rows as header_rows
from fieldwise.extraction.lines.header import find_headers, settings
from fieldwise.extraction.lines.rows import roles
from fieldwise.extraction.lines.grid import figure
from fieldwise.extraction.meaning import concepts
from fieldwise.extraction.page_labels import words_of
from fieldwise.extraction.result import ExtractedValue, Row
from fieldwise.extraction.schema import FieldSpec

_CENTS = re.compile(r"[.,]\d{2}\)?$")
_UNSURE = 40.0  # nothing but the line's shape says these cells are right


def _line_item_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    """Lines that end in an amount with cents, before the first line naming a total, tax or net sum in any language
    (data/lines.toml): the words before the line's first
    figure are the description, its last figure the amount. Figures are read word by word, so 'Oak desk 2 400.00
    800.00' is never the amount 2400.00."""
    rows: list[Row] = []
    played = roles(spec)
    ends = set(settings()["table"]["ends"])
    texts = [c for c in spec.nested_fields if c.data_type == "string"]
    for line in index.lines:
        if set(concepts(line.text)) & ends:
            if rows:
                break
            continue
        words = words_of(line)
        figures = [(n, f) for n, w in enumerate(words) if (f := figure(w)) is not None]
        if not figures or not _CENTS.search(figures[-1][1].text):
            continue
        description = " ".join(w.text for w in words[:figures[0][0]]).strip(" :-x@")
        if not re.search(r"[^\W\d_]{2}", description):
            continue
        row: Row = {c.name: ExtractedValue.missing() for c in spec.nested_fields}
        evidence = line.evidence()
        if texts:
            row[texts[0].name] = ExtractedValue(description, _UNSURE, [evidence])
        child = played.get("amount")
        typed = type_value(figures[-1][1].text, child, day_first) if child is not None else None
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
