"""A candidate answer for one field, and typing raw text into the value a field's data_type asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fieldwise.extraction.normalize import (
    find_amounts, find_checkbox, find_dates, find_durations, match_option, match_options, parse_bool,
    parse_datetime, parse_integer,
)
from fieldwise.extraction.result import Evidence
from fieldwise.extraction.schema import FieldSpec


@dataclass(slots=True)
class Signals:
    """What a reader saw when it proposed a value, beyond its own score: the raw material of the scorer's features
    (extraction.features). Every field has a neutral default, so a reader sets only what it knows."""

    match: float = 0.0  # how well the label names the field (meaning.label_match); 0 without a label
    several: bool = False  # the label points at a row of values of the kind: which one, it does not say
    place: float = 0.0  # where the value stood from its label: 1 on its line, less to the right or below
    rank: int = 0  # a layout reader's order of preference among its own proposals (0: its first)
    sources: int = 1  # kinds of reader that found the same value
    learned: float = 0.0  # layout memory: how alike the taught layout is and how reliable its lesson
    learned_p: float | None = None  # layout memory: the share of its lessons' values that reviewers kept
    shape_kept: bool = True  # layout memory: the value has the shape the reviewer's value had


@dataclass(slots=True)
class Candidate:
    value: Any
    evidence: Evidence
    score: float  # 0..1, how well the strategy that found it likes it
    source: str  # the strategy: label, concept name, type scan ...
    unit: str | None = None
    ocr_confidence: float | None = None
    support: int = 1  # how many readings agree on this value
    signals: Signals = field(default_factory=Signals)
    label: str | None = None  # the words on the page that pointed at it, when a label did
    learned_from: dict[str, str] | None = None  # the layout memory that proposed it: {memory_id, collection_id}

    @property
    def key(self) -> str:
        return re.sub(r"\W+", "", str(self.value).upper())


@dataclass(frozen=True, slots=True)
class Typed:
    value: Any
    raw: str
    unit: str | None = None


def clean_string(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" \t:;,-–|#")


def type_value(raw: str, spec: FieldSpec, day_first: bool = True) -> Typed | None:
    """The first value of the field's data_type that `raw` holds, or None. Strings come back cleaned."""
    kind = spec.data_type
    if kind == "date":
        dates = find_dates(raw, day_first)
        return Typed(dates[0].value.isoformat(), dates[0].raw) if dates else None
    if kind == "datetime":
        moment = parse_datetime(raw, day_first)
        return Typed(moment.isoformat(), raw.strip()) if moment else None
    if kind in ("integer", "float"):
        return _typed_number(raw, spec)
    if kind == "boolean":
        value = find_checkbox(raw)
        value = parse_bool(raw) if value is None else value
        return Typed(value, raw.strip()) if value is not None else None
    if kind == "enum":
        name, _ = match_option(raw, spec.enum_options)
        return Typed(name, raw.strip()) if name else None
    if kind == "multi_select":
        names = match_options(raw, spec.enum_options)
        return Typed(names, raw.strip()) if names else None
    text = clean_string(raw)
    if not text:
        return None
    return Typed([text] if kind == "list" else text, text)


def _typed_number(raw: str, spec: FieldSpec) -> Typed | None:
    durations = find_durations(raw)
    if durations and not find_amounts(raw[:durations[0].start]):
        d = durations[0]
        number = int(d.number) if spec.data_type == "integer" else float(d.number)
        return Typed(number, d.raw, d.unit)
    amounts = [a for a in find_amounts(raw) if not _looks_like_date_or_time(raw, a.start, a.end)]
    if not amounts:
        return None
    money = amounts[0]
    if spec.data_type == "integer":
        value = parse_integer(money.raw)
        return Typed(value, money.raw, money.currency) if value is not None else None
    return Typed(float(money.amount), money.raw, money.currency)


def _looks_like_date_or_time(text: str, start: int, end: int) -> bool:
    before, after = text[max(start - 1, 0):start], text[end:end + 1]
    return before in ("/", ":") or after in ("/", ":")
