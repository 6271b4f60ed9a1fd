"""Reviewed values, checked against the field's data_type (spec section 6) and put in their canonical form.

A reviewer's correction must be a value the field could have had: an integer field takes 12 or "12" but not
"twelve", a date field takes "2024-03-15", an enum field one of its option names. `None` clears a value.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec

_INTEGER = re.compile(r"^[+-]?\d+$")


def _fail(spec: FieldSpec, message: str) -> ValidationFailed:
    return ValidationFailed({"value": [f"{spec.name} ({spec.data_type}): {message}"]},
                            summary="Invalid value for the field")


def _number(spec: FieldSpec, value: Any) -> float:
    if isinstance(value, bool):
        raise _fail(spec, "expected a number, got a boolean")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            raise _fail(spec, f"{value!r} is not a number") from None
    else:
        raise _fail(spec, "expected a number")
    if not math.isfinite(number):
        raise _fail(spec, "expected a finite number")
    return number


def _integer(spec: FieldSpec, value: Any) -> int:
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _number(spec, value)
    if not number.is_integer():
        raise _fail(spec, f"{value!r} is not a whole number")
    return int(number)


def _options(spec: FieldSpec) -> list[str]:
    return [option.name for option in spec.enum_options]


def _choice(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, str) or value not in _options(spec):
        raise _fail(spec, f"expected one of {', '.join(_options(spec))}")
    return value


def check(spec: FieldSpec, value: Any) -> Any:
    """The canonical form of `value` for `spec`, or ValidationFailed (a 400 VALIDATION_ERROR) naming why."""
    if value is None:
        return None
    kind = spec.data_type
    if kind == "string":
        if not isinstance(value, str):
            raise _fail(spec, "expected a string")
        return value
    if kind == "integer":
        return _integer(spec, value)
    if kind == "float":
        return _number(spec, value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _fail(spec, "expected true or false")
        return value
    if kind == "date":
        if not isinstance(value, str) or len(value) != 10:
            raise _fail(spec, "expected a date as YYYY-MM-DD")
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise _fail(spec, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "datetime":
        if not isinstance(value, str):
            raise _fail(spec, "expected an ISO 8601 date and time")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _fail(spec, f"{value!r} is not an ISO 8601 date and time") from None
        return value
    if kind == "enum":
        return _choice(spec, value)
    if kind == "multi_select":
        if not isinstance(value, list):
            raise _fail(spec, "expected a list of option names")
        chosen = [_choice(spec, item) for item in value]
        return list(dict.fromkeys(chosen))
    if kind == "list":
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise _fail(spec, "expected a list of plain values")
        return value
    raise _fail(spec, "an object field is corrected cell by cell: field/row/child")

