"""A workflow's results as files: the JSON of spec 2.6, and JSON lines, CSV and XLSX (fieldwise extensions).

Every format shows the values a person would use: a reviewer's correction (value_override) wins over the
engine's value. CSV and the first XLSX sheet have one row per file and one column per field; an `object`
field is a JSON cell in CSV and a sheet of its own in XLSX (one row per table row).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Iterator

from fieldwise.extraction import wire
from fieldwise.extraction.schema import FieldSpec

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One processed collection of the workflow, in the flat form (spec 2.4)."""

    name: str  # the key in the JSON answer: the file name, made unique
    collection_id: str
    status: str
    markdown: str | None
    fields: list[FieldSpec]
    flat: dict[str, Any] | None  # None for parse-only workflows


def as_json(entries: list[Entry]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in entries:
        results: dict[str, Any] = {"parse": {"markdown": entry.markdown}}
        if entry.flat is not None:
            results["extraction"] = entry.flat
        out[entry.name] = {"collection_id": entry.collection_id, "status": entry.status, "results": results}
    return out


def as_jsonl(entries: list[Entry]) -> bytes:
    lines = [json.dumps({"file_name": name, **body}, ensure_ascii=False) for name, body in as_json(entries).items()]
    return ("\n".join(lines) + "\n").encode() if lines else b""


def _columns(entries: list[Entry]) -> list[FieldSpec]:
    seen: dict[str, FieldSpec] = {}
    for entry in entries:
        for spec in entry.fields:
            seen.setdefault(spec.name, spec)
    return list(seen.values())


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _values(flat: dict[str, Any] | None, spec: FieldSpec) -> Any:
    found = (flat or {}).get(spec.name)
    if spec.data_type == "object":
        return [{child: cell.get("value") for child, cell in row.items()} for row in found or []]
    if isinstance(found, list):  # as_lists
        found = found[0] if found else None
    return found.get("value") if isinstance(found, dict) else None


def _field_rows(entries: list[Entry], columns: list[FieldSpec]) -> Iterator[list[Any]]:
    yield ["file_name", "collection_id", *(spec.name for spec in columns)]
    for entry in entries:
        yield [entry.name, entry.collection_id, *(_cell(_values(entry.flat, spec)) for spec in columns)]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert by a leading apostrophe (OWASP's CSV
    injection advice); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def as_csv(entries: list[Entry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([csv_safe(cell) for cell in row] for row in _field_rows(entries, _columns(entries)))
    return buffer.getvalue().encode("utf-8")


def _append_as_text(sheet: Any, row: list[Any]) -> None:
    """Append `row`, every text cell stored as text: openpyxl would store a string that starts with '=' as a
    formula, which the spreadsheet then runs (WEBSERVICE and friends)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def as_xlsx(entries: list[Entry]) -> bytes:
    from openpyxl import Workbook  # imported here: only this export needs it

    columns = _columns(entries)
    book = Workbook()
    sheet = book.active
    sheet.title = "fields"
    for row in _field_rows(entries, [s for s in columns if s.data_type != "object"]):
        _append_as_text(sheet, row)
    for spec in columns:
        if spec.data_type != "object":
            continue
        table = book.create_sheet(spec.name[:31])
        children = [child.name for child in spec.nested_fields]
        _append_as_text(table, ["file_name", "collection_id", "row", *children])
        for entry in entries:
            for index, row in enumerate(_values(entry.flat, spec)):
                _append_as_text(table, [entry.name, entry.collection_id, index,
                                        *(_cell(row.get(c)) for c in children)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


RENDERERS = {"jsonl": as_jsonl, "csv": as_csv, "xlsx": as_xlsx}


def flat_of(stored: dict[str, Any], fields: list[FieldSpec], as_lists: bool) -> dict[str, Any]:
    return wire.flat_view(stored, fields, as_lists=as_lists)
