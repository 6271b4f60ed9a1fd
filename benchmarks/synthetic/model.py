"""What a generated document says, before any layout places it: the parts every layout draws."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Pair:
    label: str
    text: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns


@dataclass
class Content:
    kind: str
    language: str
    locale: str
    title: str = ""
    letterhead: list[str] = field(default_factory=list)  # the issuer: name first, then its address
    parties: list[tuple[str, list[str]]] = field(default_factory=list)  # (role label, lines)
    pairs: list[Pair] = field(default_factory=list)  # key facts: numbers, dates, ids
    table: Table | None = None
    totals: list[Pair] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)  # check boxes (forms)
    prose: list[str] = field(default_factory=list)  # paragraphs (letters)
    footer: list[str] = field(default_factory=list)
    answers: dict[str, object] = field(default_factory=dict)  # field -> typed answer: ISO dates, numbers
    printed: dict[str, str] = field(default_factory=dict)  # schema field -> the text the page shows for it
