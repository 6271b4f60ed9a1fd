"""Document + fields -> Extraction. Baseline: a label from the field's name, the text to its right or below it."""

from __future__ import annotations

import re
from datetime import date

from fieldwise.documents.model import Document, Line
from fieldwise.extraction.result import Evidence, ExtractedValue, Extraction
from fieldwise.extraction.schema import FieldSpec

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _label_words(spec: FieldSpec) -> list[str]:
    return [w for w in re.split(r"[_\W]+", spec.name.lower()) if len(w) > 1]


def _typed(raw: str, spec: FieldSpec) -> object | None:
    if spec.data_type in ("integer", "float"):
        match = _NUMBER.search(raw)
        if not match:
            return None
        number = float(match.group(0).replace(",", ""))
        return int(number) if spec.data_type == "integer" else number
    if spec.data_type == "date":
        match = _ISO_DATE.search(raw)
        if not match:
            return None
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    if spec.data_type == "boolean":
        return raw.strip().lower() in {"yes", "true", "x", "1", "y"}
    if spec.data_type in ("enum", "multi_select"):
        names = [o.name for o in spec.enum_options if o.name.lower() in raw.lower()]
        return (names[0] if names else None) if spec.data_type == "enum" else names
    if spec.data_type == "list":
        return [raw.strip()] if raw.strip() else None
    return raw.strip() or None


def _find(document: Document, spec: FieldSpec) -> ExtractedValue:
    words = _label_words(spec)
    if not words:
        return ExtractedValue.missing()
    for page in document.pages:
        for line in page.lines:
            lowered = line.text.lower()
            if not any(w in lowered for w in words):
                continue
            raw = _after_label(line, words)
            value = _typed(raw, spec) if raw else None
            if value not in (None, [], ""):
                return ExtractedValue(
                    value=value, confidence=50.0, evidence=[Evidence(line.text, page.number, line.bbox)]
                )
    return ExtractedValue.missing()


def _after_label(line: Line, words: list[str]) -> str:
    text = line.text
    positions = [text.lower().find(w) + len(w) for w in words if w in text.lower()]
    rest = text[max(positions):] if positions else text
    return rest.lstrip(" :#-\t")


def extract(document: Document, fields: list[FieldSpec]) -> Extraction:
    """Every field of `fields` gets an answer; an `object` field gets a list of rows (none found: empty)."""
    out: Extraction = {}
    for spec in fields:
        out[spec.name] = [] if spec.data_type == "object" else _find(document, spec)
    return out
