"""The engine's answer in the shapes the API serves (spec 2.3-2.5), and the JSON form it is stored in.

Stored form, per field: {"value", "confidence" (float), "evidence": [...], "value_unit", "items"?,
"learned_from"?} or, for an `object` field, a list of rows {child: stored form}. Every view below takes the
workflow's fields so that every field is present in every answer, found or not.
"""

from __future__ import annotations

from typing import Any

from fieldwise.extraction.result import Extraction, ExtractedValue
from fieldwise.extraction.schema import FieldSpec

EMPTY: dict[str, Any] = {"value": None, "confidence": 0.0, "evidence": [], "value_unit": None}


def _dump_value(extracted: ExtractedValue) -> dict[str, Any]:
    out = {
        "value": extracted.value,
        "confidence": round(float(extracted.confidence), 2),
        "evidence": [e.to_dict() for e in extracted.evidence],
        "value_unit": extracted.value_unit,
    }
    if extracted.items is not None:
        out["items"] = [_dump_value(item) for item in extracted.items]
    if extracted.validation is not None:
        out["validation"] = extracted.validation
    if extracted.learned_from is not None:  # stored only: the review pages and the memory API show it
        out["learned_from"] = extracted.learned_from
    return out


def dump(extraction: Extraction) -> dict[str, Any]:
    """The engine's result as plain JSON, for storage."""
    out: dict[str, Any] = {}
    for name, result in extraction.items():
        if isinstance(result, list):
            out[name] = [{child: _dump_value(v) for child, v in row.items()} for row in result]
        else:
            out[name] = _dump_value(result)
    return out


def effective_value(entry: dict[str, Any] | None) -> Any:
    """The value a person would use: a reviewer's correction when one was made (even a correction to null, which
    says the document holds no such value), else the engine's value. Every reader of results asks this."""
    entry = entry or EMPTY
    return entry["value_override"] if "value_override" in entry else entry.get("value")


def _flat_entry(stored: dict[str, Any] | None) -> dict[str, Any]:
    stored = stored or EMPTY
    value = effective_value(stored)
    out = {
        "value": value,
        "confidence": int(round(stored.get("confidence") or 0)),
        "evidence": stored.get("evidence") or [],
        "verification_status": "verified" if stored.get("verified") else "not_verified",
        "value_unit": stored.get("value_unit"),
    }
    if stored.get("validation"):
        out["validation"] = stored["validation"]
    return out


def _envelope_entry(stored: dict[str, Any] | None) -> dict[str, Any]:
    stored = stored or EMPTY
    out = {
        "value": stored.get("value"),
        "value_override": stored.get("value_override"),
        "verification_status": "verified" if stored.get("verified") else "not_verified",
        "confidence": float(stored.get("confidence") or 0.0),
        "evidence": stored.get("evidence") or [],
        "value_unit": stored.get("value_unit"),
    }
    if stored.get("validation"):  # a failed check (line items whose arithmetic does not hold)
        out["validation"] = stored["validation"]
    if stored.get("items") is not None:  # `list` fields: each element with its own confidence and evidence
        out["items"] = [_envelope_entry(item) for item in stored["items"]]
    return out


def _rows(stored: Any) -> list[dict[str, Any]]:
    return stored if isinstance(stored, list) else []


def flat_view(stored: dict[str, Any], fields: list[FieldSpec], as_lists: bool = False) -> dict[str, Any]:
    """Body of GET /v2/files/{id}/extraction/ (spec 2.4)."""
    out: dict[str, Any] = {}
    for spec in fields:
        entry = stored.get(spec.name)
        if spec.data_type == "object":
            out[spec.name] = [
                {child.name: _flat_entry(row.get(child.name)) for child in spec.nested_fields} for row in _rows(entry)
            ]
        else:
            flat = _flat_entry(entry if isinstance(entry, dict) else None)
            out[spec.name] = [flat] if as_lists else flat
    return out


def envelope_fields(stored: dict[str, Any], fields: list[FieldSpec]) -> dict[str, Any]:
    """`fields` of one entry of the results envelope's `extractions` (spec 2.5)."""
    out: dict[str, Any] = {}
    for spec in fields:
        entry = stored.get(spec.name)
        if spec.data_type == "object":
            out[spec.name] = [
                {child.name: _envelope_entry(row.get(child.name)) for child in spec.nested_fields}
                for row in _rows(entry)
            ]
        else:
            out[spec.name] = _envelope_entry(entry if isinstance(entry, dict) else None)
    return out

def envelope_entry(stored: dict[str, Any] | None) -> dict[str, Any]:
    """One field's entry as the results envelope shows it (the review API answers with it)."""
    return _envelope_entry(stored)
