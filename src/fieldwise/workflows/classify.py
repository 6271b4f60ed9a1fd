"""The classify node: the whole document against the node's categories; one verdict, as spec 2.5 shows it."""

from __future__ import annotations

from dataclasses import dataclass

from fieldwise.documents.model import Document
from fieldwise.workflows.plan import Option, Router
from fieldwise.workflows.zeroshot import evidence_text, score


@dataclass(frozen=True, slots=True)
class Verdict:
    category: Option
    confidence: float  # 0..100
    evidence: str | None

    def to_wire(self) -> dict[str, object]:
        """An entry of the results envelope's `classifications` (the category's name, as the SDK reads it)."""
        return {"category": self.category.name, "confidence": self.confidence, "evidence": self.evidence,
                "category_id": self.category.id}


def classify(document: Document, router: Router) -> Verdict:
    best = score(document.pages, router.options)[0]
    return Verdict(best.option, best.confidence, evidence_text(best.evidence))
