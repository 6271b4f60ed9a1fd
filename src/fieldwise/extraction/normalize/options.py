"""Text -> the enum option(s) it names, by option name and option description, fuzzily and in any casing."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from fieldwise.extraction.schema import EnumOption


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def option_score(text: str, option: EnumOption, fuzzy: bool = True) -> float:
    """0..1: how strongly `text` names `option`; a whole-word mention of the name scores 1. `fuzzy` also
    accepts near misses of the name (OCR) and mentions of the option's description."""
    hay = f" {_norm(text)} "
    name = _norm(option.name)
    if not name or not hay.strip():
        return 0.0
    if f" {name} " in hay:
        return 1.0
    if not fuzzy:
        return 0.0
    best = fuzz.partial_ratio(name, hay) / 100 if len(name) >= 4 else 0.0
    best = best if best >= 0.85 else 0.0
    if option.description:
        desc = _norm(option.description)
        if desc and f" {desc} " in hay:
            best = max(best, 0.95)
        elif desc:
            words = [w for w in desc.split() if len(w) > 3]
            if words:
                share = sum(f" {w} " in hay for w in words) / len(words)
                best = max(best, 0.5 + 0.4 * share if share >= 0.5 else 0.0)
    return best


def match_option(text: str, options: tuple[EnumOption, ...], threshold: float = 0.8) -> tuple[str | None, float]:
    """The best option name for `text` and its score; (None, 0) when no option reaches `threshold`."""
    scored = sorted(((option_score(text, o), o.name) for o in options), reverse=True)
    if scored and scored[0][0] >= threshold:
        return scored[0][1], scored[0][0]
    return None, 0.0


def match_options(text: str, options: tuple[EnumOption, ...], threshold: float = 0.8,
                  fuzzy: bool = True) -> list[str]:
    """Every option `text` names, in the schema's order."""
    return [o.name for o in options if option_score(text, o, fuzzy) >= threshold]
