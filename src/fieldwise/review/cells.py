"""What the review page shows for one collection: every reviewable value (object fields cell by cell), with its
confidence, status and evidence boxes, lowest confidence first; and the form values a reviewer types, turned
into the JSON values the review API checks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fieldwise.extraction.review import effective
from fieldwise.extraction.schema import FieldSpec

LONG_VALUE = 60  # characters past which a value is edited in a text area
BOX_KEYS = ("box_page", "box_x0", "box_y0", "box_x1", "box_y1")  # the form's fields of a drawn evidence box


@dataclass
class Box:
    page: int
    left: float  # percentages of the page, origin top-left
    top: float
    width: float
    height: float
    text: str


@dataclass
class Cell:
    path: str
    label: str
    data_type: str
    value: Any
    engine_value: Any
    corrected: bool
    verified: bool
    confidence: float
    low: bool
    boxes: list[Box] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    learned_from: str | None = None  # the reviewed document whose layout memory proposed the engine's value
    learned_name: str | None = None  # that document's file name(s), filled in by the page
    drawn: bool = False  # its box was drawn by a reviewer

    @property
    def shown(self) -> str:
        return display(self.value)

    @property
    def long(self) -> bool:
        """A value edited in a box of several lines, so that all of it shows (an address, a clause)."""
        return len(self.shown) > LONG_VALUE or "\n" in self.shown


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _boxes(entry: dict[str, Any]) -> list[Box]:
    out = []
    for item in entry.get("evidence_override") or entry.get("evidence") or []:  # a reviewer's box wins
        bbox = item.get("bbox")
        if not isinstance(bbox, dict):
            continue
        x0, y0, x1, y1 = (float(bbox.get(k, 0)) for k in ("x0", "y0", "x1", "y1"))
        out.append(Box(int(item.get("page_number") or 1), round(x0 * 100, 3), round(y0 * 100, 3),
                       round((x1 - x0) * 100, 3), round((y1 - y0) * 100, 3), str(item.get("text") or "")))
    return out


def _cell(path: str, label: str, spec: FieldSpec, entry: Any, threshold: float) -> Cell:
    entry = entry if isinstance(entry, dict) else {}
    confidence = float(entry.get("confidence") or 0.0)
    verified = bool(entry.get("verified"))
    origin = entry.get("learned_from")
    return Cell(path, label, spec.data_type, effective(entry), entry.get("value"), "value_override" in entry,
                verified, confidence, confidence < threshold and not verified, _boxes(entry),
                [o.name for o in spec.enum_options],
                str(origin["collection_id"]) if isinstance(origin, dict) and origin.get("collection_id") else None,
                drawn=bool(entry.get("evidence_override")))


def cells(stored: dict[str, Any], fields: list[FieldSpec], threshold: float) -> list[Cell]:
    out: list[Cell] = []
    for spec in fields:
        found = stored.get(spec.name)
        if spec.data_type != "object":
            out.append(_cell(spec.name, spec.name, spec, found, threshold))
            continue
        for index, row in enumerate(found if isinstance(found, list) else []):
            for child in spec.nested_fields:
                out.append(_cell(f"{spec.name}/{index}/{child.name}", f"{spec.name}[{index}].{child.name}", child,
                                 row.get(child.name), threshold))
    return sorted(out, key=lambda c: (c.confidence, c.label))


def form_value(raw: str, data_type: str) -> Any:
    """What a reviewer typed, as the JSON value to check: empty clears the value; true/false for booleans;
    a JSON array or a comma-separated list for list and multi_select."""
    text = raw.strip()
    if text == "":
        return None
    if data_type == "boolean":
        lowered = text.lower()
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(lowered, text)
    if data_type in ("list", "multi_select"):
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                return text
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def form_box(form: dict[str, str]) -> dict[str, Any] | None:
    """The evidence box a reviewer drew (page and corners in percent of the page, as the page's script fills
    them), in the review API's form; None when none was drawn. The API checks it."""
    raw = [form.get(key, "").strip() for key in BOX_KEYS]
    if not all(raw):
        return None
    try:
        page, *corners = int(raw[0]), *(float(v) / 100 for v in raw[1:])
    except ValueError:
        return {"page_number": raw[0], "bbox": {}}  # refused by the API's check, with its message
    return {"page_number": page, "bbox": dict(zip(("x0", "y0", "x1", "y1"), corners))}
