"""Measured accuracy from reviews: of the values a person checked, how many the engine had right, per field and
per confidence band. This is the calibration users need to pick an auto-accept threshold: "at confidence 90+
the engine was right 98 % of the time on this workflow".

A value counts as reviewed once it is verified (a correction also verifies it). It was right when the reviewer
kept the engine's value, or corrected it to the same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from fieldwise.extraction.recalibration import engine_confidence
from fieldwise.extraction.schema import FieldSpec

BANDS: tuple[tuple[float, float], ...] = ((0, 50), (50, 70), (70, 80), (80, 90), (90, 95), (95, 100))


def band_of(confidence: float) -> int:
    """The band a confidence falls in: [low, high), the last band including 100."""
    for index, (_low, high) in enumerate(BANDS):
        if confidence < high:
            return index
    return len(BANDS) - 1


@dataclass
class Tally:
    reviewed: list[int] = field(default_factory=lambda: [0] * len(BANDS))
    correct: list[int] = field(default_factory=lambda: [0] * len(BANDS))

    def add(self, confidence: float, right: bool) -> None:
        index = band_of(confidence)
        self.reviewed[index] += 1
        self.correct[index] += int(right)

    def view(self) -> dict[str, Any]:
        reviewed, correct = sum(self.reviewed), sum(self.correct)
        return {
            "reviewed": reviewed, "correct": correct, "accuracy": _ratio(correct, reviewed),
            "bands": [
                {"min_confidence": low, "max_confidence": high, "reviewed": n, "correct": k, "accuracy": _ratio(k, n)}
                for (low, high), n, k in zip(BANDS, self.reviewed, self.correct)
            ],
        }


def _ratio(correct: int, reviewed: int) -> float | None:
    return round(correct / reviewed, 4) if reviewed else None


def _right(entry: dict[str, Any]) -> bool:
    return "value_override" not in entry or entry["value_override"] == entry.get("value")


def _cells(stored: dict[str, Any], spec: FieldSpec) -> Iterable[tuple[str, dict[str, Any]]]:
    found = stored.get(spec.name)
    if spec.data_type != "object":
        if isinstance(found, dict):
            yield spec.name, found
        return
    for row in found if isinstance(found, list) else []:
        for child in spec.nested_fields:
            cell = row.get(child.name)
            if isinstance(cell, dict):
                yield f"{spec.name}.{child.name}", cell


def measure(extractions: Iterable[tuple[dict[str, Any], list[FieldSpec]]]) -> dict[str, Any]:
    """Accuracy per field (object cells as `field.child`) and over all fields, from stored extractions."""
    per_field: dict[str, Tally] = {}
    overall = Tally()
    for stored, fields in extractions:
        for spec in fields:
            for name, entry in _cells(stored, spec):
                if not entry.get("verified"):
                    continue
                confidence, right = float(entry.get("confidence") or 0.0), _right(entry)
                per_field.setdefault(name, Tally()).add(confidence, right)
                overall.add(confidence, right)
    return {"overall": overall.view(), "fields": {name: tally.view() for name, tally in sorted(per_field.items())}}


def reviewed_pairs(stored: dict[str, Any]) -> Iterable[tuple[str, float, bool]]:
    """(field path, the engine's own confidence, right) of every verified value of a stored extraction, object
    cells included: what a workflow's confidence remap is fitted from (fieldwise.extraction.recalibration)."""
    for name, found in stored.items():
        cells = [(name, found)] if isinstance(found, dict) else [
            (f"{name}.{child}", cell) for row in (found if isinstance(found, list) else []) if isinstance(row, dict)
            for child, cell in row.items()]
        for path, entry in cells:
            if isinstance(entry, dict) and entry.get("verified"):
                yield path, engine_confidence(entry), _right(entry)
