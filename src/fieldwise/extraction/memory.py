"""Layout memory: what a reviewer's answer teaches about where a field's value stands on a layout, and the learned
candidates those lessons propose on a later document of that layout. Pure: the caller loads and stores lessons.

A lesson is the value found on the reviewed page (typed like the field), the anchor words that lead to it (the
words before it on its line, else the column header above it, else none: the page itself), the value's box
relative to the anchor's, its shape ('9-9', 'a 9, 9') and the document's layout fingerprint (sheet.py). On a
later document whose fingerprint is similar enough, the anchor is found again near where it stood, the box is
moved with it, and the words there are typed like the field."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fieldwise.documents.model import BBox
from fieldwise.extraction.candidates import Candidate, Signals, Typed, type_value
from fieldwise.extraction.meaning import FieldMeaning, concepts, label_match, read_field
from fieldwise.extraction.normalize.dates import find_dates
from fieldwise.extraction.result import Evidence
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.sheet import Sheet, SheetLine, SheetWord, box_json, in_fingerprint, similarity

MATCH = 0.3  # least fingerprint similarity at which a lesson applies (layouts of one form sit above 0.4)
LEARNABLE = ("string", "date", "datetime", "integer", "float", "enum")
_SPAN = 12  # most words one value may take
MAX_TAUGHT = 600  # most letters and digits of a string value a lesson is looked for
_ANCHOR_WORDS = 4
_DATES = ("date", "datetime")
LEARNED_RIGHT = 0.85  # of learned values offered on a like layout, the share a reviewer kept (benchmarks.learning)
_REACH = 0.25  # farthest (page fractions) an anchor may have moved from where it was learned


@dataclass(frozen=True, slots=True)
class Lesson:
    """One reviewed value of one field on one document, as stored (see `to_json`)."""

    field: str
    page: int
    anchor: tuple[str, ...]  # the anchor's words, lower case; () when the value is placed on the page alone
    anchor_box: BBox
    value_box: BBox
    shape: str
    words: int  # how many words the value took
    day_first: bool | None = None  # how the layout writes dates (03/08/20), when the taught date said so
    part: int = 0  # which of the dates its words hold the value is: 0 the first, -1 the last ('01/06-07/06')

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "page": self.page, "anchor": list(self.anchor),
                "anchor_box": box_json(self.anchor_box), "value_box": box_json(self.value_box), "shape": self.shape,
                "words": self.words, "day_first": self.day_first, "part": self.part}

    @staticmethod
    def from_json(data: dict[str, Any]) -> "Lesson":
        return Lesson(str(data["field"]), int(data["page"]), tuple(data["anchor"]), BBox(*data["anchor_box"]),
                      BBox(*data["value_box"]), str(data["shape"]), int(data["words"]), data.get("day_first"),
                      int(data.get("part", 0)))


@dataclass(frozen=True, slots=True)
class Memory:
    """A lesson with its layout and its record: which document taught it, how often it proved right or wrong."""

    id: str
    lesson: Lesson
    fingerprint: list[tuple[str, float, float]]
    collection_id: str
    hits: tuple[str, ...] = ()  # the documents where the value it read was kept
    misses: tuple[str, ...] = ()  # and where a reviewer corrected it


@dataclass(slots=True)
class Recalled:
    """What a workflow's memories say of one field on one document: the values they read where reviewers
    taught them (learned candidates), and the values they read where reviews corrected them as often as they
    taught them, with how far to believe the engine when it reads one of those (`doubted`: key -> factor)."""

    candidates: list[Candidate] = field(default_factory=list)
    doubted: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Memories:
    """A workflow's memories, handed to the engine by the caller that loaded them."""

    items: list[Memory] = field(default_factory=list)

    def on(self, sheet: Sheet) -> "Recall":
        """What the memories say on one document: those of a like layout, each with how like it is (one
        fingerprint comparison per reviewed document, however many of its lessons there are)."""
        fingerprint = sheet.fingerprint()
        likeness: dict[tuple, float] = {}
        alike: list[tuple[Memory, float]] = []
        for memory in self.items:
            prints = memory.fingerprint  # one per reviewed run: its document, its size and its ends tell it
            key = (memory.collection_id, len(prints), tuple(prints[0] if prints else ()),
                   tuple(prints[-1] if prints else ()))
            if key not in likeness:
                likeness[key] = similarity(fingerprint, memory.fingerprint)
            if likeness[key] >= MATCH:
                alike.append((memory, likeness[key]))
        return Recall(sheet, alike)


@dataclass(slots=True)
class Recall:
    """The memories of a layout like one document's (`alike`: each with its likeness), read on its sheet."""

    sheet: Sheet
    alike: list[tuple[Memory, float]]
    _norms: dict[int, list[list[str]]] = field(default_factory=dict)

    def norms(self, page: int) -> list[list[str]]:
        """The page's rows as anchors compare words: lower case, outer punctuation off."""
        if page not in self._norms:
            self._norms[page] = [[_norm(w.text) for w in row] for row in self.sheet.rows(page)]
        return self._norms[page]

    def propose(self, spec: FieldSpec, day_first: bool) -> Recalled:
        """One learned candidate per value the memories read on this document, weighed by the pooled record of
        the memories that read it: a place several reviews taught outweighs one taught once, and one that
        reviews corrected as often as they taught it proposes nothing and makes the engine doubt its value."""
        out = Recalled()
        if spec.data_type not in LEARNABLE:
            return out
        found: dict[str, tuple[Candidate, list[tuple[Memory, float]]]] = {}
        for memory, likeness in self.alike:
            if memory.lesson.field != spec.name:
                continue
            candidate = _recall(self, memory, spec, day_first)
            if candidate is None:
                continue
            voters = found[candidate.key][1] if candidate.key in found else []
            if not voters or likeness > max(like for _, like in voters):
                found[candidate.key] = (candidate, voters)  # the reading of the likest layout that taught it
            voters.append((memory, likeness))
        for key, (candidate, voters) in found.items():
            taught = {m.collection_id for m, _ in voters}
            hits = {c for m, _ in voters for c in m.hits}
            misses = {c for m, _ in voters for c in m.misses}
            support = len(taught | hits)
            reliability = (support + 1) / (support + len(misses) + 1)  # 1 untried, falling as reviews correct it
            if len(misses) >= support:
                out.doubted[key] = reliability
            else:
                out.candidates.append(_weigh(candidate, voters, reliability, len(hits) + len(taught) - 1, len(misses)))
        return out

    def day_first(self) -> bool | None:
        """How documents of this layout write numeric dates, as the dates reviewers gave on it said (None: no
        taught date told): the order holds for every date of the layout, not only the field taught."""
        votes = [m.lesson.day_first for m, _ in self.alike if m.lesson.day_first is not None]
        if not votes:
            return None
        first = sum(votes)
        return None if 2 * first == len(votes) else 2 * first > len(votes)


def _weigh(candidate: Candidate, voters: list[tuple[Memory, float]], reliability: float, kept: int,
           misses: int) -> Candidate:
    """Score a learned candidate by the pooled record of the memories that read it: the documents whose review
    taught or kept it, and those whose review corrected it; a document's verdict counts once, however many
    of the memories read it. `kept`: reviews past the first that taught or kept it."""
    likeness = max(like for _, like in voters)
    nearest = max(voters, key=lambda v: v[1])[0]
    candidate.score = strength(likeness, reliability, 1.0 if candidate.signals.shape_kept else 0.0)
    candidate.signals.learned = candidate.score
    belief = (kept + 4 * LEARNED_RIGHT) / (kept + misses + 4)
    candidate.signals.learned_p = belief * (0.9 + 0.1 * min((likeness - MATCH) / (0.6 - MATCH), 1.0))
    candidate.learned_from = {"memory_id": nearest.id, "collection_id": nearest.collection_id,
                              "memory_ids": [m.id for m, _ in voters]}
    return candidate


def strength(likeness: float, reliability: float, same_shape: float) -> float:
    """How much a learned candidate is worth: a reviewer's answer on a layout this like the document's outranks
    what the engine reads alone; a lesson that proved wrong, or a value of another shape, weighs less."""
    layout = min((likeness - MATCH) / (0.6 - MATCH), 1.0)
    return round((0.8 + 0.2 * layout) * reliability * (1.0 if same_shape else 0.8), 4)


def shape(text: str) -> str:
    out = re.sub(r"\d+", "9", text)
    return re.sub(r"[^\W\d_]+", "a", out)


# --- learning -------------------------------------------------------------------------------------------------


def teach(sheet: Sheet, spec: FieldSpec, value: Any, near: BBox | None = None,
          near_page: int | None = None) -> Lesson | None:
    """The lesson of `value` on this document, or None when the value is not on its pages (or the field's kind
    is not learned). `near`: where the engine found the value, to choose among several places that print it;
    without it, the place whose anchor names the field best ('Flight Dates' for flight_start, as the engine
    reads a label), then one with an anchor at all."""
    if spec.data_type not in LEARNABLE or value in (None, "", []):
        return None
    spots = [(spot, *_anchor(sheet, spot[0], spot[1], spot[2])) for spot in _places(sheet, spec, value)]
    if not spots:
        return None
    if near is not None:
        spot, anchor, _ = min(spots, key=lambda s: (s[0][0] != near_page, _distance(_span_box(*s[0][1:]), near)))
    else:
        meaning = read_field(spec)
        spot, anchor, _ = min(spots, key=lambda s: (-_relevance(s[1], meaning), s[2] == "page"))
    return _lesson(spec, value, spot, anchor)


def _lesson(spec: FieldSpec, value: Any, spot: tuple[int, SheetLine, int, int],
            anchor: list[SheetWord]) -> Lesson:
    page, line, start, end = spot
    box = _span_box(line, start, end)
    text = " ".join(w.text for w in line[start:end])
    anchor_box = BBox.union(w.box for w in anchor) if anchor else BBox(0.0, 0.0, 0.0, 0.0)
    orders = [o for o in (True, False) if _reads_as(text, spec, value, o)] if spec.data_type in _DATES else []
    day_first = orders[0] if len(orders) == 1 else None
    return Lesson(spec.name, page, tuple(_norm(w.text) for w in anchor), anchor_box, box, shape(text), end - start,
                  day_first, _part(text, value, day_first) if spec.data_type == "date" else 0)


def _relevance(anchor: list[SheetWord], meaning: FieldMeaning) -> float:
    """How well the anchor's words answer the field, as the engine reads a label (meaning.label_match)."""
    return label_match(meaning, concepts(" ".join(w.text for w in anchor))) if anchor else 0.0


def _places(sheet: Sheet, spec: FieldSpec, value: Any):
    """(page, line, start, end) of each shortest run of words on one line that reads as `value`."""
    wanted = _key(str(value)) if spec.data_type == "string" else None
    figured = spec.data_type in ("date", "datetime", "integer", "float")
    if wanted is not None and not 0 < len(wanted) <= MAX_TAUGHT:
        return  # no run of _SPAN words prints it: a reviewer's essay teaches nothing, and costs nothing
    for number in sheet.pages:
        for line in sheet.rows(number):
            found: list[tuple[int, int]] = []
            figures = [i for i, w in enumerate(line) if any(c.isdigit() for c in w.text)] if figured else []
            for start in range(len(line)):
                first = start + 1
                if figured:  # a date or an amount: no run ends before its first figure
                    figure = next((i for i in figures if i >= start), None)
                    if figure is None:
                        break
                    if figure >= start + _SPAN:
                        continue
                    first = figure + 1
                for end in range(first, min(start + _SPAN, len(line)) + 1):
                    text = " ".join(w.text for w in line[start:end])
                    if wanted is not None:
                        said = _key(text)
                        if said == wanted:
                            found.append((start, end))
                        if len(said) >= len(wanted):
                            break  # longer runs only say more
                    elif _reads_as(text, spec, value):
                        found.append((start, end))
                        break
            for start, end in found:  # drop a run that holds a shorter one ('$4,125.00 Total' around '$4,125.00')
                if not any(s >= start and e <= end and (s, e) != (start, end) for s, e in found):
                    yield number, line, start, end


def _reads_as(text: str, spec: FieldSpec, value: Any, *orders: bool) -> bool:
    """Whether `text` reads as the (not string) `value`, in either date order or in those given."""
    if spec.data_type == "date":
        return any(_part(text, value, order) is not None for order in orders or (True, False))
    for day_first in orders or (True, False):
        typed = type_value(text, spec, day_first)
        if typed is not None and _same(typed.value, value):
            return True
    return False


def _part(text: str, value: Any, day_first: bool | None) -> int | None:
    """Which of the dates in `text` is `value`: 0 for the first (or only), -1 for the last of several, None
    when none is."""
    for order in (True, False) if day_first is None else (day_first,):
        dates = [d.value.isoformat() for d in find_dates(text, order)]
        if dates and dates[0] == str(value)[:10]:
            return 0
        if len(dates) > 1 and dates[-1] == str(value)[:10]:
            return -1
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 0.005
    return str(a)[:10] == str(b)[:10] if isinstance(a, str) and len(str(b)) >= 10 else a == b


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.upper())


def _anchor(sheet: Sheet, page: int, line: SheetLine, start: int) -> tuple[list[SheetWord], str]:
    """The words that lead to a value: the nearest words with letters before it in its row (up to a wide gap
    before them), else the words of the nearest row above that stand over it (a column's header), else none."""
    before: list[SheetWord] = []
    for word in reversed(line[:start]):
        if not before and not re.search(r"[^\W\d_]", word.text):
            continue  # a figure between the label and the value ('Totals 14 $4,125.00', '04/20/20 - 04/26/20')
        if before and (re.search(r"\d", word.text) or len(before) == _ANCHOR_WORDS
                       or before[0].box.x0 - word.box.x1 > 1.5 * max(word.box.height, 0.005)):
            break  # an anchor is label words only: a figure in it would differ on the next document
        before.insert(0, word)
    if before:
        return before, "left"
    value = line[start]
    above = [l for l in sheet.rows(page) if l[0].box.y1 <= value.box.y0 + 0.002
             and value.box.y0 - l[0].box.y1 < 4 * max(value.box.height, 0.005)]
    for candidate in sorted(above, key=lambda l: -l[0].box.y1):
        over = [w for w in candidate if w.box.x1 > value.box.x0 - 0.01 and w.box.x0 < value.box.x1 + 0.01]
        if any(re.search(r"[^\W\d_]", w.text) for w in over):
            return over[:_ANCHOR_WORDS], "above"
    return [], "page"


# --- recall ---------------------------------------------------------------------------------------------------


def _recall(recall: Recall, memory: Memory, spec: FieldSpec, day_first: bool) -> Candidate | None:
    lesson = memory.lesson
    page = lesson.page if lesson.page in recall.sheet.pages else None
    if page is None:
        return None
    rows = recall.sheet.rows(page)
    if lesson.anchor:
        spot = _find_anchor(rows, recall.norms(page), lesson)
        if spot is None:
            return None
        line, anchor_end, anchor_box = spot
    else:
        line, anchor_end, anchor_box = None, 0, lesson.anchor_box
    dx, dy = anchor_box.x1 - lesson.anchor_box.x1, anchor_box.y0 - lesson.anchor_box.y0  # from its right edge
    want = BBox(lesson.value_box.x0 + dx, lesson.value_box.y0 + dy, lesson.value_box.x1 + dx,
                lesson.value_box.y1 + dy)

    def stops(word: SheetWord) -> bool:
        """A word that ends the value: a label of the layout (a word of the taught document's fingerprint, at its
        place, outside the taught value)."""
        return _layout_word(word, memory.fingerprint, lesson.value_box, dx, dy)

    words = _words_at(rows, want, line, anchor_end, lesson.words, stops)
    if not words:
        return None
    text = " ".join(w.text for w in words)
    if not _same_kind(text, lesson.shape):
        return None
    order = day_first if lesson.day_first is None else lesson.day_first
    if lesson.part and spec.data_type == "date":
        dates = find_dates(text, order)
        typed = Typed(dates[lesson.part].value.isoformat(), dates[lesson.part].raw) if dates else None
    else:
        typed = type_value(text, spec, order)
    if typed is None:
        return None
    box = BBox.union(w.box for w in words)
    label = " ".join(lesson.anchor) or None
    return Candidate(typed.value, Evidence(text, page, box), 0.0, "memory", typed.unit, label=label,
                     signals=Signals(shape_kept=shape(text) == lesson.shape or "a" in lesson.shape))


def _same_kind(text: str, learned: str) -> bool:
    """A value taught as a figure ('4184902', '270818 / 5') must read as one: words where the reviewer's value
    had none are another field's text that moved into the place."""
    return "a" in learned or not re.search(r"[^\W\d_]{2,}", text)


def _layout_word(word: SheetWord, fingerprint: list[tuple[str, float, float]], taught: BBox, dx: float,
                 dy: float) -> bool:
    x, y = word.box.cx - dx, word.box.cy - dy  # where it would stand on the taught document
    if taught.x0 <= x <= taught.x1 and taught.y0 <= y <= taught.y1:
        return False
    return in_fingerprint(fingerprint, word.text, x, y)


def _find_anchor(lines: list[SheetLine], norms: list[list[str]], lesson: Lesson) -> tuple[SheetLine, int, BBox] | None:
    """The place on the page where the anchor's words stand in a row, nearest where they stood; when the whole
    anchor is not found, its last words alone (the ones next to the value: 'Advertiser' of 'KECI Television
    Advertiser', whose first words name the station)."""
    for size in range(len(lesson.anchor), 0, -1):
        words = lesson.anchor[-size:]
        if not any(len(w) >= 3 for w in words):
            return None  # '#' alone anchors nothing
        best: tuple[float, SheetLine, int, BBox] | None = None
        for line, said in zip(lines, norms):
            for start in range(len(line) - size + 1):
                if tuple(said[start:start + size]) != words:
                    continue
                box = BBox.union(w.box for w in line[start:start + size])
                far = abs(box.x1 - lesson.anchor_box.x1) + abs(box.y0 - lesson.anchor_box.y0)
                if far <= _REACH and (best is None or far < best[0]):
                    best = (far, line, start + size, box)
        if best is not None:
            return best[1:]  # type: ignore[return-value]
    return None


def _words_at(lines: list[SheetLine], want: BBox, anchor_line: SheetLine | None, anchor_end: int,
              count: int, stops: Callable[[SheetWord], bool]) -> list[SheetWord]:
    """The words of the line at `want`'s height that start inside its span (after the anchor, on the anchor's
    own line), then the words that carry on without a wide gap: a name longer than the one learned. A word
    that `stops` ends the value."""
    height = max(want.height, 0.005)
    rows = [l for l in lines if abs(l[0].box.cy - want.cy) < 0.6 * height or _overlaps(l, want)]
    if not rows:
        return []
    row = min(rows, key=lambda l: abs(BBox.union(w.box for w in l).cy - want.cy))
    start = anchor_end if row is anchor_line else 0
    picked = [i for i in range(start, len(row))  # words mostly inside the span: not the date before the one learned
              if min(row[i].box.x1, want.x1) - max(row[i].box.x0, want.x0) > 0.5 * row[i].box.width]
    if not picked:
        return []
    first = picked[0]
    last = next((i - 1 for i in range(first, picked[-1] + 1) if stops(row[i])), picked[-1])
    while last + 1 < len(row) and _joined(row[last], row[last + 1]) and last + 1 - first < max(count, 1) + 4 \
            and not stops(row[last + 1]):
        last += 1
    return row[first:last + 1]


def _joined(word: SheetWord, following: SheetWord) -> bool:
    """Whether `following` carries on from `word` without a wide gap: one phrase, not the next column."""
    return following.box.x0 - word.box.x1 < 1.5 * max(word.box.height, 0.005)


def _overlaps(line: SheetLine, want: BBox) -> bool:
    top, bottom = min(w.box.y0 for w in line), max(w.box.y1 for w in line)
    return min(bottom, want.y1) - max(top, want.y0) > 0.5 * min(bottom - top, want.height)


def _span_box(line: SheetLine, start: int, end: int) -> BBox:
    return BBox.union(w.box for w in line[start:end])


def _distance(a: BBox, b: BBox) -> float:
    return abs(a.x0 - b.x0) + abs(a.y0 - b.y0)


def _norm(text: str) -> str:
    return text.lower().strip(".:;,#*()")

