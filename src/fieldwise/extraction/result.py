"""What the engine answers: one ExtractedValue per field (a list of rows of them for `object` fields)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from fieldwise.documents.model import BBox


@dataclass(slots=True)
class Evidence:
    text: str
    page_number: int  # 1-based
    bbox: BBox | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "page_number": self.page_number}
        if self.bbox is not None:
            out["bbox"] = self.bbox.to_dict()
        return out


@dataclass(slots=True)
class ExtractedValue:
    value: Any = None
    confidence: float = 0.0  # 0..100, a calibrated probability that the value is right
    evidence: list[Evidence] = field(default_factory=list)
    value_unit: str | None = None
    items: list["ExtractedValue"] | None = None  # data_type `list`: one entry per element, each with its evidence
    learned_from: dict[str, str] | None = None  # the layout memory that proposed the value (extraction.memory)
    validation: str | None = None  # a check the value failed (a line item whose arithmetic does not hold)

    @staticmethod
    def missing(confidence: float = 0.0) -> "ExtractedValue":
        return ExtractedValue(value=None, confidence=confidence)


Row = dict[str, ExtractedValue]
FieldResult = Union[ExtractedValue, list[Row]]
Extraction = dict[str, FieldResult]
