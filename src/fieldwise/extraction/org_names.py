"""Organisation names whole: a name's legal form ends it ('ACME Ltd, 12 High Street' is 'ACME Ltd'), and a legal
form alone on a line ('GmbH') is the end of a name begun above it, never a name. The legal forms of every locale
come from data/layout_words.toml."""

from __future__ import annotations

import re

from fieldwise.extraction.layout_words import pattern, words

LEGAL_SUFFIX = pattern(words("business", "legal"))
_ADDRESS_AFTER = re.compile(r"^\s*[,;/|–-]\s*\S.*\d")  # ', 12 High Street, Leeds LS1 4AB'


def suffix_only(text: str) -> bool:
    """'GmbH', 'Ltd.', 'S.A.': a legal form with no name beside it."""
    m = LEGAL_SUFFIX.search(text)
    return m is not None and not re.search(r"[^\W\d_]{2}", text[:m.start()] + text[m.end():])


def name_without_address(text: str) -> str:
    """A party's name without the address printed after its legal form on the same line."""
    for m in LEGAL_SUFFIX.finditer(text):
        if m.start() > 0 and _ADDRESS_AFTER.match(text[m.end():]):
            return text[:m.end()].rstrip(" ,;")
    return text
