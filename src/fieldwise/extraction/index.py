"""A Document flattened for searching: its lines in reading order, and per page one string with offsets to lines."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from fieldwise.documents.model import BBox, Document, Line
from fieldwise.extraction.result import Evidence


@dataclass(slots=True)
class LineRef:
    text: str
    page: int  # 1-based
    bbox: BBox
    position: int  # index in the document's reading order
    block: int  # index of the block on its page
    confidence: float | None  # mean OCR confidence of its words (0..1), None for a text layer
    line: Line

    def evidence(self, text: str | None = None) -> Evidence:
        return Evidence(text if text is not None else self.text, self.page, self.bbox)


@dataclass(slots=True)
class PageText:
    number: int
    text: str
    starts: list[int]  # offset where each of `lines` starts in `text`
    lines: list[LineRef]

    def lines_between(self, start: int, end: int) -> list[LineRef]:
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, max(end - 1, start)) - 1, first)
        return self.lines[first:last + 1]

    def evidence(self, start: int, end: int, text: str | None = None) -> Evidence:
        lines = self.lines_between(start, end)
        snippet = text if text is not None else re.sub(r"\s+", " ", self.text[start:end]).strip()
        return Evidence(snippet, self.number, BBox.union(l.bbox for l in lines) if lines else None)


@dataclass(slots=True)
class DocIndex:
    document: Document
    lines: list[LineRef] = field(default_factory=list)
    pages: list[PageText] = field(default_factory=list)
    memo: dict[str, object] = field(default_factory=dict)  # what strategies read once per document (labels)

    @property
    def is_ocr(self) -> bool:
        return any(p.source == "ocr" for p in self.document.pages)

    def page_text(self, number: int) -> PageText:
        """The page numbered `number` (a part of a split document keeps its pages' numbers)."""
        return next(p for p in self.pages if p.number == number)

    def page_size(self, number: int) -> tuple[float, float]:
        page = next(p for p in self.document.pages if p.number == number)
        return page.width, page.height

    def page_lines(self, number: int) -> list[LineRef]:
        return [l for l in self.lines if l.page == number]

    @property
    def text(self) -> str:
        """The whole document's text, joined once (every reader and every candidate's features ask for it)."""
        if "text" not in self.memo:
            self.memo["text"] = "\n".join(p.text for p in self.pages)
        return self.memo["text"]  # type: ignore[return-value]

    @property
    def folded_text(self) -> str:
        """The document's text in lower case, once."""
        if "folded_text" not in self.memo:
            self.memo["folded_text"] = self.text.lower()
        return self.memo["folded_text"]  # type: ignore[return-value]

    @property
    def prose(self) -> float:
        """The share of lines that are sentences (over ten words): contracts are prose, forms and receipts not.
        Counted once per document: every field's ranking reads it."""
        if "prose" not in self.memo:
            lines = self.lines
            self.memo["prose"] = sum(len(l.text.split()) > 10 for l in lines) / len(lines) if lines else 0.0
        return self.memo["prose"]  # type: ignore[return-value]


def _mean_confidence(line: Line) -> float | None:
    scores = [w.confidence for w in line.words if w.confidence is not None]
    return sum(scores) / len(scores) if scores else None


# A text layer's doubled glyph runs: "New Yo York", "WaWalgreen", "CORPORAT ATION", "Jeffffrey".
_ECHOES = [(re.compile(r"\b([A-Z][a-z]?) ?(?=\1[a-z])"), ""), (re.compile(r"([A-Z]{2}) \1"), r"\1"),
           (re.compile(r"ffff"), "ff")]


def _unecho(text: str) -> str:
    for pattern, replacement in _ECHOES:
        text = pattern.sub(replacement, text)
    return text


def line_text(line: Line) -> str:
    """The line's text, repaired where PDF text layers garble it: a letter-spaced line (one word per character)
    is rejoined into words by the gaps between its characters; a doubled opening fragment is dropped."""
    words = line.words
    singles = [w for w in words if len(w.text) == 1]
    if len(words) < 6 or len(singles) < 0.5 * len(words):
        return _unecho(line.text) if line.words and line.words[0].confidence is None else line.text
    widths = sorted(w.bbox.width for w in singles)
    threshold = 0.3 * widths[len(widths) // 2]
    parts = [words[0].text]
    for before, word in zip(words, words[1:]):
        if word.bbox.x0 - before.bbox.x1 > threshold:
            parts.append(" ")
        parts.append(word.text)
    return "".join(parts)


def _strip_stray_accents(lines: list[LineRef]) -> None:
    """OCR that reads 'JÉJAKA' in a text with almost no accented letters is misreading a dot of noise: drop the
    accents there. A text written with accents (1% of its letters or more) keeps them."""
    letters = [c for l in lines for c in l.text if c.isalpha()]
    accented = [c for c in letters if unicodedata.decomposition(c).startswith("00")]
    if not accented or len(accented) >= 0.01 * len(letters):
        return
    for line in lines:
        if any(c in line.text for c in accented):
            line.text = "".join(c for c in unicodedata.normalize("NFKD", line.text) if not unicodedata.combining(c))


def build_index(document: Document) -> DocIndex:
    index = DocIndex(document)
    for page in document.pages:
        refs: list[LineRef] = []
        for block_number, block in enumerate(page.blocks):
            for line in block.lines:
                text = line_text(line)
                if not text.strip():
                    continue
                ref = LineRef(text, page.number, line.bbox or BBox(0, 0, 0, 0), len(index.lines),
                              block_number, _mean_confidence(line), line)
                refs.append(ref)
                index.lines.append(ref)
        if page.source == "ocr":
            _strip_stray_accents(refs)
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for ref in refs:
            starts.append(offset)
            parts.append(ref.text)
            offset += len(ref.text) + 1
        index.pages.append(PageText(page.number, "\n".join(parts), starts, refs))
    return index
