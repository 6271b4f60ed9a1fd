"""The typed feature record every candidate carries to the scorer: what its reader saw (extraction.candidates'
Signals), where it stands in its field's pool, what the document is, and how the value looks against what the field
asks. The features say what the evidence is, never which schema or set it came from: the reader is named by its
family (a label, a layout prior, a format, a status word, a value of the type anywhere, layout memory), and the data
type by its family (text, number, date, choice)."""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.meaning import FieldMeaning, concepts

_STATUS_READERS = frozenset({"status", "checkbox", "currency"})
_TYPE_FAMILY = {"string": 0, "list": 0, "float": 1, "integer": 1, "date": 2, "datetime": 2, "enum": 3,
                "multi_select": 3, "boolean": 3}
_MOST_REPEATS, _MOST_WORDS, _MOST_SUPPORT = 5, 12, 4


if TYPE_CHECKING:
    from fieldwise.extraction.answers import Pool

STRONG_LABEL = 0.8  # a label that names a field this well


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the whole schema met on this document: a page where most fields stand under labels that name them is
    read more surely than one where few do, whatever kind of document it is."""

    labelled: float = 0.0  # share of the fields with a candidate under a label that names them well
    found: float = 0.0  # share of the fields with any candidate

    @classmethod
    def of(cls, pools: list[Pool]) -> DocumentContext:
        if not pools:
            return cls()
        labelled = sum(any(c.signals.match >= STRONG_LABEL for c in p.candidates) for p in pools)
        return cls(labelled / len(pools), sum(bool(p.candidates) for p in pools) / len(pools))


@dataclass(frozen=True, slots=True)
class Features:
    # the reader that proposed it, by family
    by_label: float
    by_prior: float
    by_format: float
    by_status: float
    by_type_only: float
    by_memory: float
    # the reader's own evidence
    score: float  # the reader's liking, 0..1
    label_match: float  # how well the label names the field
    several: float  # the label points at a row of values of the kind
    place: float  # 1 on the label's line, less to the right or below
    layout_rank: float  # a layout reader's order among its own proposals
    learned: float  # layout memory's strength
    learned_p: float  # layout memory's record (0 without one)
    # the pool
    pool_rank: float  # 0 for the readers' favourite
    margin: float  # its score minus the best other's
    behind: float  # the pool's best score minus its own
    support: float  # readings that agree on the value
    sources: float  # kinds of reader that agree on it
    pool_size: float
    # the value and where it stands
    words: float
    chars: float
    digit_share: float
    letter_share: float
    upper_share: float
    label_like: float  # the value's words are all words the lexicon knows (a label or heading, not a value)
    repeats: float  # how often the value is printed in the document
    page: float
    top: float  # its top edge, 0 at the top of the page
    left: float
    # the document and the field
    ocr: float
    ocr_confidence: float
    prose: float  # share of the document's lines that are running text
    kind: float  # the field's data type, by family: 0 text, 1 number, 2 date, 3 choice
    known_words: float  # share of the field's name the lexicon knows
    identifier: float
    money: float
    closed: float  # the description lists the answers
    named: float  # the document prints the words that set the field apart ('due' of a due date)
    schema_labelled: float  # DocumentContext.labelled
    schema_found: float  # DocumentContext.found

    def row(self) -> tuple[float, ...]:
        return astuple(self)


NAMES: tuple[str, ...] = tuple(f.name for f in fields(Features))


def _shares(text: str) -> tuple[float, float, float]:
    if not text:
        return 0.0, 0.0, 0.0
    n = len(text)
    digits = sum(ch.isdigit() for ch in text)
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return digits / n, len(letters) / n, (upper / len(letters)) if letters else 0.0


def _label_like(text: str) -> bool:
    """'Total', 'Invoice Date', 'Bill To': words that name concepts and nothing else are a label, not a value."""
    if not text or re.search(r"\d", text) or len(text) > 64:
        return False
    said = concepts(text, keep_unknown=True)
    return bool(said) and all(not c.startswith("w:") for c in said)


def _repeats(index: DocIndex, text: str) -> int:
    if not text or len(text) < 2:
        return 0
    return min(index.text.count(text), _MOST_REPEATS)


def _known_share(meaning: FieldMeaning) -> float:
    if not meaning.name:
        return 0.0
    return sum(not c.startswith("w:") for c in meaning.name) / len(meaning.name)


def describe(pool: list[Candidate], meaning: FieldMeaning, index: DocIndex, named: bool,
             context: DocumentContext) -> list[Features]:
    """The feature record of each candidate of one field's pool (ranked best first by the readers' scores)."""
    if not pool:
        return []
    spec = meaning.spec
    scores = [c.score for c in pool]
    best = max(scores)
    kind = float(_TYPE_FAMILY.get(spec.data_type, 0))
    known, identifier, money = _known_share(meaning), float(meaning.identifier), float(meaning.money)
    closed, ocr, prose = float(bool(meaning.answers)), float(index.is_ocr), index.prose
    out = []
    for rank, c in enumerate(pool):
        others = [s for i, s in enumerate(scores) if i != rank]
        shown = c.value if isinstance(c.value, str) else c.evidence.text
        digits, letters, upper = _shares(shown)
        box = c.evidence.bbox
        s = c.signals
        out.append(Features(
            by_label=float(c.source == "label"), by_prior=float(c.source not in _NON_PRIOR),
            by_format=float(c.source == "format"), by_status=float(c.source in _STATUS_READERS),
            by_type_only=float(c.source == "scan"), by_memory=float(c.source == "memory"),
            score=c.score, label_match=s.match, several=float(s.several), place=s.place,
            layout_rank=float(min(s.rank, 5)), learned=s.learned,
            learned_p=s.learned_p if s.learned_p is not None else 0.0,
            pool_rank=float(rank), margin=c.score - (max(others) if others else 0.0), behind=best - c.score,
            support=float(min(c.support, _MOST_SUPPORT)), sources=float(s.sources), pool_size=float(len(pool)),
            words=float(min(len(shown.split()), _MOST_WORDS)), chars=float(min(len(shown), 200)),
            digit_share=digits, letter_share=letters, upper_share=upper,
            label_like=float(_label_like(shown)), repeats=float(_repeats(index, c.evidence.text.strip())),
            page=float(min(c.evidence.page_number, 5)),
            top=box.y0 if box is not None else 0.5, left=box.x0 if box is not None else 0.5,
            ocr=ocr, ocr_confidence=c.ocr_confidence if c.ocr_confidence is not None else 1.0, prose=prose,
            kind=kind, known_words=known, identifier=identifier, money=money, closed=closed, named=float(named),
            schema_labelled=context.labelled, schema_found=context.found,
        ))
    return out


_NON_PRIOR = frozenset({"label", "format", "scan", "memory"}) | _STATUS_READERS
