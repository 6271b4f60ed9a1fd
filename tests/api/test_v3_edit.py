"""The v3 edit node (spec v3 D7, D9, D22): a PDF's own form filled from instructions and edit references, the
filled PDF behind a signed link that needs no API key, references checked at PATCH and at run time."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pypdfium2 as pdfium

from fieldwise.documents.pdf_forms import read_widgets
from fieldwise.settings import Settings
from fieldwise.store.db import Database
from fieldwise.store.tables import EditReference
from tests.api import v3_support as v3
from tests.support.documents import form_pdf
from tests.support.live_server import LiveServer


def _edit_body(**edit: Any) -> dict[str, Any]:
    return {"name": f"Forms {uuid.uuid4().hex[:8]}", "description": "", "nodes": [
        dict(v3.PARSE), {"id": "edit_1", "type": "edit", **edit}],
        "edges": [{"source": "parse_1", "target": "edit_1"}]}


def _run(api: httpx.Client, workflow_id: str, files: list[tuple[str, bytes, str]]) -> dict[str, Any]:
    response = api.post(f"/v3/workflows/{workflow_id}/upload/run/",
                        files=[("files", (name, data, media)) for name, data, media in files])
    assert response.status_code == 202, response.text
    run = v3.wait_run(api, response.json()["run_id"])
    assert run["status"] == "processed", (run.get("error"), run)
    return run


def _database(server: LiveServer) -> Database:
    url = server.env.get("FIELDWISE_DATABASE_URL")
    return Database(Settings(data_dir=server.data_dir, **({"database_url": url} if url else {}))
                    .resolved_database_url)


def test_an_edit_fills_the_form_and_links_the_filled_pdf(api: httpx.Client, server: LiveServer) -> None:
    created = api.post("/v3/workflows/", json=_edit_body(
        instructions="Name: ACME SL; Company: Other; I accept the terms: yes; Colour: red", output_mode="editable",
        font="mono"))
    assert created.status_code == 201, created.text
    assert created.json()["nodes"][1] == {"id": "edit_1", "type": "edit", "reference_document_ids": [],
                                          "instructions": "Name: ACME SL; Company: Other; I accept the terms: "
                                                          "yes; Colour: red", "font": "mono",
                                          "output_mode": "editable"}
    run = _run(api, created.json()["id"], [("form.pdf", form_pdf(), "application/pdf"),
                                           ("note.txt", b"Name: somebody else", "text/plain")])
    [edit] = run["results"]["edits"]  # the text file has no form: no entry
    assert edit["file_name"] == "form.pdf" and edit["unmatched_instructions"] == ["Colour: red"]
    fields = {f["label"]: f for f in edit["fields"]}
    assert [f["form_field_id"] for f in edit["fields"]] == ["p1_f0", "p1_f1", "p1_f2", "p1_f3", "p2_f0"]
    assert (fields["Name"]["value"], fields["Name"]["confidence"], fields["Name"]["state"]) == ("ACME SL", 100,
                                                                                                "empty")
    assert (fields["Company"]["state"], fields["Company"]["value"]) == ("prefilled", None)  # never overwritten
    assert (fields["I accept the terms"]["kind"], fields["I accept the terms"]["value"]) == ("checkbox", "true")
    assert fields["City"]["value"] is None and fields["City"]["confidence"] is None
    assert run["results"]["extractions"] == []

    with httpx.Client(timeout=30) as anonymous:  # the link needs no API key
        response = anonymous.get(edit["download_url"])
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["x-content-type-options"] == "nosniff"  # no browser reads it as anything else
        values = {w.label: w.value for w in read_widgets(response.content, 100)[0]}
        assert values == {"Name": "ACME SL", "Date": None, "Company": "Prefilled Ltd", "I accept the terms": "true",
                          "City": None}
        tampered = edit["download_url"].replace("signature=", "signature=0")
        refused = anonymous.get(tampered)
        assert refused.status_code == 403 and refused.json()["error_code"] == "LINK_INVALID"
        expired = edit["download_url"].replace("expires=", "expires=1")
        assert anonymous.get(expired).json()["error_code"] == "LINK_INVALID"
        assert api.delete(f"/v3/document-packets/{run['document_packet_id']}/").status_code == 204
        assert anonymous.get(edit["download_url"]).status_code == 404  # gone with its run


def test_references_fill_what_instructions_leave_and_flattened_pdfs_print_the_values(api: httpx.Client,
                                                                                     other_api: httpx.Client,
                                                                                     server: LiveServer) -> None:
    created = api.post("/v3/workflows/", json=_edit_body(instructions="Name: From instructions"))
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]
    uploaded = api.post(f"/v3/workflows/{workflow_id}/edit-references/", files=[
        ("files", ("people.csv", b"name,date,city\nFrom reference,2026-01-01,Sevilla\n", "text/csv"))])
    assert uploaded.status_code == 201, uploaded.text
    reference_id = uploaded.json()["documents"][0]["id"]

    refused = api.post("/v3/workflows/", json=_edit_body(reference_document_ids=[reference_id]))
    assert refused.status_code == 400  # a reference belongs to its workflow: at create there is none
    other = other_api.post("/v3/workflows/", json=_edit_body())
    assert other.status_code == 201
    foreign = other_api.patch(f"/v3/workflows/{other.json()['id']}/", json={"nodes": _edit_body(
        reference_document_ids=[reference_id])["nodes"]})
    assert foreign.status_code == 400, foreign.text

    patched = api.patch(f"/v3/workflows/{workflow_id}/", json={"nodes": _edit_body(
        instructions="Name: From instructions", reference_document_ids=[reference_id])["nodes"]})
    assert patched.status_code == 200, patched.text
    run = _run(api, workflow_id, [("form.pdf", form_pdf(), "application/pdf")])
    [edit] = run["results"]["edits"]
    values = {f["label"]: f["value"] for f in edit["fields"]}
    assert values == {"Name": "From instructions", "Date": "2026-01-01", "Company": None,
                      "I accept the terms": None, "City": "Sevilla"}  # instructions take precedence
    with httpx.Client(timeout=30) as anonymous:
        filled = anonymous.get(edit["download_url"]).content
    pdf = pdfium.PdfDocument(filled)
    try:
        first, second = (pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "From instructions" in first and "2026-01-01" in first and "Sevilla" in second
    assert read_widgets(filled, 100) == ([], False)  # flattened: no form left

    db = _database(server)
    try:
        with db.session() as session:
            session.get(EditReference, reference_id).status = "pending"
        again = api.post(f"/v3/workflows/{workflow_id}/upload/run/",
                         files={"files": ("form2.pdf", form_pdf(), "application/pdf")})
        assert again.status_code == 409 and again.json()["error_code"] == "REFERENCE_NOT_READY"
        packet_id = run["document_packet_id"]
        rerun = api.post(f"/v3/document-packets/{packet_id}/run/")
        assert rerun.status_code == 409 and rerun.json()["error_code"] == "REFERENCE_NOT_READY"
        with db.session() as session:
            session.get(EditReference, reference_id).status = "ready"
    finally:
        db.dispose()


def test_a_pdf_without_a_form_has_an_edit_with_no_fields(api: httpx.Client) -> None:
    from tests.support.documents import invoice_pdf

    created = api.post("/v3/workflows/", json=_edit_body(instructions="Name: x"))
    run = _run(api, created.json()["id"], [("invoice.pdf", invoice_pdf(), "application/pdf")])
    [edit] = run["results"]["edits"]
    assert edit["fields"] == [] and edit["download_url"] is None and edit["unmatched_instructions"] == ["Name: x"]


def test_deleting_a_reference_withdraws_its_read_and_the_queue_moves_on(api: httpx.Client,
                                                                         server: LiveServer) -> None:
    from sqlalchemy import select

    from fieldwise.store.tables import Collection
    from tests.support.documents import text_pdf

    workflow_id = api.post("/v3/workflows/", json=_edit_body(instructions="Name: x")).json()["id"]
    blank = text_pdf([[] for _ in range(400)])  # minutes of OCR under the default time limit
    [reference_id] = v3.upload_references(api, workflow_id, [("blank.pdf", blank, "application/pdf")])
    db = _database(server)
    try:
        with db.session() as session:
            reader = session.scalar(select(EditReference.collection_id).where(EditReference.id == reference_id))
        assert reader is not None  # read by the queue, not by the API process
        assert api.delete(f"/v3/workflows/{workflow_id}/edit-references/{reference_id}/").status_code == 204
        assert api.get(f"/v3/workflows/{workflow_id}/edit-references/").json()["documents"] == []
        with db.session() as session:
            assert session.get(Collection, reader) is None
    finally:
        db.dispose()
    run = _run(api, workflow_id, [("form.pdf", form_pdf(), "application/pdf")])  # the worker is free again
    assert run["results"]["edits"][0]["file_name"] == "form.pdf"
