"""v3 split PDFs: spec v3 section 3 row 16 (D17). Built on request from the source pages, never stored."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.documents.pdf_pages import NotRenderable, Source, build
from fieldwise.errors import NotFound, SplitNotRenderable
from fieldwise.store import collections, splits

router = APIRouter(prefix="/v3/splits", tags=["v3 runs"])


@router.get("/{split_id}/pdf/", response_class=Response, summary="One split's (or partition's) pages as a PDF",
            responses={200: {"content": {"application/pdf": {}}}})
def split_pdf(split_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    ref = splits.get(session, org, split_id)
    sources = []
    for entry in ref.files:
        stored = collections.get_file(session, org, str(entry.get("file_id")))
        sources.append(Source(services.blobs.get(stored.blob_key), stored.media_type, list(entry.get("pages") or [])))
    if not sources:
        raise NotFound(f"split {split_id} covers no pages")
    try:
        data = build(sources)
    except NotRenderable as exc:
        raise SplitNotRenderable(str(exc)) from exc
    return Response(data, media_type="application/pdf")
