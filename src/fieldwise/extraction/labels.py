"""Finding one of a field's label phrases in a text (any casing, fuzzily for OCR): table headers of object fields.
Label -> value pairs on the page are pairs.py's."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz



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
