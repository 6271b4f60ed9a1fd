"""Zero-shot scoring of pages against named, described options (classify categories, splitter rules).

No model: each option's name and description become weighted terms; a term shared by several options counts
for less, since it tells them apart less. Page lines are weighted by layout: headings, large type and the top
of the page say what a document is more than its small print does. Scores become confidences with a softmax.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from statistics import median
from typing import Iterable, Sequence

from fieldwise.documents.model import Page
from fieldwise.extraction.meaning import concepts
from fieldwise.workflows.plan import Option

_WORD = re.compile(r"[^\W\d_]{3,}")
_STEM = 6  # terms compare on their first letters: invoice ~ invoices, deliver ~ delivery
_STOP = frozenset("""the and for with from that this these those are was were has have had not but any all each
per its their there where which when what who whom into onto than then them they you your our one two also
such may can will shall should would could like some more most other only own same very just over under about
document documents page pages file files contains containing usually typically shows showing listing""".split())
_NAME_WEIGHT, _DESCRIPTION_WEIGHT = 3.0, 1.0
_TEMPERATURE = 1.5


def terms(text: str) -> list[str]:
    """Word stems, and the lexicon's concepts the text names in any of its languages ('Kontoauszug' and 'bank
    statement' both say c:bank_statement), so that a category matches a page written in another language."""
    words = [w[:_STEM] for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP]
    return words + [f"c:{c}" for c in concepts(text) if c not in _VAGUE]


# Concepts too common on every business page to tell one kind of document from another.
_VAGUE = frozenset({"number", "identifier", "reference", "date", "time", "amount", "name", "value", "line",
                    "description", "address", "phone", "email", "fax", "postal", "city", "country"})


@dataclass(frozen=True, slots=True)
class Profile:
    option: Option
    weights: dict[str, float]


def profiles(options: Sequence[Option]) -> list[Profile]:
    raw: list[dict[str, float]] = []
    for option in options:
        weights: dict[str, float] = {}
        for term in terms(option.description):
            weights[term] = max(weights.get(term, 0.0), _DESCRIPTION_WEIGHT)
        for term in terms(option.name):
            weights[term] = _NAME_WEIGHT
        raw.append(weights)
    shared: dict[str, int] = {}
    for weights in raw:
        for term in weights:
            shared[term] = shared.get(term, 0) + 1
    return [Profile(option, {t: w / shared[t] for t, w in weights.items()}) for option, weights in zip(options, raw)]


@dataclass(frozen=True, slots=True)
class Scored:
    option: Option
    score: float
    confidence: float  # 0..100
    evidence: list[tuple[str, int]]  # (line text, page number), strongest first


def _weighted_lines(pages: Iterable[Page]) -> list[tuple[str, int, float, set[str]]]:
    pages = list(pages)
    heights = [line.bbox.height for page in pages for line in page.lines if line.bbox and line.bbox.height > 0]
    typical = median(heights) if heights else 0.0
    out = []
    for position, page in enumerate(pages):
        for block in page.blocks:
            for line in block.lines:
                weight = 1.0
                if block.type in ("title", "section-header"):
                    weight *= 2.5
                if line.bbox is not None:
                    if line.bbox.y0 < 0.25:
                        weight *= 1.5
                    if typical and line.bbox.height > 1.3 * typical:
                        weight *= 2.0
                if position == 0:
                    weight *= 1.5
                out.append((line.text, page.number, weight, set(terms(line.text))))
    return out


def score(pages: Iterable[Page], options: Sequence[Option]) -> list[Scored]:
    """Every option scored over the pages, best first."""
    lines = _weighted_lines(pages)
    results = []
    for profile in profiles(options):
        total, cited = 0.0, []
        for term, term_weight in profile.weights.items():
            seen = sum(weight for _, _, weight, line_terms in lines if term in line_terms)
            total += term_weight * math.log1p(seen)
        for text, page, weight, line_terms in lines:
            hit = sum(profile.weights[t] for t in line_terms if t in profile.weights)
            if hit:
                cited.append((hit * weight, text, page))
        cited.sort(key=lambda c: -c[0])
        results.append((profile.option, total, [(text, page) for _, text, page in cited[:3]]))
    top = max((s for _, s, _ in results), default=0.0)
    exps = [math.exp((s - top) / _TEMPERATURE) for _, s, _ in results]
    norm = sum(exps) or 1.0
    scored = [Scored(o, s, round(100.0 * e / norm, 1), ev) for (o, s, ev), e in zip(results, exps)]
    return sorted(scored, key=lambda x: -x.score)


def evidence_text(evidence: list[tuple[str, int]]) -> str | None:
    if not evidence:
        return None
    return " | ".join(f"p{page}: {text}" for text, page in evidence)
