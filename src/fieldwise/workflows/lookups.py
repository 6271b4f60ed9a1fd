"""Smart lookups from CSV files (spec v3 D7): fields whose `source` is `smart_lookup` or `lookup_if_missing` take a
value from the workflow's lookup tables.

The row used is the one that agrees with the most values the same extract node found in the document (compared
after normalisation); a tie or no agreement gives no value. The value is the row's cell in the column whose
header sanitizes to the field's key. `smart_lookup` fields take it whenever there is one; `lookup_if_missing`
fields only when the document gave none. `value_source` says where a value came from, and `lookup_check` whether
the document and the table agree on a field both gave.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import uuid
from typing import Any

from fieldwise.errors import NotSupported
from fieldwise.extraction import values, wire
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.grading import normalize
from fieldwise.workflows.public import sanitize_field_name

LOOKUP_SOURCES = ("smart_lookup", "lookup_if_missing")
_MAX_ROWS = 100_000


def read_uploads(node_id: str, uploads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The node's `lookup_file_uploads` as tables {id, filename, rows}; anything but UTF-8 CSV is NOT_SUPPORTED."""
    tables = []
    for upload in uploads:
        name = str(upload.get("filename") or "")
        try:
            text = base64.b64decode(str(upload.get("content") or ""), validate=True).decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(text)))
        except (binascii.Error, UnicodeDecodeError, csv.Error) as exc:
            raise _refuse(node_id, f"{name}: lookup files are UTF-8 CSV ({exc})") from exc
        if not name.lower().endswith(".csv") or not rows or len(rows) > _MAX_ROWS:
            raise _refuse(node_id, f"{name}: lookup files are CSV files with a header and 1 to {_MAX_ROWS} rows")
        clean = [{sanitize_field_name(k): (v or "").strip() for k, v in row.items() if isinstance(k, str)}
                 for row in rows]
        tables.append({"id": str(uuid.uuid4()), "filename": name, "rows": clean})
    return tables


def _refuse(node_id: str, reason: str) -> NotSupported:
    return NotSupported([{"node_id": node_id, "type": "extract", "reason": reason}],
                        summary=f"Not supported by fieldwise: {reason}")


def _typed(spec: FieldSpec, text: str) -> Any:
    try:
        if spec.data_type in ("integer", "float"):
            return values.check(spec, text.replace(",", ""))
        if spec.data_type == "boolean":
            return text.strip().lower() in ("true", "yes", "1", "y")
        return values.check(spec, text)
    except Exception:  # a cell that does not read as the field's type stays text
        return text


def apply(stored: dict[str, Any], fields: tuple[FieldSpec, ...], sources: dict[str, str],
          tables: list[dict[str, Any]]) -> dict[str, Any]:
    """`stored` (wire form) with the lookup fields filled from the best-matching row, where there is one."""
    lookup_fields = [f for f in fields if sources.get(f.name) in LOOKUP_SOURCES and f.data_type != "object"]
    if not lookup_fields or not tables:
        return stored
    known = {sanitize_field_name(f.name): normalize(wire.effective_value(stored.get(f.name)))
             for f in fields if sources.get(f.name, "extraction") == "extraction" and isinstance(stored.get(f.name), dict)}
    known = {k: v for k, v in known.items() if v is not None}
    scored = []
    for table in tables:
        for row in table["rows"]:
            agree = sum(1 for key, value in known.items() if row.get(key) and normalize(row[key]) == value)
            scored.append((agree, row))
    scored.sort(key=lambda item: -item[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return stored
    row = scored[0][1]
    out = dict(stored)
    for spec in lookup_fields:
        cell = row.get(sanitize_field_name(spec.name)) or None
        entry = dict(out.get(spec.name) or wire.EMPTY)
        found = entry.get("value")
        if cell is not None and found is not None:
            entry["lookup_check"] = "confirmed" if normalize(cell) == normalize(found) else "conflict"
        if cell is not None and (sources[spec.name] == "smart_lookup" or found is None):
            entry.update(value=_typed(spec, cell), value_source="lookup", confidence=max(entry.get("confidence")
                                                                                        or 0.0, 90.0))
            if found is None:
                entry["evidence"] = []
        elif found is not None:
            entry["value_source"] = "document"
        out[spec.name] = entry
    return out
