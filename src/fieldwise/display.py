"""How an extracted value reads to a person in a table or a spreadsheet cell.

A number is written with as many decimals as the document printed it with ("71.00" stays "71.00", a quantity
"38" stays "38", never "38.0"), found by reading the evidence's numbers; with no evidence to go by, a whole
number loses its ".0". Pure functions of a wire field `{value, confidence, evidence}`: the API's exports and the
command line's tables share them. Imports nothing of fieldwise, so the client stays light."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

# A number as documents print it: digits with optional thousands groups (",", ".", space, apostrophe) and an
# optional decimal part after "." or ",".
_NUMBER = re.compile(r"-?\d{1,3}(?:[,. '\u00a0\u202f]\d{3})+(?:[.,]\d+)?|-?\d+(?:[.,]\d+)?")
_GROUPING = re.compile("[ '\u00a0\u202f]")


def _readings(token: str) -> list[tuple[Decimal, int]]:
    """The values a printed number can stand for, each with its count of decimals: "1.250,00" is 1250.00 with
    "," as the decimal mark, "1.250" is 1250 or 1.250."""
    out = []
    for mark, other in ((".", ","), (",", ".")):
        body = _GROUPING.sub("", token).replace(other, "")
        whole, _, decimals = body.partition(mark)
        if mark in decimals:  # the mark came twice: here it separates thousands
            continue
        try:
            out.append((Decimal(f"{whole or 0}.{decimals}" if decimals else whole), len(decimals)))
        except InvalidOperation:
            continue
    return out


def printed_decimals(value: float, evidence: list[dict[str, Any]] | None) -> int | None:
    """How many decimals the document printed `value` with, from the first evidence text that shows it."""
    target = Decimal(str(value))
    for item in evidence or []:
        for token in _NUMBER.findall(str(item.get("text") or "")):
            for reading, decimals in _readings(token):
                if reading == target:
                    return decimals
    return None


def number_text(value: float | int, evidence: list[dict[str, Any]] | None = None) -> str:
    """`value` as the document reads: its printed decimals, else without a trailing ".0"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    decimals = printed_decimals(float(value), evidence)
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(float(value))


def value_text(field: Any) -> Any:
    """The cell of one wire field: a number as the document reads, text as is, lists and rows as JSON, None
    for no value."""
    if not isinstance(field, dict):
        return field
    value = field.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, field.get("evidence"))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def confidence_of(found: Any) -> int | None:
    """A field's confidence (0-100); for table rows, the least sure cell's; None when there is nothing."""
    if isinstance(found, dict):
        confidence = found.get("confidence")
        return round(confidence) if isinstance(confidence, (int, float)) else None
    if isinstance(found, list):
        cells = [confidence_of(cell) for row in found if isinstance(row, dict) for cell in row.values()]
        known = [c for c in cells if c is not None]
        return min(known) if known else None
    return None
