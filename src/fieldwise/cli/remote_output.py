"""What the remote commands read and write: workflow definition files (JSON or YAML), and the result of each
submitted file as JSON lines, CSV or an Excel sheet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from fieldwise.display import confidence_of, number_text

OUT_FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
FIXED_COLUMNS = ["file", "status", "error", "collection_id", "pages"]


class DefinitionError(ValueError):
    """A workflow definition file that cannot be read."""


def load_definition(path: Path) -> dict[str, Any]:
    """A workflow definition from a .json or .yaml file: a flat `{name, fields}` or typed `{name, nodes,
    edges}` body, or just the list of fields (named after the file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # yaml.YAMLError or ValueError, with the line it stopped at
        raise DefinitionError(f"{path} is not valid {path.suffix.lstrip('.').upper() or 'JSON'}: {exc}") from exc
    if isinstance(data, list):
        data = {"fields": data}
    if not isinstance(data, dict) or not ({"fields", "nodes"} & data.keys()):
        raise DefinitionError(f"{path} must hold a workflow: {{name, fields: [...]}} or {{name, nodes, edges}}")
    data.setdefault("name", path.stem)
    return data


@dataclass(slots=True)
class Outcome:
    """What became of one submitted file."""

    path: Path
    status: str  # "processed" or "failed"
    collection_id: str | None = None
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    extraction: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "processed"

    def record(self) -> dict[str, Any]:
        """One JSON line: the plain values, and the full extraction (confidence, evidence) beside them."""
        return {"file": str(self.path), "status": self.status, "error": self.error,
                "collection_id": self.collection_id, "pages": self.pages, "fields": self.values,
                "extraction": self.extraction}


def out_format(path: Path) -> str | None:
    return OUT_FORMATS.get(path.suffix.lower())


def write_jsonl_line(outcome: Outcome, stream: TextIO = sys.stdout) -> None:
    stream.write(json.dumps(outcome.record(), ensure_ascii=False, default=str) + "\n")
    stream.flush()


def cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _field_cells(outcome: Outcome, name: str, as_text: bool) -> list[Any]:
    """A field's value (as text: a number as the document printed it) and its confidence."""
    found, value = outcome.extraction.get(name), outcome.values.get(name)
    if as_text and isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(found, dict):
        return [number_text(value, found.get("evidence")), confidence_of(found)]
    return [cell(value), confidence_of(found)]


def table(outcomes: Iterable[Outcome], field_names: Sequence[str] = (), *,
          as_text: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: the fixed columns, then two columns per field (the workflow's order first): its value
    and `<field>.confidence`."""
    outcomes = list(outcomes)
    names = list(dict.fromkeys([*field_names, *(n for o in outcomes for n in o.values)]))
    header = FIXED_COLUMNS + [column for n in names for column in (n, f"{n}.confidence")]
    rows = [[str(o.path), o.status, o.error, o.collection_id, o.pages]
            + [value for n in names for value in _field_cells(o, n, as_text)] for o in outcomes]
    return header, rows


def write_results(path: Path, outcomes: Iterable[Outcome], field_names: Sequence[str] = ()) -> None:
    """Write every outcome to `path`, in the format its suffix names (.jsonl, .csv or .xlsx)."""
    kind = out_format(path)
    outcomes = list(outcomes)
    if kind == "jsonl":
        with path.open("w", encoding="utf-8") as stream:
            for outcome in outcomes:
                write_jsonl_line(outcome, stream)
        return
    header, rows = table(outcomes, field_names, as_text=kind == "csv")
    if kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        return
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("results")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return
    raise ValueError(f"unknown output format for {path}: use one of {', '.join(OUT_FORMATS)}")
