"""The results table of a workflow, as pure functions of stored rows: each document's status in words, one cell
per field with its value and how likely it is right, and the filters a person uses on two hundred invoices a
month (needs review, failed, a date range).

How likely a value is right is its calibrated confidence read as a probability, and a document needs review as
the review queue says (fieldwise.review.risk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.wire import effective_value
from fieldwise.review import risk
from fieldwise.review.cells import display

WORDS = {"processed": "processed", "error": "failed", "failed": "failed"}  # every other status is work under way


def status_word(status: str) -> str:
    return WORDS.get(status, "processing")


def probability(entry: Any) -> float:
    """How likely a stored value is right: 1 once a person verified it, else its confidence as a probability."""
    if not isinstance(entry, dict):
        return 0.0
    if entry.get("verified"):
        return 1.0
    return max(0.0, min(float(entry.get("confidence") or 0.0) / 100, 1.0))


@dataclass(slots=True)
class Value:
    text: str
    probability: float | None  # None: an object field (its rows are reviewed cell by cell)
    low: bool


@dataclass(slots=True)
class Line:
    collection_id: str
    file: str
    status: str  # processing | processed | failed
    error: str | None
    created: str
    values: list[Value] = field(default_factory=list)
    needs_review: bool = False


def _value(entry: Any, spec: FieldSpec, target: float) -> Value:
    if spec.data_type == "object":
        rows = entry if isinstance(entry, list) else []
        chances = [probability(row.get(child.name)) for row in rows if isinstance(row, dict)
                   for child in spec.nested_fields]
        low = any(p < target for p in chances)
        return Value(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", min(chances) if chances else None, low)
    chance = probability(entry)
    value = effective_value(entry) if isinstance(entry, dict) else None
    return Value(display(value), chance, chance < target)


def line(collection: Any, file_name: str, stored: dict[str, Any] | None, validations: list[Any] | None,
         specs: list[FieldSpec], target: float) -> Line:
    word = status_word(collection.status)
    out = Line(collection.id, file_name, word, collection.error if word == "failed" else None,
               collection.created_at.strftime("%Y-%m-%d %H:%M"))
    if word == "processed":
        out.values = [_value((stored or {}).get(spec.name), spec, target) for spec in specs]
        out.needs_review = risk.assess(stored or {}, specs, validations, target) is not None
    return out


@dataclass(frozen=True, slots=True)
class Filters:
    needs_review: bool = False
    failed: bool = False
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return self.needs_review or self.failed or self.since is not None or self.until is not None

    def keeps_date(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def keeps(self, found: Line) -> bool:
        return (not self.needs_review or found.needs_review) and (not self.failed or found.status == "failed")


def parse_day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
