"""Label matching: a line that names the field (any casing, fuzzily for OCR), and the value right of it or below."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from fieldwise.extraction.candidates import Candidate, type_value
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.vocab import FieldIntent


def _label_pattern(label: str) -> str:
    return r"(?<![a-z])" + r"[\s_]*".join(re.escape(p) for p in label.split()) + r"(?![a-z])"


@lru_cache(maxsize=512)
def _patterns(labels: tuple[str, ...]) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    """One pattern for any of the labels (most lines carry none), and one per label to rank a hit."""
    return re.compile("|".join(_label_pattern(l) for l in labels)), [re.compile(_label_pattern(l)) for l in labels]


def find_label(text: str, labels: tuple[str, ...], weak_from: int = 10**6,
               fuzzy: bool = True) -> tuple[int, int, float] | None:
    """(start, end, strength) of the best label in `text`; strength 1 for the field's own name, less for others
    and least for a single word of a longer name (labels from `weak_from` on). `fuzzy` also accepts near misses,
    as OCR makes them."""
    lowered = text.lower()
    any_label, each = _patterns(labels)
    if not any(label.split()[0] in lowered for label in labels if label) or not any_label.search(lowered):
        each = []
    for rank, pattern in enumerate(each):
        weight = 1.0 if rank == 0 else (0.85 if rank < weak_from else 0.6)
        m = pattern.search(lowered)
        if m:
            return m.start(), m.end(), weight
    if not fuzzy:
        return None
    for rank, label in enumerate(labels):
        if len(label) < 5:
            continue
        hit = fuzz.partial_ratio_alignment(label, lowered)
        if hit is not None and hit.score >= 88:
            return hit.dest_start, hit.dest_end, (0.8 if rank == 0 else 0.7) * hit.score / 100
    return None


def _right_neighbours(index: DocIndex, line: LineRef) -> list[LineRef]:
    return [o for o in index.lines if o.page == line.page and o is not line and o.bbox.x0 >= line.bbox.x1 - 0.01
            and min(o.bbox.y1, line.bbox.y1) - max(o.bbox.y0, line.bbox.y0) > 0.5 * line.bbox.height]


def _below(index: DocIndex, line: LineRef) -> LineRef | None:
    for other in index.lines[line.position + 1:line.position + 4]:
        if other.page != line.page:
            return None
        if other.bbox.y0 >= line.bbox.y1 - 0.002 and other.bbox.x1 > line.bbox.x0 and other.bbox.x0 < line.bbox.x1 + 0.1:
            return other
    return None


def label_candidates(index: DocIndex, intent: FieldIntent, day_first: bool) -> list[Candidate]:
    """Values standing right of or below a line that carries one of the field's labels."""
    spec = intent.spec
    out: list[Candidate] = []
    for line in index.lines:
        found = find_label(line.text, intent.labels, intent.weak_from, fuzzy=line.confidence is not None)
        if found is None:
            continue
        start, end, strength = found
        stated = line.text[end:end + 3].lstrip().startswith((":", "=", "#")) or (
            start <= 2 and not line.text[end:].strip(" :.-"))
        if spec.data_type in ("string", "list") and not stated:
            continue
        rest = line.text[end:].lstrip(" :.#-=\t")
        if len(rest.split()) > 12 and spec.data_type in ("string", "list"):
            rest = ""
        readings: list[tuple[str, LineRef, float]] = []
        if rest:
            readings.append((rest, line, 1.0))
        for neighbour in _right_neighbours(index, line):
            readings.append((neighbour.text, neighbour, 0.9))
        below = _below(index, line)
        short = not rest and len(line.text.split()) <= 6
        if below is not None and (short or spec.data_type not in ("string", "list")):
            readings.append((below.text, below, 0.7))
        for raw, where, place in readings:
            typed = type_value(raw, spec, day_first)
            if typed is None or typed.value in (None, "", []):
                continue
            out.append(Candidate(typed.value, where.evidence(where.text), strength * place, "label", typed.unit,
                                 where.confidence))
            break
    return out
