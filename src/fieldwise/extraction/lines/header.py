"""The header row of a line-item table: printed words that name at least two of an object field's children,
matched through the lexicon and the meaning model like any label ("Menge", "Qté", "Einzelpreis", "PU HT").
A header may be printed on two text lines ("Unit Price Excl." over "VAT") and split by the reader into pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.datafiles import load
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.meaning import FieldMeaning, concepts, label_match, read_field, split_name
from fieldwise.extraction.page_labels import words_of
from fieldwise.extraction.schema import FieldSpec

_NUMERIC = ("integer", "float")
_FIGURES = re.compile(r"[0-9]")  # a header prints no figures (and '³' of a mis-decoded 'ó' is none)


@lru_cache(maxsize=1)
def settings() -> dict:
    return load("lines")


@lru_cache(maxsize=256)
def _role(name: str, description: str) -> str | None:
    roles = settings()["roles"]
    for text in (split_name(name), description):
        said = set(concepts(text))
        for role, words in roles.items():
            if said & set(words):
                return role
    return None


def role_of(child: FieldSpec) -> str | None:
    """The part a numeric child plays in a row's arithmetic: quantity, unit_price or amount (data/lines.toml)."""
    return _role(child.name, child.description) if child.data_type in _NUMERIC else None


@dataclass(frozen=True, slots=True)
class Column:
    child: FieldSpec | None  # None: a printed column no child asked for ('Einheit', 'Steuersatz')
    box: BBox  # the header words' box
    match: float  # how well the words say the child (meaning.label_match), 0 for nobody's column


@dataclass(frozen=True, slots=True)
class Header:
    page: int
    top: float
    bottom: float
    columns: tuple[Column, ...]  # left to right

    def of(self, child: FieldSpec) -> Column | None:
        return next((c for c in self.columns if c.child is child), None)

    @property
    def description(self) -> Column | None:
        return next((c for c in self.columns if c.child is not None and c.child.data_type not in _NUMERIC), None)


def _band(index: DocIndex, seed: LineRef) -> tuple[list[list[Word]], set[int]]:
    """The seed line and the figure-free lines of its page printed beside it or one line above or below it: one
    header printed in pieces. Each entry is one text line's words, left to right; with the entries printed on the
    seed's own row (the others join the header only where they name a child: 'Unit Price Excl.' over 'VAT')."""
    height = max(seed.bbox.height, 0.004)
    out, core = [], set()
    for line in index.page_text(seed.page).lines:
        if abs(line.bbox.cy - seed.bbox.cy) <= 1.6 * height and not _FIGURES.search(line.text):
            if abs(line.bbox.cy - seed.bbox.cy) <= 0.5 * height:
                core.add(len(out))
            out.append(words_of(line))
    return out, core


def _apart(left: Word, right: Word) -> bool:
    """Two neighbouring words of a line stand in different columns: more than a wide space between them."""
    return right.bbox.x0 - left.bbox.x1 > settings()["table"]["column_gap"] * max(left.bbox.height, 0.003)


def _phrases(lines: list[list[Word]]) -> list[tuple[tuple[int, int], list[Word], list[str]]]:
    """Every run of one to `header_span` neighbouring words of a line, with the concepts it reads as."""
    longest = settings()["table"]["header_span"]
    out = []
    for number, words in enumerate(lines):
        for a in range(len(words)):
            for b in range(a + 1, min(a + longest, len(words)) + 1):
                if b - a > 1 and _apart(words[b - 2], words[b - 1]):
                    break  # a phrase does not run across a column gap
                said = concepts(" ".join(w.text for w in words[a:b]), keep_unknown=True)
                if said:
                    out.append(((number, a, b), words[a:b], said))
    return out


def _read(lines: list[list[Word]], core: set[int], children: list[tuple[FieldSpec, FieldMeaning]],
          page: int, named: int) -> Header | None:
    threshold = settings()["table"]["header_match"]
    phrases = _phrases(lines)
    scored = []
    for child, meaning in children:
        for key, words, said in phrases:
            score = label_match(meaning, said) - 0.01 * len(words)  # the shortest phrase that says it
            if score >= threshold:
                scored.append((score, child, key, words))
    # Text columns first: the description fixes where the item text stands, and a price or an amount is never read
    # from a header printed left of it ('Pos.' is a position, not an amount).
    scored.sort(key=lambda s: (s[1].data_type in _NUMERIC, -s[0], s[3][0].bbox.x0))
    taken: list[Column] = []
    used: set[tuple[int, int]] = set()
    text_left = None
    for score, child, (number, a, b), words in scored:
        if any(c.child is child for c in taken) or any((number, n) in used for n in range(a, b)):
            continue
        box = BBox.union(w.bbox for w in words)
        if child.data_type in _NUMERIC and text_left is not None and box.x1 <= text_left \
                and role_of(child) != "quantity":  # 'Qty  Description ...' leads with a quantity, never a price
            continue
        if child.data_type not in _NUMERIC and text_left is None:
            text_left = box.x0
        used |= {(number, n) for n in range(a, b)}
        taken.append(Column(child, box, score))
    if len(taken) < named or not {number for number, _ in used} & core:
        return None  # the seed's own row names no child: a line above a header is no header
    core |= {number for number, _ in used}
    for number, words in enumerate(lines):  # the rest: columns of nobody, one per run of unused words
        if number not in core:
            continue
        run: list[Word] = []
        for n, word in enumerate(words + [None]):  # type: ignore[operator]
            if word is not None and (number, n) not in used and not (run and _apart(run[-1], word)):
                run.append(word)
                continue
            if run:
                taken.append(Column(None, BBox.union(w.bbox for w in run), 0.0))
            run = [word] if word is not None and (number, n) not in used else []
    if len(taken) < 3:
        return None  # a label beside its value is no header: a header heads three columns or more
    boxes = [w.bbox for number in core for w in lines[number]]
    columns = tuple(sorted(taken, key=lambda c: c.box.x0))
    return Header(page, min(b.y0 for b in boxes), max(b.y1 for b in boxes), columns)


def find_headers(index: DocIndex, spec: FieldSpec, named: int = 2) -> list[Header]:
    """Every header of the field's table, in reading order (one per page when a table runs over pages and repeats
    it), naming at least `named` children."""
    children = [(child, read_field(child)) for child in spec.nested_fields]
    out: list[Header] = []
    for line in index.lines:
        words = words_of(line)
        if not 1 <= len(words) <= 24 or _FIGURES.search(line.text):
            continue
        if any(h.page == line.page and h.top - 0.002 <= line.bbox.cy <= h.bottom + 0.002 for h in out):
            continue
        header = _read(*_band(index, line), children, line.page, named)
        if header is not None:
            out.append(header)
    return out
