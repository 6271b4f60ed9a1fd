"""Ground truth checked against a schema, and extracted values graded against it (spec v3 D15). Pure functions.

`fields` are the public fields of one extract node (each with persistent_id, name, data_type, nested_fields).
Ground truth is {persistent_id: value}: a scalar is a string or null, an object field a list of rows keyed by child
persistent_id. Input may name fields by sanitized name instead; they are stored by id.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldwise.errors import ValidationFailed
from fieldwise.workflows.public import sanitize_field_name


class GroundTruthInvalid(ValidationFailed):
    error_code, summary = "GT_INVALID", "Invalid ground truth"


def _by_key(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for spec in fields:
        out[spec["persistent_id"]] = spec
        out.setdefault(sanitize_field_name(spec["name"]), spec)
    return out


def _scalar(value: Any, key: str, errors: list[dict[str, str]]) -> Any:
    if value is not None and not isinstance(value, str):
        errors.append({"key": key, "msg": "a value is a string or null"})
    return value


def check(ground_truth: Any, fields: list[dict[str, Any]]) -> dict[str, Any]:
    """The ground truth keyed by persistent_id, or GroundTruthInvalid listing every problem as {key, msg}."""
    if not isinstance(ground_truth, dict):
        raise GroundTruthInvalid([{"key": "ground_truth", "msg": "an object of field ids (or names) to values"}])
    known = _by_key(fields)
    errors: list[dict[str, str]] = []
    out: dict[str, Any] = {}
    for key, value in ground_truth.items():
        spec = known.get(key)
        if spec is None:
            errors.append({"key": key, "msg": "no field of this extract node has this persistent_id or name"})
            continue
        if spec["persistent_id"] in out:
            errors.append({"key": key, "msg": "the same field is given twice"})
            continue
        if spec.get("data_type") != "object":
            out[spec["persistent_id"]] = _scalar(value, key, errors)
            continue
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            errors.append({"key": key, "msg": "an object field's value is a list of row objects"})
            continue
        children = _by_key(spec.get("nested_fields") or [])
        rows = []
        for index, row in enumerate(value):
            clean = {}
            for child_key, cell in row.items():
                child = children.get(child_key)
                if child is None:
                    errors.append({"key": f"{key}[{index}].{child_key}", "msg": "no such child field"})
                    continue
                clean[child["persistent_id"]] = _scalar(cell, f"{key}[{index}].{child_key}", errors)
            rows.append(clean)
        out[spec["persistent_id"]] = rows
    if errors:
        raise GroundTruthInvalid(errors)
    return out


# --- grading ------------------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalize(value: Any) -> Any:
    """Strings: NFKC, case-folded, white space collapsed, trimmed; numbers compare by value whatever their notation."""
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(sorted(str(normalize(v)) for v in value))
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value)).casefold()).strip()
    if text == "":
        return None
    number = text.replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", number):
        number = number.replace(",", "")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", number) or re.fullmatch(r"[-+]?\d+,\d+", number):
        number = number.replace(".", "").replace(",", ".")
    try:
        return ("number", Decimal(number).normalize())
    except InvalidOperation:
        return text


def _row(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, str(normalize(v))) for k, v in row.items()))


def same(extracted: Any, expected: Any, is_object: bool) -> bool:
    if is_object:
        got = [_row(r) for r in extracted or [] if isinstance(r, dict)]
        want = [_row(r) for r in expected or [] if isinstance(r, dict)]
        return Counter(got) == Counter(want)
    return normalize(extracted) == normalize(expected)


def extracted_values(fields_view: dict[str, Any], fields: list[dict[str, Any]]) -> dict[str, Any]:
    """The v3 results' fields of one extraction (keys sanitized) as {persistent_id: value}, rows by child id."""
    out: dict[str, Any] = {}
    for spec in fields:
        entry = fields_view.get(sanitize_field_name(spec["name"]))
        if spec.get("data_type") == "object":
            children = spec.get("nested_fields") or []
            out[spec["persistent_id"]] = [
                {c["persistent_id"]: (row.get(sanitize_field_name(c["name"])) or {}).get("value") for c in children}
                for row in entry or [] if isinstance(row, dict)]
        else:
            out[spec["persistent_id"]] = entry.get("value") if isinstance(entry, dict) else None
    return out


def grade(extracted: dict[str, Any] | None, expected: dict[str, Any],
          fields: list[dict[str, Any]]) -> dict[str, str]:
    """{persistent_id: matched | mismatched | ungraded} for each top-level field; no extraction: every field with
    ground truth is mismatched."""
    out = {}
    for spec in fields:
        pid = spec["persistent_id"]
        if pid not in expected:
            out[pid] = "ungraded"
        elif extracted is None:
            out[pid] = "mismatched"
        else:
            matched = same(extracted.get(pid), expected[pid], spec.get("data_type") == "object")
            out[pid] = "matched" if matched else "mismatched"
    return out
