"""Rows as the API shows them (spec 2.1-2.6). Wire shapes live here, apart from the tables."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fieldwise.errors import ExtractionCancelled, ExtractionFailed, NotReady
from fieldwise.extraction import wire
from fieldwise.store.tables import Collection, Result, StoredFile, Webhook, Workflow
from fieldwise.workflows.definitions import Definition


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; they were written in UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def workflow(row: Workflow, body: dict[str, Any], definition: Definition) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id, "name": row.name, "description": row.description,
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "fields": definition.raw_fields, "version_id": row.current_version_id,
    }
    if definition.is_graph:
        out["nodes"], out["edges"] = body.get("nodes"), body.get("edges") or []
    return out


def collection(row: Collection) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, "status": row.status, "workflow_id": row.workflow_id,
        "version_id": row.version_id, "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "processed_at": iso(row.processed_at), "error": row.error,
    }


def page(total: int, page_no: int, size: int, results: list[Any]) -> dict[str, Any]:
    return {"count": total, "page": page_no, "page_size": size, "results": results}


def webhook(row: Webhook, *, with_secret: bool = False) -> dict[str, Any]:
    out = {"id": row.id, "url": row.url, "events": list(row.events), "is_active": row.is_active,
           "created_at": iso(row.created_at)}
    if with_secret:
        out["secret"] = row.secret
    return out


def ensure_ready(row: Any) -> None:
    """412 while the run is not finished, 422 when it ended without results."""
    if row.status == "error":
        raise ExtractionFailed(row.error or "the document could not be processed")
    if row.status == "cancelled":
        raise ExtractionCancelled("the run was cancelled before it finished")
    if row.status != "processed":
        raise NotReady(f"the file collection is {row.status}; poll again shortly")


def verification_url(base_url: str, collection_id: str) -> str:
    """Where a person reviews the collection: the review page, under `public_url` when it is set."""
    return f"{base_url.rstrip('/')}/review/collections/{collection_id}/"


def _graph_sections(result: Result, definition: Definition | None) -> dict[str, Any]:
    """classifications / splits / extractions / extraction / validations of a typed-graph run."""
    graph = definition.graph if definition else None
    extractions = []
    for entry in result.extractions or []:
        step = graph.extracts.get(entry.get("node_id")) if graph else None
        fields = list(step.fields) if step else []
        extractions.append({"split_name": entry.get("split_name"), "partition": entry.get("partition"),
                            "fields": wire.envelope_fields(entry.get("fields") or {}, fields)})
    linear = graph.linear if graph else True
    return {
        "classifications": result.classifications or [],
        "splits": result.splits or [],
        "extractions": extractions,
        "extraction": extractions[0]["fields"] if linear and extractions else None,
        "validations": result.validations or [],
    }


def omitted_parse(limit: int) -> str:
    return (f"parse left out: the stored parse is larger than the {limit // (1024 * 1024)} MB one answer carries "
            "(FIELDWISE_MAX_READ_MB); the extraction is complete")


def parse_shown(parse: dict[str, Any] | None, limit: int) -> dict[str, Any]:
    """The stored parse, or (when it was over the read limit and not loaded) a parse that says so."""
    if parse is not None:
        return parse
    return {"markdown": None, "blocks": None, "omitted": omitted_parse(limit)}


def envelope(row: Collection, result: Result, parse: dict[str, Any] | None, read_limit: int,
             definition: Definition | None, verification_url: str | None) -> dict[str, Any]:
    """The results envelope; `parse` is None when it was too large to load (it is then left out, and said so)."""
    if result.extractions is not None:
        sections = _graph_sections(result, definition)
    else:
        fields = list(definition.fields) if definition else []
        extraction = wire.envelope_fields(result.extraction, fields) if fields else None
        sections = {
            "classifications": [], "splits": [],
            "extractions": [{"split_name": None, "partition": None, "fields": extraction}]
            if extraction is not None else [],
            "extraction": extraction, "validations": [],
        }
    return {
        "collection_id": row.id,
        "verification_url": verification_url,
        "parse": parse_shown(parse, read_limit),
        **sections,
        "status": row.status,
        "page_count": result.page_count,
        "warnings": [*(result.warnings or []), *([] if parse is not None else [omitted_parse(read_limit)])],
    }


def file_entry(stored: StoredFile) -> dict[str, Any]:
    return {"id": stored.id, "file_id": stored.id, "filename": stored.filename, "status": "uploaded"}


def staged(collection: Collection, stored: list[StoredFile]) -> dict[str, Any]:
    """Answer to an upload of files that are staged, not yet run (spec rows 10 and 15)."""
    return {"id": collection.id, "name": collection.name, "workflow_id": collection.workflow_id,
            "files": [{"filename": s.filename, "status": "uploaded", "file_id": s.id} for s in stored]}
