"""Turn loose words into lines and blocks by position. Shared by every reader that gets words with boxes."""

from __future__ import annotations

from fieldwise.documents.model import BBox, Block, Line, Word
from fieldwise.documents.tables import find_tables


def _collides(word: Word, line: list[Word]) -> bool:
    """Whether the word would sit on top of a word already in the line: words of one line do not overlap
    across (by more than a third of the narrower), so such a word belongs to the line above or below. Lines
    of a tilted photo overlap in height; this keeps them apart."""
    box = word.bbox
    return any(min(box.x1, w.bbox.x1) - max(box.x0, w.bbox.x0) > min(box.width, w.bbox.width) / 3 for w in line)


def group_lines(words: list[Word]) -> list[Line]:
    """Words that overlap vertically (by half the smaller height) and not across share a line, left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bbox.cy, w.bbox.x0)):
        placed = False
        for line in reversed(lines[-4:]):
            ref = BBox.union(w.bbox for w in line)
            overlap = min(ref.y1, word.bbox.y1) - max(ref.y0, word.bbox.y0)
            if overlap > 0.5 * min(ref.height, word.bbox.height) and not _collides(word, line):
                line.append(word)
                placed = True
                break
        if not placed:
            lines.append([word])
    result = [Line(sorted(line, key=lambda w: w.bbox.x0)) for line in lines]
    result.sort(key=lambda line: (line.bbox.y0, line.bbox.x0))
    return result


def merge_same_row(lines: list[Line]) -> list[Line]:
    """Join consecutive lines that sit on the same row, the second to the right of the first. pdfium breaks a
    visual line where the text objects that draw it do (a table row drawn cell by cell)."""
    merged: list[Line] = []
    for line in lines:
        if merged:
            prev = merged[-1]
            overlap = min(prev.bbox.y1, line.bbox.y1) - max(prev.bbox.y0, line.bbox.y0)
            if overlap > 0.5 * min(prev.bbox.height, line.bbox.height) and line.bbox.x0 >= prev.bbox.x1 - 1e-6:
                merged[-1] = Line(prev.words + line.words)
                continue
        merged.append(line)
    return merged


def group_blocks(lines: list[Line], gap_factor: float = 1.2) -> list[Block]:
    """Consecutive lines with no more than `gap_factor` line heights between them form one block."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            gap = line.bbox.y0 - prev.bbox.y1
            if gap <= gap_factor * max(prev.bbox.height, line.bbox.height, 1e-6):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return [Block(block_lines) for block_lines in blocks]


def build_blocks(lines: list[Line], width: float, height: float) -> list[Block]:
    """Tables where words line up in columns, text blocks by vertical gaps everywhere else, in reading order.
    The page's width and height turn its boxes (page fractions) back into one unit for the column gaps."""
    blocks: list[Block] = []
    position = 0
    for start, end, table in find_tables(lines, aspect=width / height if height else 1.0):
        blocks.extend(group_blocks(lines[position:start]))
        blocks.append(table)
        position = end
    blocks.extend(group_blocks(lines[position:]))
    return blocks
