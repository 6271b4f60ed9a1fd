"""A reviewer's change to a stored extraction (the form of fieldwise.extraction.wire), as pure functions.

A field is named by a path: `total`, or `line_items/0/amount` for one cell of an `object` field's rows
(`line_items.0.amount` is accepted too). A correction is kept beside the engine's value as `value_override`
and marks the field `verified`; verifying keeps the engine's value and marks it `verified`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.extraction import values, wire
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.wire import EMPTY


@dataclass(frozen=True, slots=True)
class FieldPath:
    spec: FieldSpec  # the field whose value is reviewed (the child, for an object cell)
    name: str
    row: int | None = None
    child: str | None = None

    def __str__(self) -> str:
        return self.name if self.row is None else f"{self.name}/{self.row}/{self.child}"


@dataclass(frozen=True, slots=True)
class Change:
    action: str  # correct | verify | unverify
    old_value: Any
    new_value: Any


def _split(path: str, names: set[str]) -> list[str]:
    path = path.strip("/")
    if path in names:
        return [path]
    parts = path.split("/")
    if len(parts) == 1 and path.count(".") == 2:
        parts = path.split(".")
    return parts


def resolve(fields: list[FieldSpec], path: str) -> FieldPath:
    """The field a path names, or NotFound / ValidationFailed saying what is wrong with it."""
    by_name = {spec.name: spec for spec in fields}
    parts = _split(path, set(by_name))
    spec = by_name.get(parts[0])
    if spec is None:
        raise NotFound(f"No field {parts[0]!r} in this collection's workflow")
    if spec.data_type != "object":
        if len(parts) != 1:
            raise ValidationFailed({"path": [f"{spec.name} is not an object field; name it alone"]})
        return FieldPath(spec, spec.name)
    if len(parts) != 3 or not parts[1].isdigit():
        raise ValidationFailed({"path": [f"{spec.name} is an object field: name a cell as {spec.name}/<row>/<child>"]})
    children = {child.name: child for child in spec.nested_fields}
    if parts[2] not in children:
        raise NotFound(f"No child {parts[2]!r} in object field {spec.name!r}")
    return FieldPath(children[parts[2]], spec.name, int(parts[1]), parts[2])


def entry(stored: dict[str, Any], where: FieldPath) -> dict[str, Any] | None:
    """The stored entry a path names (None when the engine found nothing for it)."""
    found = stored.get(where.name)
    if where.row is None:
        return found if isinstance(found, dict) else None
    rows = found if isinstance(found, list) else []
    if where.row >= len(rows):
        raise NotFound(f"{where.name} has {len(rows)} row(s); there is no row {where.row}")
    cell = rows[where.row].get(where.child)
    return cell if isinstance(cell, dict) else None


def effective(item: dict[str, Any] | None) -> Any:
    return wire.effective_value(item)


def parse_body(body: Any) -> tuple[bool, Any, bool | None]:
    """(has_value, value, verified) from `{"value": ...}`, `{"verified": bool}` or
    `{"verification_status": "verified" | "not_verified"}` (what the Python client sends); a correction may
    carry `evidence` too (see drawn_evidence)."""
    if not isinstance(body, dict) or not body:
        raise ValidationFailed({"body": ['send {"value": ...} to correct or {"verified": true} to verify']})
    unknown = set(body) - {"value", "verified", "verification_status", "evidence"}
    if unknown:
        raise ValidationFailed({key: ["unknown key"] for key in sorted(unknown)})
    verified = body.get("verified")
    if "verification_status" in body:
        status = body["verification_status"]
        if status not in ("verified", "not_verified"):
            raise ValidationFailed({"verification_status": ['"verified" or "not_verified"']})
        verified = status == "verified"
    if verified is not None and not isinstance(verified, bool):
        raise ValidationFailed({"verified": ["true or false"]})
    if "value" not in body and verified is None:
        raise ValidationFailed({"body": ['send "value" and/or "verified"']})
    if "evidence" in body and "value" not in body:
        raise ValidationFailed({"evidence": ["evidence goes with a corrected value"]})
    return "value" in body, body.get("value"), verified


def drawn_evidence(raw: Any) -> list[dict[str, Any]]:
    """Where a reviewer says the corrected value is printed: `{"page_number": n, "bbox": {x0, y0, x1, y1}}`,
    the box in fractions of the page (origin top-left), as the engine's evidence is given."""
    problem = ValidationFailed({"evidence": ['{"page_number": 1, "bbox": {"x0": .., "y0": .., "x1": .., "y1": ..}} '
                                             "with 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1"]})
    if not isinstance(raw, dict) or not isinstance(raw.get("bbox"), dict):
        raise problem
    page, box = raw.get("page_number"), raw["bbox"]
    try:
        x0, y0, x1, y1 = (float(box[k]) for k in ("x0", "y0", "x1", "y1"))
    except (KeyError, TypeError, ValueError):
        raise problem from None
    if not isinstance(page, int) or isinstance(page, bool) or page < 1 or not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise problem
    return [{"page_number": page, "bbox": {"x0": x0, "y0": y0, "x1": x1, "y1": y1}, "text": ""}]


def apply(stored: dict[str, Any], where: FieldPath, body: Any) -> tuple[dict[str, Any], Change]:
    """A new stored extraction with the change made (the given one is left as it was), and the change."""
    has_value, raw, verified = parse_body(body)
    new_value = values.check(where.spec, raw) if has_value else None
    updated = copy.deepcopy(stored)
    current = entry(updated, where)
    item = dict(current) if current is not None else copy.deepcopy(EMPTY)
    old = effective(item)
    if has_value:
        item["value_override"] = new_value
        if body.get("evidence") is not None:
            item["evidence_override"] = drawn_evidence(body["evidence"])
        else:
            item.pop("evidence_override", None)  # a box drawn for an earlier correction is not this value's
        action = "correct"
    else:
        action = "verify" if verified else "unverify"
    if verified is False:
        item.pop("verified", None)
    elif has_value or verified:
        item["verified"] = True
    if where.row is None:
        updated[where.name] = item
    else:
        updated[where.name][where.row][where.child] = item
    return updated, Change(action, old, effective(item))
