"""A row's arithmetic as evidence: which of its printed numbers are the quantity, the unit price and the amount.

The reading that makes quantity x unit price = amount hold (within printed rounding, or after a discount the row
states in per cent) wins; among readings that hold alike, or when none holds, the one whose numbers stand under the
columns' headers. A quantity is never read from a number that is not whole when the field asks for an integer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from fieldwise.documents.model import BBox
from fieldwise.extraction.lines.header import settings

MAX_TOKENS = 8  # a row prints a handful of figures; more is a paragraph of numbers, read only its last eight


@dataclass(frozen=True, slots=True)
class Figure:
    value: float  # for the arithmetic only (within printed rounding); the cell's value is typed from `text`
    text: str
    box: BBox


@dataclass(frozen=True, slots=True)
class Reading:
    quantity: Figure | None
    unit_price: Figure | None
    amount: Figure | None
    holds: bool | None  # None: not all three are there, nothing to check
    discount: float | None  # the per cent the row states and the reading needed


@lru_cache(maxsize=1)
def _tolerances() -> tuple[float, float]:
    grid = settings()["grid"]
    return float(grid["absolute_tolerance"]), float(grid["relative_tolerance"])


def agree(a: float, b: float) -> bool:
    absolute, relative = _tolerances()
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))


def check(quantity: float, price: float, amount: float, percents: list[float]) -> tuple[bool, float | None]:
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


def _cents(figure: Figure) -> bool:
    return "." in figure.text or "," in figure.text


def read_row(figures: list[Figure], columns: dict[str, BBox | None], wanted: dict[str, bool],
             percents: list[float]) -> Reading:
    """`columns`: each role's header box (None: no header names it); `wanted`: the roles the field has, each with
    whether it must be whole."""
    figures = figures[-MAX_TOKENS:]
    roles = [r for r in ("quantity", "unit_price", "amount") if r in wanted]
    # Per role, each figure it may take with the cost of taking it (its distance from the role's header), then
    # None (the row prints no such figure) at a cost of 2; on equal scores the first reading in this order wins.
    options = {role: [(f, 10.0 * _distance(f.box, columns.get(role))) for f in figures
                      if not wanted[role] or f.value.is_integer()] + [(None, 2.0)]
               for role in roles}
    best, best_score = Reading(None, None, None, None, None), float("-inf")
    for chosen in product(*(options[role] for role in roles)):
        taken = [f for f, _ in chosen if f is not None]
        if len({id(f) for f in taken}) < len(taken):
            continue
        picked = dict(zip(roles, (f for f, _ in chosen)))
        q, p, a = picked.get("quantity"), picked.get("unit_price"), picked.get("amount")
        holds, discount = (check(q.value, p.value, a.value, percents) if q and p and a else (None, None))
        score = (10.0 if holds else 0.0) - sum(cost for _, cost in chosen)
        if a is not None and a is figures[-1]:
            score += 0.5  # the amount closes the row
        if q is not None and p is not None and _cents(q) and not _cents(p):
            score -= 0.5  # prices carry cents more often than quantities do
        if score > best_score:
            best, best_score = Reading(q, p, a, holds, discount), score
    return best


def sums_to(amounts: list[float], printed: list[float]) -> bool:
    """The rows' amounts add up to a figure printed after the table (the subtotal, net total or total)."""
    total = sum(amounts)
    return bool(amounts) and any(agree(total, figure) for figure in printed)
