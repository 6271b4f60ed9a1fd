"""The word lists of data/layout_words.toml (business-name forms, address words, places), merged over their
locales, and turned into the patterns the layout and prose readers match lines with."""

from __future__ import annotations

import re
from functools import cache

from fieldwise.extraction import datafiles


def words(section: str, key: str) -> list[str]:
    """Every locale's forms of one list, longest first, each once."""
    return datafiles.words("layout_words", section, key)


def pattern(forms: list[str], tail: str = "") -> re.Pattern[str]:
    """Whole words of `forms`, case aside; a "." in a form may be missing and a space may be any space."""
    alternatives = (re.escape(f).replace(r"\.", r"\.?").replace(r"\ ", r"\.?\s*") for f in forms)
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b" + tail, re.I)


@cache
def us_context() -> re.Pattern[str]:
    """What marks a US document: its country or currency named, US company forms, a US phone number written
    '(202) 955-5342', or a city's state code before a ZIP code ('Dallas, TX 75320-6270'; not 'DE 55232 Alzey')."""
    states = "|".join(words("places", "us_state_codes"))
    return re.compile(r"\b(?:U\.S\.A?|United States|USD|Inc\.|LLC)\b|US\$|\(\d{3}\)\s?\d{3}-\d{4}\b"
                      r"|,\s?(?:" + states + r")\s\d{5}(?:-\d{4})?\b")
