"""Document + fields -> Extraction: candidates from every strategy that fits the field, merged, best one chosen,
and a calibrated confidence. Pure: no I/O, no settings."""

from __future__ import annotations

import re
from dataclasses import replace

from fieldwise.documents.model import Document
from fieldwise.extraction.answers import POOL, DocumentContext, Pool, answer
from fieldwise.extraction.candidates import Candidate, type_value
from fieldwise.extraction.features import STRONG_LABEL  # a label naming the field this well outranks a prior
from fieldwise.extraction.formats import format_candidates
from fieldwise.extraction.index import DocIndex, build_index
from fieldwise.extraction.label_values import asks_range, range_part
from fieldwise.extraction.layout_words import us_context
from fieldwise.extraction.meaning import GENERIC, FieldMeaning, clashes, concepts, read_field
from fieldwise.extraction.memory import Memories, Recall, Recalled
from fieldwise.extraction.normalize import find_dates, infer_day_first, match_options
from fieldwise.extraction.normalize.numbers import convention, read_convention
from fieldwise.extraction.pairs import pair_candidates
from fieldwise.extraction.priors import prior_candidates
from fieldwise.extraction.result import ExtractedValue, Extraction
from fieldwise.extraction.schema import EnumOption, FieldSpec
from fieldwise.extraction.scorer import Scorer, shipped
from fieldwise.extraction.sheet import Sheet
from fieldwise.extraction.statuses import checkbox_candidates, currency_candidates, status_candidates
from fieldwise.extraction.tables import extract_rows


def _scan_candidates(index: DocIndex, meaning: FieldMeaning, day_first: bool) -> list[Candidate]:
    """Values of the field's type anywhere, when no label or concept places them; weak evidence."""
    kind = meaning.spec.data_type
    out: list[Candidate] = []
    if kind in ("date", "datetime") and asks_range(meaning):
        for line in index.lines:  # a range anywhere gives a start field its first date and an end field its last
            part = range_part(line.text, meaning, day_first)
            if part:
                out.append(Candidate(part, line.evidence(), 0.45, "scan", ocr_confidence=line.confidence))
    if kind in ("date", "datetime"):
        for page in index.pages:
            for rank, d in enumerate(find_dates(page.text, day_first)):
                out.append(Candidate(d.value.isoformat(), page.evidence(d.start, d.end, d.raw),
                                     max(0.4 - 0.05 * rank - 0.1 * (page.number - 1), 0.05), "scan",
                                     ocr_confidence=page.lines_between(d.start, d.end)[0].confidence))
    elif kind in ("enum", "multi_select"):
        # An option the lexicon knows is also named in the document's language ('buy' by 'Kauf', 'achat').
        known = {o.name: set(concepts(o.name)) - GENERIC for o in meaning.spec.enum_options}
        for line in index.lines:
            names = match_options(line.text, meaning.spec.enum_options, fuzzy=line.confidence is not None)
            if not names and any(known.values()) and len(line.text) <= 120:
                said = set(concepts(line.text))
                names = [name for name, named in known.items() if named & said]
            if names:
                value: object = names if kind == "multi_select" else names[0]
                out.append(Candidate(value, line.evidence(), 0.4, "scan", ocr_confidence=line.confidence))
    return out


def _coerce(candidate: Candidate, spec: FieldSpec, day_first: bool) -> Candidate | None:
    """Bring a concept's value to the field's data_type."""
    value, kind = candidate.value, spec.data_type
    if kind == "string" and not isinstance(value, str):
        candidate.value = str(value)
    elif kind == "list" and not isinstance(value, list):
        candidate.value = [value] if isinstance(value, str) else value
    elif kind == "integer" and isinstance(value, float):
        if value != int(value):
            return None
        candidate.value = int(value)
    elif kind == "datetime" and isinstance(value, str) and len(value) == 10:
        candidate.value = value + "T00:00:00"
    elif kind == "enum" and isinstance(value, str) and spec.enum_options:
        typed = type_value(value, spec, day_first)
        if typed is None:
            return None
        candidate.value = typed.value
    return candidate


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per distinct value: the best-scored reading, with the count of readings that agree."""
    merged: dict[str, Candidate] = {}
    for candidate in candidates:
        key = candidate.key
        if not key:
            continue
        kept = merged.get(key)
        if kept is None:
            merged[key] = candidate
            continue
        best = candidate if candidate.score > kept.score else kept
        best.learned_from = best.learned_from or candidate.learned_from or kept.learned_from
        best.support = kept.support + 1
        best.signals.sources = kept.signals.sources + (candidate.source != kept.source)
        merged[key] = best
    return sorted(merged.values(), key=lambda c: c.score + 0.04 * min(c.support - 1, 3), reverse=True)


def _split_listed(ranked: list[Candidate]) -> list[Candidate]:
    """A label's value written as a list ('Tags: fragile, express; heavy') gives one candidate per element."""
    out: list[Candidate] = []
    for c in ranked:
        text = c.value[0] if c.source == "label" and isinstance(c.value, list) and len(c.value) == 1 else None
        parts = [p.strip() for p in re.split(r"\s*[;,]\s*|\s+and\s+", text)] if isinstance(text, str) else []
        if len([p for p in parts if p]) < 2:
            out.append(c)
            continue
        for number, part in enumerate(p for p in parts if p):
            out.append(Candidate([part], c.evidence, c.score - 0.001 * number, c.source, c.unit, c.ocr_confidence))
    return out


def _decisive(candidate: Candidate) -> bool:
    """A label that names the field well and points at one value of its kind, not a row of them."""
    return candidate.signals.match >= STRONG_LABEL and not candidate.signals.several


def _clashes(meaning: FieldMeaning, candidate: Candidate, hints: bool = False) -> bool:
    """Whether a prior's value stands on a line whose label names another qualifier of the field's kind ('Net
    Total' for a gross amount, 'Due date' for an issue date); with `hints`, also one the description alone asks
    for ('after taxes')."""
    text = candidate.evidence.text
    return len(text) < 80 and clashes(meaning, text, hints=hints)


def rank_field(index: DocIndex, spec: FieldSpec, day_first: bool, learned: Recalled | None = None) -> list[Candidate]:
    """The candidate pool of one field, every strategy's proposals merged by value and ranked, best first.
    `learned`: what the workflow's layout memory says of it on this document (extraction.memory): values
    reviewers taught, and values it read where reviewers corrected it, which the engine then doubts."""
    meaning = read_field(spec)
    found = [c for c in prior_candidates(index, meaning, day_first) if not _clashes(meaning, c)]
    for candidate in found:
        if _clashes(meaning, candidate, hints=True):  # a hint only weighs
            candidate.score *= 0.6
    if meaning.prior is None or meaning.prior.labels:
        labelled = pair_candidates(index, meaning, day_first)
        if found:  # a prior's reading knows its layout; a label only outranks it when it names the field exactly
            keys = {c.key for c in found}
            labelled = [c for c in labelled if c.key in keys or _decisive(c)]
            decisive = {c.key for c in labelled if _decisive(c)}
            for candidate in labelled:
                if candidate.key in keys:
                    candidate.score *= 0.7
            if decisive:  # an explicit label on the page beats a prior: the prior's other values only vote
                for candidate in found:
                    if candidate.key not in decisive:
                        candidate.score *= 0.7
        found += labelled
    found += status_candidates(index, meaning) + checkbox_candidates(index, meaning) + currency_candidates(index, meaning)
    found += format_candidates(index, meaning) + (learned.candidates if learned else [])
    if not found:
        found = _scan_candidates(index, meaning, day_first)
    coerced = [c for c in (_coerce(c, spec, day_first) for c in found) if c is not None]
    if learned:
        for candidate in coerced:
            if candidate.source != "memory":
                candidate.score *= learned.doubted.get(candidate.key, 1.0)
    return _merge(coerced)


def closed_field(spec: FieldSpec) -> FieldSpec:
    """A string field whose description lists its answers is read as a choice among them, never as free text."""
    answers = read_field(spec).answers
    if not answers:
        return spec
    return replace(spec, data_type="enum", enum_options=tuple(EnumOption(a) for a in answers))


def field_pool(index: DocIndex, spec: FieldSpec, day_first: bool, learned: Recalled | None = None) -> Pool:
    """The readers' best candidates for one field, as the scorer will weigh them."""
    spec = closed_field(spec)
    ranked = rank_field(index, spec, day_first, learned)
    if spec.data_type == "list":
        ranked = _split_listed(ranked)
    return Pool(spec, ranked[:POOL], named_in(index, spec))


def field_pools(index: DocIndex, fields: list[FieldSpec], day_first: bool,
                recall: Recall | None = None) -> tuple[dict[str, Pool], DocumentContext]:
    """Every non-object field's pool (with what layout memory recalls of it) and what the whole schema met on
    the document: the scorer weighs each field's candidates in that context."""
    pools = {spec.name: field_pool(index, spec, day_first,
                                   recall.propose(spec, day_first) if recall is not None else None)
             for spec in fields if spec.data_type != "object"}
    return pools, DocumentContext.of(list(pools.values()))


def extract_field(index: DocIndex, spec: FieldSpec, day_first: bool,
                  learned: Recalled | None = None, scorer: Scorer | None = None) -> ExtractedValue:
    """One field on its own (the document's other fields unknown)."""
    pool = field_pool(index, spec, day_first, learned)
    return answer(pool, index, DocumentContext.of([pool]), scorer or shipped())


_GENERIC = {"date", "time", "datetime", "day", "amount", "number", "value", "name", "text", "field", "of", "the"}


def named_in(index: DocIndex, spec: FieldSpec) -> bool:
    """Whether the document mentions what sets this field apart from any value of its type: 'due' of due_date.
    A generically named field ('date') is named by any value of its type."""
    qualifiers = [w for w in re.split(r"[\W_]+", spec.name.lower()) if w and w not in _GENERIC]
    return not qualifiers or any(w in index.folded_text for w in qualifiers)


def reads_day_first(index: DocIndex, learned: bool | None = None) -> bool:
    """Whether the document writes 03/04 as 3 April: from its own unambiguous dates, else from how reviewers'
    dates say its layout writes them (`learned`, layout memory), else from the country its money, company forms,
    phone numbers and addresses say (USD, Inc., '(202) 955-5342', 'Dallas, TX 75320': month first), else day
    first."""
    text = index.text
    if learned is not None:
        return infer_day_first(text, default=learned, margin=2)
    us = len(us_context().findall(text)) >= 2
    return infer_day_first(text, default=not us, margin=2 if us else 1)


def extract(document: Document, fields: list[FieldSpec], memory: Memories | None = None) -> Extraction:
    """Every field of `fields` gets an answer; an `object` field gets a list of rows (none found: empty).
    `memory`: the workflow's layout memories, loaded by the caller; they propose learned candidates."""
    index = build_index(document)
    recall = memory.on(Sheet.from_document(document)) if memory is not None and memory.items else None
    day_first = reads_day_first(index, recall.day_first() if recall is not None else None)
    out: Extraction = {}
    scorer = shipped()
    with convention(reads_decimal(index)):
        pools, context = field_pools(index, fields, day_first, recall)
        for spec in fields:
            if spec.data_type == "object":
                out[spec.name] = extract_rows(index, spec, day_first)
            else:
                out[spec.name] = answer(pools[spec.name], index, context, scorer)
    return out


def reads_decimal(index: DocIndex) -> str | None:
    """The decimal separator the document writes ('1.234,56' or '1,234.56'), from its own amounts with cents;
    None when they do not settle it. Memoised on the index: every reader of the document shares it."""
    if "decimal" not in index.memo:
        index.memo["decimal"] = read_convention(index.text, margin=1)
    return index.memo["decimal"]  # type: ignore[return-value]
