"""Pages for formats that have text but no geometry (DOCX, XLSX, PPTX, HTML, CSV, e-mail, plain text).

Readers add blocks in reading order; `page()` lays them out as if printed one text line per row and one
character per column, so every word still gets a box in page fractions and evidence can be located on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldwise.documents.limits import check_table
from fieldwise.documents.model import BBox, Block, BlockType, Cell, Line, Page, Word
from fieldwise.documents.options import ReadOptions

_MIN_ROWS = 60.0
_MIN_COLUMNS = 100.0
_CELL_GAP = 3  # characters between table columns


@dataclass(slots=True)
class _Spec:
    type: BlockType
    lines: list[str]
    rows: list[list[str]] | None = None
    hyperlinks: list[dict[str, str]] = field(default_factory=list)


class PageBuilder:
    """`options` carries the run's table limits; `what` names the file in their reasons ("the CSV")."""

    def __init__(self, number: int = 1, options: ReadOptions | None = None, what: str = "the document") -> None:
        self.number = number
        self.options = options or ReadOptions()
        self.what = what
        self._specs: list[_Spec] = []

    def __bool__(self) -> bool:
        return bool(self._specs)

    def text(self, text: str, type: BlockType = "text", hyperlinks: list[dict[str, str]] | None = None) -> None:
        """A block of one or more lines; blank text is skipped."""
        # Runs of spaces are kept: in plain text they are what lines a table's columns up.
        lines = [line.expandtabs(8).rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        lines = [line for line in lines if line.strip()]
        if lines:
            self._specs.append(_Spec(type, lines, hyperlinks=list(hyperlinks or [])))

    def table(self, rows: list[list[str]], hyperlinks: list[dict[str, str]] | None = None) -> None:
        """A table block; rows are padded to the widest row, fully empty rows dropped. The padded size is checked
        against the run's limits before any padding is made (LimitExceeded)."""
        check_table(self.options, len(rows), max((len(row) for row in rows), default=0), self.what)
        rows = [[" ".join(str(c).split()) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        self._specs.append(_Spec("table", [], rows=rows, hyperlinks=list(hyperlinks or [])))

    def page(self) -> Page:
        widths = [_column_widths(spec.rows) for spec in self._specs]
        line_lengths = [len(line) for spec in self._specs for line in spec.lines]
        line_lengths += [sum(w) + _CELL_GAP * len(w) for w in widths if w]
        n_rows = max(float(sum(len(s.rows) if s.rows else len(s.lines) for s in self._specs)), _MIN_ROWS)
        n_cols = max(float(max(line_lengths, default=0)), _MIN_COLUMNS)
        grid = _Grid(n_cols, n_rows)
        blocks = [self._block(spec, column_widths, grid) for spec, column_widths in zip(self._specs, widths)]
        return Page(self.number, n_cols, n_rows, blocks, source="structured")

    @staticmethod
    def _block(spec: _Spec, column_widths: list[int], grid: "_Grid") -> Block:
        lines: list[Line] = []
        if spec.rows is None:
            for text in spec.lines:  # each line on its own row: words are placed at the row in force
                lines.append(Line(grid.words(text, 0)))
                grid.row += 1
            return Block(lines, type=spec.type, hyperlinks=spec.hyperlinks)
        cells: list[list[Cell]] = []
        for row in spec.rows:
            row_words: list[Word] = []
            row_cells: list[Cell] = []
            column = 0
            for text, width in zip(row, column_widths):
                words = grid.words(text, column)
                row_words.extend(words)
                row_cells.append(Cell(text, BBox.union(w.bbox for w in words) if words else None))
                column += width + _CELL_GAP
            if row_words:
                lines.append(Line(row_words))
            cells.append(row_cells)
            grid.row += 1
        return Block(lines, type="table", rows=cells, hyperlinks=spec.hyperlinks)


class _Grid:
    def __init__(self, columns: float, rows: float) -> None:
        self.columns, self.rows, self.row = columns, rows, 0

    def words(self, text: str, start_column: int) -> list[Word]:
        words: list[Word] = []
        column = start_column
        for token in text.split(" "):
            if token:
                words.append(Word(token, BBox(column / self.columns, self.row / self.rows,
                                              (column + len(token)) / self.columns, (self.row + 1) / self.rows)))
            column += len(token) + 1
        return words


def _column_widths(rows: list[list[str]] | None) -> list[int]:
    if not rows:
        return []
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
