"""The word lists of data/layout_words.toml (business-name forms, address words, places), merged over their
locales, and turned into the patterns the layout and prose readers match lines with."""

from __future__ import annotations

import re

from fieldwise.extraction import datafiles


def words(section: str, key: str) -> list[str]:
    """Every locale's forms of one list, longest first, each once."""
    return datafiles.words("layout_words", section, key)


def pattern(forms: list[str], tail: str = "") -> re.Pattern[str]:
    """Whole words of `forms`, case aside; a "." in a form may be missing and a space may be any space."""
    alternatives = (re.escape(f).replace(r"\.", r"\.?").replace(r"\ ", r"\.?\s*") for f in forms)
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b" + tail, re.I)
