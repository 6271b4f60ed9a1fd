"""The one Document model every reader produces: pages -> blocks -> lines -> words.

Every box is in fractions of its page (0..1), origin top-left, so evidence boxes can be drawn on a page image of
any resolution. Words read by OCR carry the recognizer's confidence (0..1); words from a text layer carry None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

BlockType = Literal["text", "title", "section-header", "table", "picture", "other"]


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def union(boxes: Iterable["BBox"]) -> "BBox":
        boxes = list(boxes)
        if not boxes:
            return BBox(0.0, 0.0, 0.0, 0.0)
        return BBox(
            min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes)
        )

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def overlaps(self, other: "BBox") -> bool:
        return min(self.x1, other.x1) > max(self.x0, other.x0) and min(self.y1, other.y1) > max(self.y0, other.y0)

    def to_dict(self, ndigits: int = 4) -> dict[str, float]:
        return {
            "x0": round(self.x0, ndigits),
            "y0": round(self.y0, ndigits),
            "x1": round(self.x1, ndigits),
            "y1": round(self.y1, ndigits),
        }


@dataclass(slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float | None = None  # OCR recognizer confidence 0..1; None for a text layer


@dataclass(slots=True)
class Line:
    words: list[Word]
    bbox: BBox | None = None

    def __post_init__(self) -> None:
        if self.bbox is None:
            self.bbox = BBox.union(w.bbox for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class Cell:
    text: str
    bbox: BBox | None = None


@dataclass(slots=True)
class Block:
    lines: list[Line]
    type: BlockType = "text"
    bbox: BBox | None = None
    rows: list[list[Cell]] | None = None  # set for tables: rows of cells
    hyperlinks: list[dict[str, str]] = field(default_factory=list)
    continued: bool = False  # a table that carries on the last table of the previous page (join their rows)

    def __post_init__(self) -> None:
        if self.bbox is None:
            self.bbox = BBox.union(line.bbox for line in self.lines if line.bbox is not None)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float  # in the reader's unit (PDF points, image pixels); boxes are fractions of it
    height: float
    blocks: list[Block] = field(default_factory=list)
    source: Literal["text", "ocr", "structured"] = "text"

    @property
    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            yield from block.lines

    @property
    def words(self) -> Iterator[Word]:
        for line in self.lines:
            yield from line.words

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(slots=True)
class Document:
    pages: list[Page]
    media_type: str
    warnings: list[str] = field(default_factory=list)  # pages that failed OCR, attachments that were skipped, ...

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)
