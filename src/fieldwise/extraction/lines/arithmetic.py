"""A row's arithmetic as evidence: which of its printed numbers are the quantity, the unit price and the amount.

The reading that makes quantity x unit price = amount hold (within printed rounding, or after a discount the row
states in per cent) wins; among readings that hold alike, or when none holds, the one whose numbers stand under the
columns' headers. A quantity is never read from a number that is not whole when the field asks for an integer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import permutations

from fieldwise.documents.model import BBox
from fieldwise.extraction.lines.header import settings

MAX_TOKENS = 8  # a row prints a handful of figures; more is a paragraph of numbers, read only its last eight


@dataclass(frozen=True, slots=True)
class Figure:
    value: Decimal
    text: str
    box: BBox


@dataclass(frozen=True, slots=True)
class Reading:
    quantity: Figure | None
    unit_price: Figure | None
    amount: Figure | None
    holds: bool | None  # None: not all three are there, nothing to check
    discount: Decimal | None  # the per cent the row states and the reading needed


def agree(a: Decimal, b: Decimal) -> bool:
    grid = settings()["grid"]
    tolerance = max(Decimal(str(grid["absolute_tolerance"])), Decimal(str(grid["relative_tolerance"])) * max(abs(a), abs(b)))
    return abs(a - b) <= tolerance


def check(quantity: Decimal, price: Decimal, amount: Decimal, percents: list[Decimal]) -> tuple[bool, Decimal | None]:
    """(quantity x price = amount, the stated discount it needed, if any)."""
    if agree(quantity * price, amount):
        return True, None
    for percent in percents:
        if 0 < percent < 100 and agree(quantity * price * (1 - percent / 100), amount):
            return True, percent
    return False, None


def _distance(box: BBox, column: BBox | None) -> float:
    """How far a figure stands from a column's header, in page widths (0 under it)."""
    if column is None:
        return 0.0
    gap = max(column.x0 - box.x1, box.x0 - column.x1, 0.0)
    return gap + 0.1 * abs(box.x1 - column.x1)


def read_row(figures: list[Figure], columns: dict[str, BBox | None], wanted: dict[str, bool],
             percents: list[Decimal]) -> Reading:
    """`columns`: each role's header box (None: no header names it); `wanted`: the roles the field has, each with
    whether it must be whole."""
    figures = figures[-MAX_TOKENS:]
    roles = [r for r in ("quantity", "unit_price", "amount") if r in wanted]
    best, best_score = Reading(None, None, None, None, None), float("-inf")
    slots: list[Figure | None] = [*figures, *([None] * len(roles))]
    seen = set()
    for chosen in permutations(range(len(slots)), len(roles)):
        picked = {role: slots[n] for role, n in zip(roles, chosen)}
        key = tuple(id(f) if f is not None else None for f in picked.values())
        if key in seen:
            continue
        seen.add(key)
        if any(f is not None and wanted[r] and f.value != f.value.to_integral_value() for r, f in picked.items()):
            continue
        q, p, a = picked.get("quantity"), picked.get("unit_price"), picked.get("amount")
        holds, discount = (check(q.value, p.value, a.value, percents) if q and p and a else (None, None))
        score = 10.0 if holds else 0.0
        score -= 2.0 * sum(f is None for f in picked.values())
        score -= 10.0 * sum(_distance(f.box, columns.get(r)) for r, f in picked.items() if f is not None)
        if a is not None and a is figures[-1]:
            score += 0.5  # the amount closes the row
        if score > best_score:
            best, best_score = Reading(q, p, a, holds, discount), score
    return best


def sums_to(amounts: list[Decimal], printed: list[Decimal]) -> bool:
    """The rows' amounts add up to a figure printed after the table (the subtotal, net total or total)."""
    total = sum(amounts, Decimal(0))
    return bool(amounts) and any(agree(total, figure) for figure in printed)
