"""Why the engine chose a value: per field, the top candidates of its pool with the strategy that proposed each,
the label that pointed at it and how well that label names the field, and the score that ranked it."""

from __future__ import annotations

from dataclasses import dataclass

from fieldwise.documents.model import Document
from fieldwise.extraction.engine import rank_field, reads_day_first
from fieldwise.extraction.index import build_index
from fieldwise.extraction.meaning import read_field
from fieldwise.extraction.schema import FieldSpec


@dataclass(frozen=True, slots=True)
class Reason:
    value: object
    score: float  # what ranked it (0..1 and a little over for agreeing readings)
    strategy: str  # 'label', 'status', 'currency', 'scan' (its type alone), or a layout prior ('total', 'issuer' ...)
    label: str | None  # the words on the page that pointed at it
    label_match: float | None  # how well that label names the field, 0..1
    support: int  # readings that agree on this value
    evidence: str
    page: int


@dataclass(frozen=True, slots=True)
class FieldReasons:
    field: str
    concepts: tuple[str, ...]  # what the engine read in the field's name and description
    candidates: list[Reason]


def explain(document: Document, fields: list[FieldSpec], top: int = 3) -> list[FieldReasons]:
    """The `top` candidates of every field (object fields are read row by row and are left out)."""
    index = build_index(document)
    day_first = reads_day_first(index)
    out = []
    for spec in fields:
        if spec.data_type == "object":
            continue
        meaning = read_field(spec)
        ranked = rank_field(index, spec, day_first)[:top]
        reasons = [Reason(c.value, round(c.score, 3), c.source, c.label, c.extra.get("match"), c.support,
                          c.evidence.text, c.evidence.page_number) for c in ranked]
        said = tuple(sorted(meaning.name)) + tuple(f"({c})" for c in sorted(meaning.described))
        out.append(FieldReasons(spec.name, said, reasons))
    return out
