"""Lengths of time in prose: "two (2) years", "eighteen months", "a period of 24 months" -> number and unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

WORD_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-four": 24,
    "thirty": 30, "thirty-six": 36, "forty-eight": 48, "sixty": 60, "ninety": 90,
}
UNITS = {"year": "years", "month": "months", "week": "weeks", "day": "days", "hour": "hours"}
_WORD = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_DURATION = re.compile(
    r"(?<![\w])(?:(?P<word>" + _WORD + r")[\s-]*(?:\(\s*(?P<paren>\d+)\s*\))?|(?P<num>\d+(?:\.\d+)?))"
    r"[\s-]*(?:\(\s*\d+\s*\)\s*)?(?:calendar\s+|full\s+|consecutive\s+)?(?P<unit>year|month|week|day|hour)s?\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Duration:
    number: Decimal
    unit: str  # plural English unit: years, months, weeks, days, hours
    raw: str
    start: int = 0
    end: int = 0

    def text(self) -> str:
        """'2 years', '1 year', '18 months': a number and a unit."""
        number = int(self.number) if self.number == self.number.to_integral_value() else self.number
        unit = self.unit if number != 1 else self.unit[:-1]
        return f"{number} {unit}"


def find_durations(text: str) -> list[Duration]:
    return list(_find_durations(text))


@lru_cache(maxsize=64)
def _find_durations(text: str) -> tuple[Duration, ...]:
    out: list[Duration] = []
    for m in _DURATION.finditer(text):
        if m.group("paren"):
            number = Decimal(m.group("paren"))
        elif m.group("num"):
            number = Decimal(m.group("num"))
        else:
            number = Decimal(WORD_NUMBERS[m.group("word").lower()])
        if number <= 0:
            continue
        out.append(Duration(number, UNITS[m.group("unit").lower()], m.group(0).strip(), m.start(), m.end()))
    return tuple(out)


def parse_duration(text: str) -> Duration | None:
    found = find_durations(text)
    return found[0] if found else None
