"""A document reduced to what layout memory needs: per page, its lines as words with boxes (fractions of the
page), and the layout fingerprint those words give. Plain JSON both ways, bounded, so a run can store it and a
review made later can learn from it without reading the file again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fieldwise.documents.model import BBox, Document

MAX_WORDS = 4000  # words kept of one document (its first pages first)
MAX_FINGERPRINT = 300  # tokens of one fingerprint
_X_TOLERANCE, _Y_TOLERANCE = 0.05, 0.03  # how far a label word may move and still be the same layout's word
_STABLE = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class SheetWord:
    text: str
    box: BBox


SheetLine = list[SheetWord]


@dataclass(slots=True)
class Sheet:
    pages: dict[int, list[SheetLine]]
    _rows: dict[int, list[SheetLine]] = field(default_factory=dict)

    def rows(self, number: int) -> list[SheetLine]:
        """The page's words in rows, top to bottom, each left to right: a label and its value that a reader put
        on separate lines ('Order / Rev:' | '1344601') stand in one row."""
        if number not in self._rows:
            self._rows[number] = _rows_of(self.pages.get(number, []))
        return self._rows[number]

    @staticmethod
    def from_document(document: Document) -> "Sheet":
        pages: dict[int, list[SheetLine]] = {}
        budget = MAX_WORDS
        for page in document.pages:
            lines: list[SheetLine] = []
            for line in page.lines:
                words = [SheetWord(w.text, w.bbox) for w in sorted(line.words, key=lambda w: w.bbox.x0)
                         if w.text.strip()][:max(budget, 0)]
                if words:
                    lines.append(words)
                    budget -= len(words)
            pages[page.number] = lines
            if budget <= 0:
                break
        return Sheet(pages)

    def to_json(self) -> dict[str, object]:
        return {"pages": [[number, [[[w.text, *box_json(w.box)] for w in line] for line in lines]]
                          for number, lines in self.pages.items()]}

    @staticmethod
    def from_json(data: dict[str, object] | None) -> "Sheet":
        pages: dict[int, list[SheetLine]] = {}
        stored = (data or {}).get("pages", [])
        for number, lines in stored if isinstance(stored, list) else []:
            pages[int(number)] = [[SheetWord(str(w[0]), BBox(*map(float, w[1:5]))) for w in line] for line in lines]
        return Sheet(pages)

    def fingerprint(self) -> list[tuple[str, float, float]]:
        """The first page's words that read as label or header words (letters only, three or more), with where
        their centres sit: what stays the same from one document of a layout to the next."""
        if not self.pages:
            return []
        first = self.pages[min(self.pages)]
        out: list[tuple[str, float, float]] = []
        seen: set[tuple[str, int, int]] = set()
        for line in sorted(first, key=lambda l: (l[0].box.y0, l[0].box.x0)):
            for word in line:
                text = _stable(word.text)
                if text is None:
                    continue
                x, y = round(word.box.cx, 3), round(word.box.cy, 3)
                cell = (text, int(x / _X_TOLERANCE), int(y / _Y_TOLERANCE))
                if cell in seen:
                    continue
                seen.add(cell)
                out.append((text, x, y))
                if len(out) == MAX_FINGERPRINT:
                    return out
        return out


def _stable(text: str) -> str | None:
    """The word as a fingerprint holds it, or None when it is not a label or header word."""
    text = text.strip(".:;,()#*").lower()
    return text if _STABLE.fullmatch(text) else None


def in_fingerprint(fingerprint: list[tuple[str, float, float]] | list[list], text: str, x: float, y: float) -> bool:
    """Whether the word `text` centred at (x, y) is one of the fingerprint's layout words at its place."""
    word = _stable(text)
    return word is not None and any(t == word and abs(tx - x) <= _X_TOLERANCE and abs(ty - y) <= _Y_TOLERANCE
                                    for t, tx, ty in fingerprint)


def _rows_of(lines: list[SheetLine]) -> list[SheetLine]:
    words = sorted((w for line in lines for w in line), key=lambda w: w.box.cy)
    rows: list[SheetLine] = []
    centre = height = 0.0
    for word in words:
        if rows and abs(word.box.cy - centre) < 0.5 * min(height, max(word.box.height, 0.002)):
            rows[-1].append(word)
            continue
        rows.append([word])
        centre, height = word.box.cy, max(word.box.height, 0.002)
    return [sorted(row, key=lambda w: w.box.x0) for row in rows]


def box_json(box: BBox) -> list[float]:
    return [round(box.x0, 4), round(box.y0, 4), round(box.x1, 4), round(box.y1, 4)]


def similarity(a: list[tuple[str, float, float]] | list[list], b: list[tuple[str, float, float]] | list[list]) -> float:
    """Dice overlap of two fingerprints, a word matching the same word near the same place: 1 for one layout
    read twice, near 0 for unrelated layouts."""
    if not a or not b:
        return 0.0
    spots: dict[str, list[tuple[float, float]]] = {}
    for text, x, y in b:
        spots.setdefault(text, []).append((x, y))
    matched = 0
    for text, x, y in a:
        places = spots.get(text)
        if not places:
            continue
        for i, (bx, by) in enumerate(places):
            if abs(bx - x) <= _X_TOLERANCE and abs(by - y) <= _Y_TOLERANCE:
                matched += 1
                del places[i]
                break
    return 2 * matched / (len(a) + len(b))
