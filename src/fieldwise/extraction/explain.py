"""Why the engine chose a value: per field, the top candidates of its pool as the scorer ranks them, with the
confidence it gives each, the strategy that proposed it, the label that pointed at it and how well that label names
the field; and per document, the decimal separator its numbers were read with."""

from __future__ import annotations

from dataclasses import dataclass

from fieldwise.documents.model import Document
from fieldwise.extraction.answers import score_pool
from fieldwise.extraction.engine import field_pools, reads_day_first, reads_decimal
from fieldwise.extraction.features import describe
from fieldwise.extraction.index import build_index
from fieldwise.extraction.meaning import read_field
from fieldwise.extraction.normalize.numbers import convention
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.scorer import shipped


@dataclass(frozen=True, slots=True)
class Reason:
    value: object
    confidence: float  # what the scorer believes of it, 0-100 (the first is the answer unless under its threshold)
    score: float  # what ranked it (0..1 and a little over for agreeing readings)
    strategy: str  # 'label', 'status', 'currency', 'scan' (its type alone), or a layout prior ('total', 'issuer' ...)
    label: str | None  # the words on the page that pointed at it
    label_match: float | None  # how well that label names the field, 0..1
    support: int  # readings that agree on this value
    evidence: str
    page: int
    why: tuple[tuple[str, float], ...] = ()  # the features that moved the scorer most, with what each added


@dataclass(frozen=True, slots=True)
class FieldReasons:
    field: str
    concepts: tuple[str, ...]  # what the engine read in the field's name and description
    candidates: list[Reason]
    decimal: str | None = None  # the decimal separator the document's numbers were read with (None: not settled)


def explain(document: Document, fields: list[FieldSpec], top: int = 3) -> list[FieldReasons]:
    """The `top` candidates of every field (object fields are read row by row and are left out)."""
    index = build_index(document)
    day_first = reads_day_first(index)
    decimal = reads_decimal(index)
    scorer = shipped()
    out = []
    with convention(decimal):
        pools, context = field_pools(index, fields, day_first)
        for spec in fields:
            if spec.data_type == "object":
                continue
            meaning = read_field(spec)
            pool = pools[spec.name]
            features = dict(zip(map(id, pool.candidates), describe(pool.candidates, meaning, index, pool.named,
                                                                   context)))
            scored = score_pool(pool, index, context, scorer)[:top]
            reasons = [Reason(c.value, confidence, round(c.score, 3), c.source, c.label, c.signals.match or None,
                              c.support, c.evidence.text, c.evidence.page_number,
                              tuple(scorer.reasons(features[id(c)]))) for c, confidence in scored]
            said = tuple(sorted(meaning.name)) + tuple(f"({c})" for c in sorted(meaning.described))
            out.append(FieldReasons(spec.name, said, reasons, decimal))
    return out
