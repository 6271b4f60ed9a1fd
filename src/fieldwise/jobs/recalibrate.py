"""When and from what a workflow's confidence remap is fitted; the worker asks for it before each run.

Lazily, at the next extraction: a worker about to process a document of the workflow counts the workflow's
reviews and ground-truth values (one cheap query); when there are at least `recalibrate_min_reviewed` and, since
the last fit, a fifth more (or any more while it was not yet fitted), it fits again from the most recent
`recalibrate_max_pairs` reviewed values and stores the result, which every process then reads. A review itself
stays a quick write, and a workflow nobody runs costs nothing.

The pairs are the engine's own confidence (`engine_confidence` when a remap was applied) and whether the value
was right: kept by the reviewer, or equal to the ground truth. Ground truth wins over a review of the same field
of the same document.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldwise.extraction.accuracy import reviewed_pairs
from fieldwise.extraction.recalibration import Pair, Remap, ece, engine_confidence, fit
from fieldwise.settings import Settings
from fieldwise.store import calibrations
from fieldwise.store.tables import WorkflowCalibration
from fieldwise.workflows.grading import same
from fieldwise.workflows.public import sanitize_field_name

GROWTH = 1.2  # refit once the evidence grew by a fifth since the last fit


def remap_for(session: Session, settings: Settings, org_id: str, workflow_id: str | None) -> Remap | None:
    """The remap to apply to a new run of the workflow (None: the engine's figures as they are), fitted again
    first when enough new evidence arrived."""
    if not settings.recalibrate or workflow_id is None:
        return None
    row = calibrations.get(session, org_id, workflow_id)
    count = calibrations.evidence_count(session, org_id, workflow_id)
    if _due(row, count, settings.recalibrate_min_reviewed):
        row = refit(session, settings, org_id, workflow_id, count)
    return Remap.from_json(row.remap) if row is not None and row.fitted else None


def _due(row: WorkflowCalibration | None, count: int, minimum: int) -> bool:
    if count < minimum:
        return row is not None and row.fitted and count != row.seen  # reviews undone below the minimum
    if row is None:
        return True
    return count > row.seen if not row.fitted else count >= row.seen * GROWTH or count < row.seen


def pairs(session: Session, org_id: str, workflow_id: str, cap: int) -> list[Pair]:
    """The most recent `cap` (engine confidence, right) pairs of the workflow's reviewed values."""
    out: list[Pair] = []
    truths: set[tuple[str, str]] = set()
    for kind, collection_id, stored, truth in calibrations.evidence(session, org_id, workflow_id):
        if kind == "truth":
            by_key = {sanitize_field_name(name): entry for name, entry in stored.items()}
            for key, (data_type, value) in (truth or {}).items():
                entry = by_key.get(key)
                if data_type == "object" or not isinstance(entry, dict):
                    continue
                truths.add((collection_id, key))
                out.append((engine_confidence(entry), same(entry.get("value"), value, False)))
        else:
            out.extend((confidence, right) for path, confidence, right in reviewed_pairs(stored)
                       if (collection_id, sanitize_field_name(path)) not in truths)
        if len(out) >= cap:
            break
    return out[:cap]


def refit(session: Session, settings: Settings, org_id: str, workflow_id: str, count: int) -> WorkflowCalibration:
    data = pairs(session, org_id, workflow_id, settings.recalibrate_max_pairs)
    fitted = len(data) >= settings.recalibrate_min_reviewed
    remap = fit(data) if fitted else Remap()
    return calibrations.save(session, org_id, workflow_id, fitted=fitted, remap=remap.to_json(),
                             reviewed=len(data), seen=count, ece_before=ece(data),
                             ece_after=ece(data, remap) if fitted else None)
