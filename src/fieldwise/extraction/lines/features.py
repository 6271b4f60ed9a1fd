"""The evidence behind one cell of a line item, as one typed record: what the confidence function reads and what a
learned scorer can take over unchanged (`vector()` is the order the fitted weights use)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class CellFeatures:
    arithmetic: float  # the row's quantity x unit price = amount: 1 holds, 0 fails, 0.5 nothing to check
    checked: float  # 1 when the row printed all three figures, so the arithmetic could be checked
    header: float  # how well the column's header says the field (meaning.label_match), 0 without a header
    aligned: float  # 1 when the cell stands under its column's header
    total: float  # 1 when the rows' amounts add up to a figure printed after the table
    reading: float  # the reader's confidence in the words (OCR), 1 for a text layer
    text: float  # 1 for a text cell (a description), 0 for a figure
    lines: float  # text lines the cell joins (a description over several lines), 1 for a figure
    consistent: float  # share of the table's rows whose cell of this field stood in the same column

    @staticmethod
    def names() -> tuple[str, ...]:
        return _NAMES

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in _NAMES)


_NAMES = tuple(f.name for f in fields(CellFeatures))
