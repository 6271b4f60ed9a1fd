"""Words of postal addresses, and the repair of the ones OCR misreads by a look-alike character.

Receipt printers and low-resolution photos turn 'JALAN' into 'JA:AN', 'Level' into 'Leve1', 'UTAMA' into 'Utarna':
one character (or 'rn' for 'm') that looks like the letter it replaced. A word of an OCR'd address that is not an
address word, but becomes one when such a character is read as its look-alike, is replaced. Only those confusions
are tried, so a name the list does not know is never changed.
"""

from __future__ import annotations

import re
from typing import Iterator

from fieldwise.extraction.layout_words import words

ADDRESS_WORDS = frozenset(words("address", "known"))  # data/layout_words.toml

# A character OCR puts in place of a letter, with the letters it may stand for.
_LOOKALIKES = {"1": "li", "!": "il", "|": "il", ":": "l", ";": "l", "_": "l", "0": "o", "5": "s", "8": "b",
               "I": "l", "l": "i", "c": "g", "q": "g"}
_PAIRS = (("rn", "m"), ("ci", "g"), ("vv", "w"))
_TOKEN = re.compile(r"[^\s,./()&#'-]+")


def _readings(word: str) -> Iterator[str]:
    lower = word.lower()
    for seen, meant in _PAIRS:
        if seen in lower:
            yield lower.replace(seen, meant)
    for position, char in enumerate(word):
        for letter in _LOOKALIKES.get(char, ""):
            yield lower[:position] + letter + lower[position + 1:]


def _cased_like(word: str, original: str) -> str:
    upper = sum(c.isupper() for c in original) >= sum(c.islower() for c in original)
    return word.upper() if upper else word.capitalize()


def _repair_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < 3 or word.lower() in ADDRESS_WORDS or not any(c.isalpha() for c in word):
        return word
    for reading in _readings(word):
        if reading in ADDRESS_WORDS:
            return _cased_like(reading, word)
    return word


def repair_address(text: str) -> str:
    """The address with each misread address word put right: 'NO.12,JA:AN SS4C/5' -> 'NO.12,JALAN SS4C/5'."""
    return _TOKEN.sub(_repair_word, text)
