"""From a field's pool to its answer: the scorer weighs every candidate, the most believed one is the answer with
its calibrated confidence, and a field believed less than its type's threshold is answered null. A list field
answers every element the readers liked nearly as well as their favourite."""

from __future__ import annotations

from dataclasses import dataclass

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.features import DocumentContext, describe
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.meaning import read_field
from fieldwise.extraction.result import ExtractedValue
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.scorer import Scorer

POOL = 8  # candidates per field the scorer weighs: the readers' best by their own score
LIST_SPREAD, LIST_MOST = 0.3, 6  # a list's elements: within this much of the readers' best score, so many at most

__all__ = ["POOL", "DocumentContext", "Pool", "answer", "score_pool"]


@dataclass(slots=True)
class Pool:
    """One field's candidates, the readers' best first."""

    spec: FieldSpec  # as read: a string field whose description lists its answers is a choice among them
    candidates: list[Candidate]
    named: bool  # the document prints the words that set the field apart


def score_pool(pool: Pool, index: DocIndex, context: DocumentContext,
               scorer: Scorer, ranked: bool = True) -> list[tuple[Candidate, float]]:
    """The pool's candidates with their calibrated confidence, most believed first (`ranked`) or in the readers'
    order. A value only layout memory found is believed as its lessons' record of kept and corrected values says:
    no training set has reviewed documents, so the scorer has never seen one (benchmarks.learning measures it)."""
    features = describe(pool.candidates, read_field(pool.spec), index, pool.named, context)
    out = []
    for candidate, probability in zip(pool.candidates, scorer.probabilities(features)):
        confidence = scorer.confidence(probability)
        recorded = candidate.signals.learned_p
        if recorded is not None and candidate.signals.sources == 1:
            confidence = round(100.0 * recorded, 2)
        out.append((candidate, confidence))
    return sorted(out, key=lambda pair: pair[1], reverse=True) if ranked else out


def answer(pool: Pool, index: DocIndex, context: DocumentContext, scorer: Scorer) -> ExtractedValue:
    if pool.spec.data_type == "list":
        return _list_answer(score_pool(pool, index, context, scorer, ranked=False), scorer)
    scored = score_pool(pool, index, context, scorer)
    if not scored or not scorer.answers(scored[0][1], pool.spec.data_type):
        return ExtractedValue(value=None, confidence=scorer.missing)
    best, confidence = scored[0]
    return ExtractedValue(value=best.value, confidence=confidence, evidence=[best.evidence], value_unit=best.unit,
                          learned_from=best.learned_from)


def _list_answer(in_order: list[tuple[Candidate, float]], scorer: Scorer) -> ExtractedValue:
    """Every element of a list field: the candidates the readers liked nearly as well as their favourite (one per
    party or item: 'Acme Co.' beside 'Acme Co. Ltd.' is one read twice), each with its own confidence; null when
    the scorer believes none of them enough."""
    if not in_order or not scorer.answers(max(c for _, c in in_order), "list"):
        return ExtractedValue(value=None, confidence=scorer.missing)
    top = max(candidate.score for candidate, _ in in_order)
    chosen: list[tuple[Candidate, float]] = []
    for candidate, confidence in in_order:
        if candidate.score < top - LIST_SPREAD:
            continue
        if len(chosen) == LIST_MOST:
            break
        if any(candidate.key in c.key or c.key in candidate.key for c, _ in chosen):
            continue
        chosen.append((candidate, confidence))
    items = []
    for c, confidence in chosen:
        value = c.value[0] if isinstance(c.value, list) and len(c.value) == 1 else c.value
        items.append(ExtractedValue(value, confidence, [c.evidence], c.unit))
    return ExtractedValue(value=[i.value for i in items], confidence=min(i.confidence for i in items),
                          evidence=[e for i in items for e in i.evidence], items=items)
