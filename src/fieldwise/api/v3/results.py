"""A run's results as v3 shows them (spec v3 2.5): they validate as the SDK 1.18.0 `ResultsResponseV3`.

Values are strings (D8), keys are sanitized field names, confidence is 0-100, parse is markdown, blocks or none,
layout confidences are 0-1. Reviewer corrections show as `value_override` and `verification_status`."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, Callable

from fieldwise.extraction.schema import FieldSpec
from fieldwise.store.splits import split_id
from fieldwise.store.tables import Result, StoredFile
from fieldwise.workflows.definitions import Definition
from fieldwise.workflows.public import sanitize_field_name

BLOCK_TYPES = frozenset({"text", "title", "section-header", "table", "picture", "other"})
_WHOLE_PAGE = {"x0": 0.0, "y0": 0.0, "x1": 1.0, "y1": 1.0}


_NUMBER = re.compile(r"\d[\d.,' ]*\d|\d")


def _printed_decimals(value: float, evidence: list[Any] | None) -> int | None:
    """How many decimals the document printed this number with ("1,487.50" -> 2), when its evidence shows it."""
    for item in evidence or []:
        text = item.get("text") if isinstance(item, dict) else None
        for token in _NUMBER.findall(text or ""):
            token = token.replace(" ", "").replace("'", "")
            head, sep, tail = max(token.rpartition("."), token.rpartition(","), key=lambda t: len(t[0]))
            if not sep or len(tail) == 3 and sep in head + sep:  # "1,487" or no decimals at all
                candidate, decimals = token.replace(",", "").replace(".", ""), 0
            else:
                candidate, decimals = head.replace(",", "").replace(".", "") + "." + tail, len(tail)
            try:
                if abs(float(candidate) - value) < 1e-9:
                    return decimals
            except ValueError:
                continue
    return None


def as_text(value: Any, evidence: list[Any] | None = None) -> Any:
    """D8: a typed value as the string v3 sends (multi_select: a list of strings); a float keeps the decimals the
    document printed it with, else its shortest exact form, never grouping or exponent."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        decimals = _printed_decimals(value, evidence)
        return f"{value:.{decimals}f}" if decimals is not None else format(Decimal(repr(value)), "f")
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, dict):
        return str(value)
    return str(value)


def _evidence(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        entry: dict[str, Any] = {"text": str(item.get("text") or ""), "page_number": int(item.get("page_number") or 0)}
        if item.get("bbox"):
            entry["bbox"] = item["bbox"]
        out.append(entry)
    return out


def field_entry(stored: dict[str, Any] | None) -> dict[str, Any]:
    stored = stored or {}
    out: dict[str, Any] = {
        "value": as_text(stored.get("value"), stored.get("evidence")),
        "value_override": as_text(stored.get("value_override")),
        "verification_status": "verified" if stored.get("verified") else "not_verified",
        "confidence": float(stored.get("confidence") or 0.0),
        "evidence": _evidence(stored.get("evidence")),
    }
    if stored.get("value_unit"):
        out["value_unit"] = stored["value_unit"]
    for key in ("value_source", "lookup_check"):  # smart lookups only (D7)
        if stored.get(key):
            out[key] = stored[key]
    return out


def fields_view(stored: dict[str, Any], fields: list[FieldSpec] | tuple[FieldSpec, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in fields:
        entry = stored.get(spec.name)
        key = sanitize_field_name(spec.name)
        if spec.data_type == "object":
            rows = entry if isinstance(entry, list) else []
            out[key] = [{sanitize_field_name(child.name): field_entry(row.get(child.name) if isinstance(row, dict)
                                                                      else None)
                         for child in spec.nested_fields} for row in rows]
        else:
            out[key] = field_entry(entry if isinstance(entry, dict) else None)
    return out


_STATUS = {"pass": "pass", "fail": "fail"}  # skipped (a value missing) and not_supported (ai) are inconclusive


def _validation(item: dict[str, Any]) -> dict[str, Any]:
    """An engine outcome (fieldwise.workflows.validate.evaluate) as v3's Validation."""
    detail = str(item.get("message") or "")
    if item.get("outcome") == "not_supported":
        detail = "not_supported: ai rules need a language model fieldwise does not run"
    out: dict[str, Any] = {"rule_id": str(item.get("rule_id") or ""), "description": str(item.get("name") or ""),
           "severity": str(item.get("severity") or "error"),
           "status": _STATUS.get(str(item.get("outcome")), "inconclusive"), "detail": detail,
           "source_fields": []}
    if isinstance(item.get("values"), dict) and item["values"]:
        out["compared_values"] = {str(k): v for k, v in item["values"].items()}
    return out


def _confidence_int(value: Any) -> int | None:
    return int(round(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _files(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"file_id": str(f.get("file_id") or ""), "file_name": str(f.get("file_name") or ""),
             "pages": list(f.get("pages") or [])} for f in items or []]


def _splits(run_id: str, splits: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for item in splits or []:
        name = str(item.get("name") or "")
        partitions = [{"id": split_id(run_id, name, str(p.get("name"))), "name": str(p.get("name") or ""),
                       "files": _files(p.get("files")), "confidence": _confidence_int(p.get("confidence"))}
                      for p in item.get("partitions") or []]
        out.append({"id": None if partitions else split_id(run_id, name, None), "name": name,
                    "files": _files(item.get("files")), "confidence": _confidence_int(item.get("confidence")),
                    "partitions": partitions})
    return out


def _block(block: dict[str, Any]) -> dict[str, Any]:
    layout = block.get("layout_confidence")
    rows = block.get("rows")
    return {
        "id": block.get("id"), "type": block.get("type") if block.get("type") in BLOCK_TYPES else "other",
        "page": block.get("page"), "bbox": block.get("bbox") or dict(_WHOLE_PAGE),
        "layout_confidence": round(layout / 100, 4) if isinstance(layout, (int, float)) else None,
        "parse_confidence": block.get("parse_confidence"), "regions": [],
        "content": block.get("content") or "", "hyperlinks": [h for h in block.get("hyperlinks") or []
                                                            if isinstance(h, dict)],
        "rows": [[{"cell_id": str(c.get("cell_id")), "text": str(c.get("text") or "")} for c in row]
                 for row in rows] if isinstance(rows, list) else None,
        "image_base64": None,
    }


def parse_view(parse: dict[str, Any] | None, parse_format: str) -> dict[str, Any] | None:
    if parse is None or parse_format == "none":
        return None
    layout = parse.get("layout_confidence")
    common = {"layout_confidence": round(layout / 100, 4) if isinstance(layout, (int, float)) else None,
              "parse_confidence": parse.get("parse_confidence")}
    blocks = [_block(b) for b in parse.get("blocks") or []]
    if parse_format == "blocks":
        pages: dict[int, list[dict[str, Any]]] = {}
        for block in blocks:
            pages.setdefault(int(block["page"] or 1), []).append(block)
        return {"format": "blocks", **common,
                "pages": [{"page": number, "blocks": items} for number, items in sorted(pages.items())]}
    return {"format": "markdown", "markdown": parse.get("markdown"), "text": parse.get("text"), **common,
            "blocks": blocks}


def _edits(edits: list[dict[str, Any]] | None, link: Callable[[str], str] | None) -> list[dict[str, Any]]:
    """The edit node's entries; `link(file_id)` signs a download link for a file's filled PDF."""
    out = []
    for entry in edits or []:
        file_id = str(entry.get("file_id") or "")
        item = {"file_id": file_id, "file_name": str(entry.get("file_name") or ""),
                "fields": list(entry.get("fields") or []),
                "unmatched_instructions": list(entry.get("unmatched_instructions") or []),
                "download_url": link(file_id) if link is not None and entry.get("blob_key") else None}
        if entry.get("error"):
            item["error"] = entry["error"]
        out.append(item)
    return out


def results(packet_id: str, run_id: str, result: Result, definition: Definition | None, parse_format: str,
            verification_url: str | None, parse: dict[str, Any] | None = None,
            edit_link: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The run's results; `parse` is the stored parse when the caller loaded it within the read limit (None: left
    out, and said so in `warnings` when it was asked for); `edit_link(file_id)` signs an edit's download link."""
    graph = definition.graph if definition is not None else None
    extractions: list[dict[str, Any]] = []
    if result.extractions is not None:
        validations = result.validations or []
        for entry in result.extractions:
            step = graph.extracts.get(entry.get("node_id")) if graph else None
            fields = step.fields if step else (definition.fields if definition else ())
            mine = [v for v in validations if v.get("split_name") == entry.get("split_name")
                    and v.get("partition") == entry.get("partition")]
            extractions.append({"split_name": entry.get("split_name"), "partition": entry.get("partition"),
                                "fields": fields_view(entry.get("fields") or {}, fields),
                                "validations": [_validation(v) for v in mine]})
    elif definition is not None and definition.fields:
        extractions.append({"split_name": None, "partition": None,
                            "fields": fields_view(result.extraction or {}, definition.fields), "validations": []})
    untagged = next((e for e in extractions if e["split_name"] is None and e["partition"] is None), None)
    return {
        "document_packet_id": packet_id,
        "verification_url": verification_url,
        "parse": parse_view(parse, parse_format),
        "classifications": [{"category": str(c.get("category")), "confidence": c.get("confidence"),
                             "evidence": c.get("evidence")} for c in result.classifications or []],
        "splits": _splits(run_id, result.splits),
        "extractions": extractions,
        "edits": _edits(result.edits, edit_link),
        "extraction": untagged["fields"] if untagged is not None else None,
        "page_count": result.page_count,
        "warnings": list(result.warnings or []) + (
            ["the parse is larger than FIELDWISE_MAX_READ_MB and is left out"] if parse is None
            and parse_format != "none" else []),
        **({"filtered": result.filtered} if result.filtered else {}),
    }


def file_entries(files: list[StoredFile]) -> list[dict[str, Any]]:
    return [{"id": f.id, "name": f.filename} for f in files]


def with_file_refs(view: dict[str, Any], files: list[StoredFile], file_pages: list[int] | None) -> dict[str, Any]:
    """Evidence, blocks and parse pages name their file (`file_id`, `file_name`, `file_page`): packet pages are
    the files' pages one after the other, in upload order. Runs from before fieldwise recorded each file's page
    count know it only for one-file packets; otherwise the three are left out, as the contract allows."""
    counts = list(file_pages or [])
    if not counts and len(files) == 1:
        counts = [int(view.get("page_count") or 1)]
    if len(counts) != len(files) or not files:
        return view
    owners: list[tuple[StoredFile, int]] = []
    for stored, count in zip(files, counts):
        start = len(owners)
        owners.extend((stored, start) for _ in range(int(count)))

    def mark(item: dict[str, Any], page_key: str) -> None:
        page = item.get(page_key)
        if isinstance(page, int) and 0 < page <= len(owners):
            stored, start = owners[page - 1]
            item.update(file_id=stored.id, file_name=stored.filename, file_page=page - start)

    def entries(fields: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for value in fields.values():
            rows = value if isinstance(value, list) else [{"": value}]
            out += [cell for row in rows if isinstance(row, dict) for cell in row.values() if isinstance(cell, dict)]
        return out

    for extraction in view.get("extractions") or []:
        for entry in entries(extraction.get("fields") or {}):
            for evidence in entry.get("evidence") or []:
                mark(evidence, "page_number")
    parse = view.get("parse") or {}
    for block in parse.get("blocks") or []:
        mark(block, "page")
    for page in parse.get("pages") or []:
        mark(page, "page")
        for block in page.get("blocks") or []:
            mark(block, "page")
    return view
