"""A workflow's results as files: the JSON of spec 2.6, and JSON lines, CSV and XLSX (fieldwise extensions).

JSON, JSON lines and CSV are made one collection at a time as the answer streams out (`iter_*`), so an export of
any number of files holds one of them in memory at once; a parse over the read limit is left out and said so.

Every format shows the values a person would use: a reviewer's correction (value_override) wins over the
engine's value. CSV and the first XLSX sheet have one row per file and two columns per field, its value and
`<field>.confidence` (0-100; a table's is its least sure cell's); an `object` field is a JSON cell in CSV and a
sheet of its own in XLSX (one row per table row). CSV writes a number as the document printed it ("71.00", "38");
XLSX keeps it a number.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from fieldwise.display import confidence_of, number_text
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
    omitted: str | None = None  # why the parse was left out (over the read limit)


def _body(entry: Entry) -> dict[str, Any]:
    parse: dict[str, Any] = {"markdown": entry.markdown}
    if entry.omitted:
        parse["omitted"] = entry.omitted
    results: dict[str, Any] = {"parse": parse}
    if entry.flat is not None:
        results["extraction"] = entry.flat
    return {"collection_id": entry.collection_id, "status": entry.status, "results": results}


def as_json(entries: list[Entry]) -> dict[str, Any]:
    return {entry.name: _body(entry) for entry in entries}


def iter_json(entries: Iterable[Entry]) -> Iterator[bytes]:
    """The JSON object of as_json, one entry at a time."""
    yield b"{"
    for index, entry in enumerate(entries):
        yield (("," if index else "") + json.dumps(entry.name, ensure_ascii=False) + ":"
               + json.dumps(_body(entry), ensure_ascii=False)).encode()
    yield b"}"


def iter_jsonl(entries: Iterable[Entry]) -> Iterator[bytes]:
    for entry in entries:
        yield (json.dumps({"file_name": entry.name, **_body(entry)}, ensure_ascii=False) + "\n").encode()


def as_jsonl(entries: list[Entry]) -> bytes:
    return b"".join(iter_jsonl(entries))


def columns(field_lists: Iterable[list[FieldSpec]]) -> list[FieldSpec]:
    """The export's columns: every field of every version in play, first seen first."""
    seen: dict[str, FieldSpec] = {}
    for fields in field_lists:
        for spec in fields:
            seen.setdefault(spec.name, spec)
    return list(seen.values())


def _columns(entries: list[Entry]) -> list[FieldSpec]:
    return columns(entry.fields for entry in entries)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _found(flat: dict[str, Any] | None, spec: FieldSpec) -> Any:
    """The field's wire entry: one `{value, confidence, evidence}`, or rows for an object field."""
    found = (flat or {}).get(spec.name)
    if spec.data_type != "object" and isinstance(found, list):  # as_lists
        found = found[0] if found else None
    return found


def _values(flat: dict[str, Any] | None, spec: FieldSpec) -> Any:
    found = _found(flat, spec)
    if spec.data_type == "object":
        return [{child: cell.get("value") for child, cell in row.items()} for row in found or []]
    return found.get("value") if isinstance(found, dict) else None


def _value_cell(flat: dict[str, Any] | None, spec: FieldSpec, as_text: bool) -> Any:
    value = _values(flat, spec)
    if not as_text:
        return _cell(value)
    found = _found(flat, spec)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(found, dict):
        return number_text(value, found.get("evidence"))
    return csv_safe(_cell(value))


def _field_rows(entries: Iterable[Entry], specs: list[FieldSpec], *, as_text: bool) -> Iterator[list[Any]]:
    """The header, then one row per entry: each field's value and its confidence. `as_text` (CSV): numbers
    as the document printed them, and cells a spreadsheet would run as formulas made inert."""
    safe = csv_safe if as_text else (lambda value: value)
    yield ["file_name", "collection_id",
           *(safe(column) for spec in specs for column in (spec.name, f"{spec.name}.confidence"))]
    for entry in entries:
        cells: list[Any] = [safe(entry.name), entry.collection_id]
        for spec in specs:
            confidence = confidence_of(_found(entry.flat, spec))
            cells += [_value_cell(entry.flat, spec, as_text), "" if confidence is None else confidence]
        yield cells


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert by a leading apostrophe (OWASP's CSV
    injection advice); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def iter_csv(entries: Iterable[Entry], specs: list[FieldSpec]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _field_rows(entries, specs, as_text=True):
        writer.writerow(row)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def as_csv(entries: list[Entry]) -> bytes:
    return b"".join(iter_csv(entries, _columns(entries)))


def _append_as_text(sheet: Any, row: list[Any]) -> None:
    """Append `row`, every text cell stored as text: openpyxl would store a string that starts with '=' as a
    formula, which the spreadsheet then runs (WEBSERVICE and friends)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def as_xlsx(entries: Iterable[Entry], specs: list[FieldSpec] | None = None) -> bytes:
    """The workbook (values only: a sheet of fields, a sheet per object field). Made whole, as XLSX is a zip."""
    from openpyxl import Workbook  # imported here: only this export needs it

    entries = list(entries)
    columns = specs if specs is not None else _columns(entries)
    book = Workbook()
    sheet = book.active
    sheet.title = "fields"
    for row in _field_rows(entries, [s for s in columns if s.data_type != "object"], as_text=False):
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




def flat_of(stored: dict[str, Any], fields: list[FieldSpec], as_lists: bool) -> dict[str, Any]:
    return wire.flat_view(stored, fields, as_lists=as_lists)
