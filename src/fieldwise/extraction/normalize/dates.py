"""Dates and datetimes in running text -> `datetime.date` / `datetime.datetime`, with the raw text kept beside them.

Handles ISO (2018-01-05), numeric with either order (23/12/17, 04-05-2018), month names in several languages
(Jan 5 2018, 03 APR 2018, 5-Jan-18, 6 de enero de 2012) and legal prose ("the 6th day of January, 2012").
Numeric dates are read day-first or month-first as told; `infer_day_first` reads the habit from a whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime

MONTHS: dict[str, int] = {}
_NAMES = {
    1: "january jan janvier janv januar jänner jän enero ene janeiro gennaio gen januari",
    2: "february feb feber fevrier février févr februar febrero febr fevereiro fev febbraio februari",
    3: "march mar mars märz maerz marzo março marco mac maart",
    4: "april apr avril abril abr aprile",
    5: "may mai mayo maio maggio mei mag",
    6: "june jun juin juni junio junho giugno",
    7: "july jul juillet juil juli julio julho luglio julai",
    8: "august aug aout août august agosto ago ogos augustus",
    9: "september sep sept septembre septiembre setiembre setembro set settembre",
    10: "october oct octobre oktober octubre outubro out ottobre okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec décembre decembre dezember diciembre dic dezembro dez dicembre disember desember",
}
for _number, _names in _NAMES.items():
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<mon>" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d ?\d|'?\d{2})"  # "201 1": text layers split digits
_SEP = r"[\s,./\-]*"
_END = r"(?:(?!\d)|(?=[0-2]\d:[0-5]\d))"  # a date ends at a non-digit, or runs straight into a time: 2018-01-0522:55

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)" + _END)),
    ("legal", re.compile(_DAY + r"\s+day\s+of\s+" + _MONTH + r"\s*,?\s*(?:\w,\s*)?(?:in\s+the\s+year\s+)?" + _YEAR, re.I)),
    ("dmy_name", re.compile(r"(?<![\w])" + _DAY + r"(?:\s+de)?" + _SEP + _MONTH + r"(?:\s+de)?" + _SEP + _YEAR
                            + _END, re.I)),
    ("mdy_name", re.compile(r"(?<![\w])" + _MONTH + _SEP + _DAY + r"(?:\s*,\s*|\s+)" + _YEAR + _END, re.I)),
    # Not inside a code ("RC11-23-42") but straight after a time ("18:1524/05/18"); OCR reads a dash as "~".
    ("numeric", re.compile(r"(?:(?<![\w.])|(?<=:\d\d))(?P<a>[0-3]?\d)\s?(?P<sep>[-/.~])\s?(?P<b>[0-3]?\d)\s?"
                           r"(?:(?P=sep)|~)\s?(?P<year>(?:19|20)\d{2}|\d{2})" + _END)),
]
_TIME = re.compile(r"(?<!\d)(?P<h>[0-2]?\d)\s?[:.h]\s?(?P<m>[0-5]\d)(?:\s?[:.]\s?(?P<s>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?",
                   re.I)


@dataclass(frozen=True, slots=True)
class DateMatch:
    value: date
    raw: str
    start: int
    end: int
    kind: str  # which pattern read it: iso, legal, dmy_name, mdy_name, numeric


def _year(text: str) -> int:
    digits = text.lstrip("'").replace(" ", "")
    year = int(digits)
    if year >= 100 or len(digits) != 2:
        return year
    return year + (1900 if year >= 69 else 2000)  # the POSIX pivot: '70 is 1970, '18 is 2018


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int, day_first: bool) -> date | None:
    if a > 12 >= b:
        return _make(year, b, a)
    if b > 12 >= a:
        return _make(year, a, b)
    return _make(year, b, a) if day_first else _make(year, a, b)


def _from_match(kind: str, m: re.Match[str], day_first: bool) -> date | None:
    groups = m.groupdict()
    if kind == "iso":
        return _make(int(groups["year"]), int(groups["month"]), int(groups["day"]))
    if kind == "numeric":
        return _numeric(int(groups["a"]), int(groups["b"]), _year(groups["year"]), day_first)
    month = MONTHS.get(groups["mon"].lower().rstrip("."))
    if month is None:
        return None
    return _make(_year(groups["year"]), month, int(groups["day"]))


def find_dates(text: str, day_first: bool = True) -> list[DateMatch]:
    """Every date in `text`, left to right; overlapping readings keep the earliest, longest one."""
    return list(_find_dates(text, day_first))


@lru_cache(maxsize=64)  # several date fields read the same pages
def _find_dates(text: str, day_first: bool) -> tuple[DateMatch, ...]:
    found: list[DateMatch] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _from_match(kind, m, day_first)
            if value is None:
                continue
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            found.append(DateMatch(value, m.group(0), m.start(), m.end(), kind))
    return tuple(sorted(found, key=lambda f: f.start))


def parse_date(text: str, day_first: bool = True) -> date | None:
    """The first date in `text`, or None."""
    found = find_dates(text, day_first)
    return found[0].value if found else None


def infer_day_first(text: str, default: bool = True, margin: int = 1) -> bool:
    """Whether the numeric dates of a text are day-first, from the ones whose order is unambiguous: the default
    stands unless one order leads the other by `margin` dates."""
    votes = 0
    for m in _PATTERNS[-1][1].finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            votes += 1
        elif b > 12 >= a:
            votes -= 1
    if abs(votes) >= margin:
        return votes > 0
    return default


def parse_time(text: str) -> tuple[int, int, int] | None:
    m = _TIME.search(text)
    if not m:
        return None
    hour, minute, second = int(m.group("h")), int(m.group("m")), int(m.group("s") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    return hour, minute, second


def parse_datetime(text: str, day_first: bool = True) -> datetime | None:
    """A date and, when present after it, a time of day; midnight when there is none."""
    found = find_dates(text, day_first)
    if not found:
        return None
    first = found[0]
    clock = parse_time(text[first.end:]) or (0, 0, 0)
    return datetime(first.value.year, first.value.month, first.value.day, *clock)
