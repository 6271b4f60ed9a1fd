"""Review by risk: which documents a reviewer opens first. A value's chance of being right is its calibrated
confidence (refitted per workflow from its reviewed values, so 90 means right nine times in ten) read as a
probability, and 1 once a person verified it; a value a failed check of the workflow read is treated as wrong.
A value needs review when its chance is under the target (settings.review_target); a document is as risky as
its riskiest value, and the queue puts the most likely wrong first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldwise.extraction.schema import FieldSpec
from fieldwise.review import cells as review_cells


@dataclass(frozen=True, slots=True)
class Risk:
    chance: float  # of the riskiest unverified value being right, 0..1
    label: str  # that value's field
    shown: str  # and the value as the page shows it
    path: str
    count: int  # values under the target (or read by a failed check)
    check: str | None = None  # the failed check's message, when one made it the riskiest


def failed_checks(validations: list[Any] | None) -> list[dict[str, Any]]:
    return [v for v in validations or [] if isinstance(v, dict) and v.get("passed") is False]


def assess(stored: dict[str, Any], fields: list[FieldSpec], validations: list[Any] | None,
           target: float) -> Risk | None:
    """The document's riskiest value, or None when nothing in it needs review."""
    failed = failed_checks(validations)
    read_by: dict[str, str] = {}  # a top-level field a failed check read -> the check's message
    for check in failed:
        for name in (check.get("values") or {}):
            read_by.setdefault(str(name).split(".")[0], str(check.get("message") or check.get("name") or ""))
    scored: list[tuple[float, review_cells.Cell, str | None]] = []
    for cell in review_cells.cells(stored, fields, target * 100):
        if cell.verified:
            continue
        message = read_by.get(cell.path.split("/")[0])
        chance = 0.0 if message is not None else min(max(cell.confidence / 100, 0.0), 1.0)
        if chance < target:
            scored.append((chance, cell, message))
    if not scored:
        if failed:  # a check failed on values a person already verified, or on none: the document is still suspect
            return Risk(0.0, "", "", "", len(failed), str(failed[0].get("message") or ""))
        return None
    chance, cell, message = min(scored, key=lambda s: (s[0], s[1].label))
    return Risk(chance, cell.label, cell.shown, cell.path, len(scored), message)
