"""Tables from word positions: runs of lines whose words fall into the same columns become table blocks.

Works on any page whose words carry boxes (a PDF text layer or OCR), so scanned and born-digital tables come out
the same. A line splits into segments where the gap between two words is wider than `gap_factor` (0.75) times the
line height, both measured on the page, not in page fractions (the space between words of a sentence is about a
third of that); consecutive lines with two or more segments whose x-ranges line up form one table, and each column
is the union of the segments that overlap it.
"""

from __future__ import annotations

import re

from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Word

Segment = list[Word]

_LIST_MARKER = re.compile(r"^(\(?[0-9]{1,3}[.)]?|\(?[a-zA-Z]{1,4}[.)]|\([a-zA-Z]{1,4}\)|[•·▪‣◦*-])$")


def segments(line: Line, gap_factor: float = 0.75, aspect: float = 1.0) -> list[Segment]:
    """The line cut where a horizontal gap is wider than gap_factor line heights. Boxes are page fractions, so
    widths are scaled by the page's aspect (width / height) to compare them with heights."""
    height = max(line.bbox.height if line.bbox else 0.0, 1e-6)
    parts: list[Segment] = [[line.words[0]]] if line.words else []
    for previous, word in zip(line.words, line.words[1:]):
        if (word.bbox.x0 - previous.bbox.x1) * aspect > gap_factor * height:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _columns(rows: list[list[Segment]], columns: list[tuple[float, float]] | None = None) -> list[tuple[float, float]]:
    """Merge the x-ranges of every segment in the rows (into `columns` if given) into non-overlapping column
    ranges, left to right."""
    spans = sorted([*(columns or []), *((seg[0].bbox.x0, seg[-1].bbox.x1) for row in rows for seg in row)])
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(x0, x1) for x0, x1 in merged]


def _fits(columns: list[tuple[float, float]], row: list[Segment]) -> bool:
    """Each segment of the row falls in a different column."""
    used = set()
    for seg in row:
        x0, x1 = seg[0].bbox.x0, seg[-1].bbox.x1
        hits = [i for i, (c0, c1) in enumerate(columns) if x0 < c1 and x1 > c0]
        if len(hits) != 1 or hits[0] in used:
            return False
        used.add(hits[0])
    return True


def _table_block(lines: list[Line], rows: list[list[Segment]]) -> Block:
    columns = _columns(rows)
    cells: list[list[Cell]] = []
    for row in rows:
        texts: list[list[Word]] = [[] for _ in columns]
        for seg in row:
            index = next(i for i, (c0, c1) in enumerate(columns) if seg[0].bbox.x0 < c1 and seg[-1].bbox.x1 > c0)
            texts[index].extend(seg)
        cells.append([
            Cell(" ".join(w.text for w in words), BBox.union(w.bbox for w in words) if words else None)
            for words in texts
        ])
    return Block(lines, type="table", rows=cells)


def _is_table(rows: list[list[Segment]], columns: list[tuple[float, float]]) -> bool:
    if len(columns) < 2 or len(rows) < (3 if len(columns) == 2 else 2):  # two aligned pairs: a coincidence
        return False
    if len(columns) == 2 and all(_LIST_MARKER.match(" ".join(w.text for w in row[0])) for row in rows):
        return False  # "(a)  text", "1.  text": an indented list, not a table
    return all(_fits(columns, r) for r in rows)


def find_tables(lines: list[Line], gap_factor: float = 0.75, aspect: float = 1.0) -> list[tuple[int, int, Block]]:
    """(first line index, end line index, table block) for each table among the lines, in order."""
    found: list[tuple[int, int, Block]] = []
    split = [segments(line, gap_factor, aspect) for line in lines]
    start = 0
    while start < len(lines):
        if len(split[start]) < 2:
            start += 1
            continue
        end = start + 1
        columns = _columns(split[start:end])
        while end < len(lines) and len(split[end]) >= 2:
            grown = _columns([split[end]], columns)
            if not _fits(grown, split[end]):
                break
            columns, end = grown, end + 1
        rows = split[start:end]
        if _is_table(rows, columns):
            found.append((start, end, _table_block(lines[start:end], rows)))
            start = end
        else:
            start += 1
    return found


def mark_continued_tables(document: Document, tolerance: float = 0.05) -> None:
    """Set `continued` on a table that opens a page and carries on the table that closed the previous page
    (same number of columns, starting at about the same x positions), so rows can be joined downstream."""
    for previous, page in zip(document.pages, document.pages[1:]):
        if not previous.blocks or not page.blocks:
            continue
        last, first = previous.blocks[-1], page.blocks[0]
        if last.type != "table" or first.type != "table" or not last.rows or not first.rows:
            continue
        if len(last.rows[0]) != len(first.rows[0]):
            continue
        starts = [_column_starts(block) for block in (last, first)]
        if all(abs(a - b) <= tolerance for a, b in zip(*starts)):
            first.continued = True


def _column_starts(block: Block) -> list[float]:
    width = len(block.rows[0])
    starts = []
    for column in range(width):
        xs = [row[column].bbox.x0 for row in block.rows if column < len(row) and row[column].bbox is not None]
        starts.append(min(xs) if xs else 0.0)
    return starts


def joined_rows(document: Document) -> list[tuple[int, Block, list[list[Cell]]]]:
    """Every table as (page number, first block, rows), with continued tables' rows appended to the table they
    continue. A repeated header row at the top of a continuation is dropped."""
    tables: list[tuple[int, Block, list[list[Cell]]]] = []
    for page in document.pages:
        for block in page.blocks:
            if block.type != "table" or block.rows is None:
                continue
            if block.continued and tables:
                rows = block.rows
                head = [c.text for c in tables[-1][2][0]]
                if rows and [c.text for c in rows[0]] == head:
                    rows = rows[1:]
                tables[-1][2].extend(rows)
            else:
                tables.append((page.number, block, list(block.rows)))
    return tables
