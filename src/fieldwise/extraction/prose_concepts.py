"""Concepts stated in running prose (agreements, letters): the governing law, how long it lasts, its parties,
the date it takes effect. Regular patterns over each page's text, with evidence mapped back to lines."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.normalize import find_dates, find_durations
from fieldwise.extraction.layout_words import words

PLACES = sorted(words("places", "us_states") + words("places", "countries"), key=len, reverse=True)

_PLACE = re.compile(r"\b(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in PLACES) + r")\b", re.I)
_CANONICAL = {p.lower(): p for p in PLACES}
# Weaker statements of the same: "Delaware law", "courts of the State of X", "a Delaware corporation".
_WEAK = [
    (re.compile(r"\b(?P<place>" + _PLACE.pattern[3:-3] + r")\s+(?:law|statutes?)\b", re.I), 0.55),
    (re.compile(r"\bcourts?\s+(?:located\s+)?(?:of|in)\s+(?:the\s+)?(?:state\s+of\s+)?(?P<place>" + _PLACE.pattern[3:-3]
                + r")\b", re.I), 0.45),
    (re.compile(r"\bstate\s+of\s+(?P<place>" + _PLACE.pattern[3:-3] + r")\b", re.I), 0.3),
    (re.compile(r"\b(?:a|an)\s+(?P<place>" + _PLACE.pattern[3:-3] + r")\s+(?:corporation|limited|company|general|"
                r"partnership|banking|business|statutory)", re.I), 0.25),
]
_GOVERN = re.compile(r"govern|constru|interpret|enforce|applicable\s+law|choice\s+of\s+law|laws?\s+of", re.I)
_LAWS_OF = re.compile(r"laws?\s+(?:of|in)\s+(?:the\s+)?(?:state\s+of\s+|commonwealth\s+of\s+)?", re.I)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def law_candidates(index: DocIndex) -> list[Candidate]:
    """The place named right after "laws of (the State of)" in a sentence about governing or construing."""
    out: list[Candidate] = []
    for page in index.pages:
        for m in _LAWS_OF.finditer(page.text):
            place = _PLACE.match(page.text, m.end())
            if not place:
                continue
            window = page.text[max(m.start() - 250, 0):m.start()]
            governs = _GOVERN.search(window) is not None
            score = 0.85 if governs else 0.45
            if re.search(r"govern", window, re.I):
                score += 0.1
            out.append(Candidate(_place_name(place.group(1)), page.evidence(max(m.start() - 60, 0), place.end()),
                                 min(score, 1.0), "governing_law"))
    if out:
        return out
    for pattern, score in _WEAK:
        for page in index.pages:
            for m in pattern.finditer(page.text):
                out.append(Candidate(_place_name(m.group("place")), page.evidence(m.start(), m.end()), score,
                                     "place_mention"))
    return out


def _place_name(text: str) -> str:
    return _CANONICAL.get(_squash(text).lower(), _squash(text))


_TERM_CONTEXT = re.compile(
    r"\b(term|period|expire|expiration|terminat|remain\s+in\s+(?:full\s+)?(?:force|effect)|continue|surviv|"
    r"in\s+effect|duration|lasts?)\w*", re.I,
)


def duration_candidates(index: DocIndex, as_text: bool) -> list[Candidate]:
    """Lengths of time in sentences about the term, period, expiry or survival of the document."""
    out: list[Candidate] = []
    for page in index.pages:
        for d in find_durations(page.text):
            before = page.text[max(d.start - 160, 0):d.start]
            after = page.text[d.end:d.end + 80]
            hits = list(_TERM_CONTEXT.finditer(before))
            if not hits and not _TERM_CONTEXT.search(after):
                continue
            score = 0.5
            if hits:
                score += 0.25 * (1 - (len(before) - hits[-1].end()) / 160)
                if re.search(r"\bterm\b", before, re.I):
                    score += 0.1
            if re.search(r"this\s+(?:letter\s+)?agreement", before[-110:] + after[:60], re.I):
                score += 0.1
            if re.search(r"\bterm\b\s*[.:]", before[-140:], re.I):
                score += 0.15
            if re.search(r"^\W*(?:after|from|following)\s+(?:the\s+)?(?:date\s+(?:of\s+this|hereof)|effective\s+date|"
                         r"execution)", after, re.I):
                score += 0.1
            if re.search(r"^\W*(?:after|following)\s+(?:the\s+)?(?:termination|expiration|cessation|"
                         r"end\s+of)|employment", after[:60], re.I):
                score -= 0.15
            if d.unit in ("days", "hours", "weeks"):
                score -= 0.3
            if re.search(r"notice|prior\s+written|within", before[-60:], re.I):
                score -= 0.2
            value: object = d.text() if as_text else float(d.number)
            out.append(Candidate(value, page.evidence(d.start, d.end), max(min(score, 1.0), 0.05), "duration",
                                 None if as_text else d.unit))
    return out


_DATE_CONTEXT = re.compile(r"effective|dated|as\s+of|made|entered\s+into|day\s+of|commenc|this\s+\d", re.I)


def effective_date_candidates(index: DocIndex, day_first: bool) -> list[Candidate]:
    """Dates the document says it takes effect on, or is dated or made on; the first page's dates otherwise."""
    out: list[Candidate] = []
    for page in index.pages[:3]:
        for rank, d in enumerate(find_dates(page.text, day_first)):
            before = page.text[max(d.start - 120, 0):d.start]
            score = 0.35 - 0.03 * min(rank, 5) - 0.1 * (page.number - 1)
            if _DATE_CONTEXT.search(before):
                score += 0.3
            if re.search(r"effective", before, re.I):
                score += 0.2
            if d.kind == "legal":
                score += 0.15
            out.append(Candidate(d.value.isoformat(), page.evidence(d.start, d.end, d.raw), max(min(score, 1.0), 0.05),
                                 "effective_date"))
    return out
