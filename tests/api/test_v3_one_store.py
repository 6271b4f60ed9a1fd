"""v2 and v3 on one store (spec v3 D4): a v2 collection is a v3 packet with the same id and the other way round,
reviews show in both, a delete through one is gone in the other, and workflows read in both vocabularies."""

from __future__ import annotations

import uuid
from typing import Any, Callable

import httpx

from tests.api import v3_support as v3
from tests.conftest import INVOICE_FIELDS

TEXT = "Invoice number: INV-77\nTotal: 12.50"


def test_a_v2_run_is_a_v3_packet_with_its_run(api: httpx.Client, workflow: dict[str, Any],
                                              wait: Callable[..., httpx.Response]) -> None:
    collection = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": TEXT}).json()
    assert wait(api, collection["id"]).status_code == 200
    packet = api.get(f"/v3/document-packets/{collection['id']}/").json()
    assert packet["status"] == "processed" and packet["workflow_id"] == workflow["id"]
    run = v3.wait_run(api, packet["latest_run_id"])
    assert run["document_packet_id"] == collection["id"]
    fields = run["results"]["extraction"]
    assert fields["invoice_number"]["value"] == "INV-77" and fields["total"]["value"] == "12.50"  # as printed (D8)
    listed = api.get(f"/v3/workflows/{workflow['id']}/runs/").json()["items"]
    assert packet["latest_run_id"] in {r["id"] for r in listed}


def test_a_v3_packet_is_a_v2_collection(api: httpx.Client, wait: Callable[..., httpx.Response]) -> None:
    workflow = v3.create(api)
    trigger = v3.upload_run(api, workflow["id"], TEXT)
    v3.wait_run(api, trigger["run_id"])
    flat = wait(api, trigger["document_packet_id"]).json()
    assert flat["invoice_number"]["value"] == "INV-77" and flat["total"]["value"] == 12.5  # v2 stays typed
    v2_workflow = api.get(f"/v2/workflows/{workflow['id']}/").json()
    assert [f["name"] for f in v2_workflow["fields"]] == ["invoice_number", "total"]
    files = api.get(f"/v2/workflows/{workflow['id']}/files/").json()["results"]
    assert [f["id"] for f in files] == [trigger["document_packet_id"]]


def test_a_review_correction_shows_in_both(api: httpx.Client, wait: Callable[..., httpx.Response]) -> None:
    workflow = v3.create(api)
    trigger = v3.upload_run(api, workflow["id"], TEXT)
    v3.wait_run(api, trigger["run_id"])
    response = api.patch(f"/v2/files/{trigger['document_packet_id']}/fields/total/", json={"value": 13.0})
    assert response.status_code == 200, response.text
    field = api.get(f"/v3/runs/{trigger['run_id']}/").json()["results"]["extraction"]["total"]
    assert (field["value"], field["value_override"], field["verification_status"]) == ("12.50", "13.0", "verified")
    assert wait(api, trigger["document_packet_id"]).json()["total"]["value"] == 13.0
    cleared = api.patch(f"/v2/files/{trigger['document_packet_id']}/fields/invoice_number/", json={"value": None})
    assert cleared.status_code == 200, cleared.text
    assert wait(api, trigger["document_packet_id"]).json()["invoice_number"]["value"] is None  # null correction wins


def test_a_delete_through_one_api_is_gone_in_the_other(api: httpx.Client, workflow: dict[str, Any],
                                                      wait: Callable[..., httpx.Response]) -> None:
    collection = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": TEXT}).json()
    wait(api, collection["id"])
    run_id = api.get(f"/v3/document-packets/{collection['id']}/").json()["latest_run_id"]
    assert api.delete(f"/v2/files/{collection['id']}/").status_code == 204
    assert api.get(f"/v3/document-packets/{collection['id']}/").status_code == 404
    assert api.get(f"/v3/runs/{run_id}/").status_code == 404

    workflow3 = v3.create(api)
    trigger = v3.upload_run(api, workflow3["id"], TEXT)
    v3.wait_run(api, trigger["run_id"])
    assert api.delete(f"/v3/document-packets/{trigger['document_packet_id']}/").status_code == 204
    assert api.get(f"/v2/files/{trigger['document_packet_id']}/extraction/").status_code == 404
    assert api.delete(f"/v3/workflows/{workflow3['id']}/").status_code == 204
    assert api.get(f"/v2/workflows/{workflow3['id']}/").status_code == 404


def test_a_v2_workflow_reads_in_the_v3_vocabulary(api: httpx.Client) -> None:
    name = f"Flat {uuid.uuid4().hex[:8]}"
    flat = api.post("/v2/workflows/", json={"name": name, "fields": [
        *INVOICE_FIELDS, {"name": "kind", "description": "Kind", "data_type": "enum", "enum_options": ["a", "b"]}]})
    detail = api.get(f"/v3/workflows/{flat.json()['id']}/").json()
    assert [n["type"] for n in detail["nodes"]] == ["parse", "extract"] and detail["version"] == "1.0"
    fields = detail["nodes"][1]["extraction_schema"]["fields"]
    assert [f["name"] for f in fields] == ["invoice_number", "total", "kind"]
    assert all(uuid.UUID(f["persistent_id"]) for f in fields)
    assert fields[2]["enum_options"] == [{"name": "a", "description": "a"}, {"name": "b", "description": "b"}]
    assert api.get(f"/v3/workflows/{flat.json()['id']}/").json() == detail  # ids are stable across reads
    api.put(f"/v2/workflows/{flat.json()['id']}/", json={"name": name, "fields": INVOICE_FIELDS})
    again = api.get(f"/v3/workflows/{flat.json()['id']}/").json()
    assert again["version"] == "2.0"
    assert [f["persistent_id"] for f in again["nodes"][1]["extraction_schema"]["fields"]] == [
        f["persistent_id"] for f in fields[:2]]  # v2 PUT keeps identity by name
    versions = api.get(f"/v3/workflows/{flat.json()['id']}/versions/").json()["items"]
    assert [v["version"] for v in versions] == ["2.0", "1.0"]


def test_a_v2_put_keeps_the_ids_v3_gave_its_fields(api: httpx.Client) -> None:
    created = v3.create(api)
    ids = {f["name"]: f["persistent_id"] for f in created["nodes"][1]["extraction_schema"]["fields"]}
    put = api.put(f"/v2/workflows/{created['id']}/", json={"name": created["name"], "fields": [
        INVOICE_FIELDS[1], {"name": "vendor", "description": "Vendor", "data_type": "string"}]})
    assert put.status_code == 200, put.text
    after = api.get(f"/v3/workflows/{created['id']}/").json()
    fields = {f["name"]: f["persistent_id"] for f in after["nodes"][1]["extraction_schema"]["fields"]}
    assert fields["total"] == ids["total"] and fields["vendor"] not in ids.values()
    assert after["version"] == "2.0"


def test_packet_files_download_and_dataset_documents_stay_out_of_v2(api: httpx.Client,
                                                                    other_api: httpx.Client) -> None:
    workflow = v3.create(api)
    uploaded = api.post(f"/v3/workflows/{workflow['id']}/upload/",
                        files={"files": ("note.txt", b"Invoice number: X-5", "text/plain")}).json()
    file_id = uploaded["files"][0]["id"]
    got = api.get(f"/v3/document-packets/{uploaded['document_packet_id']}/files/{file_id}/")
    assert got.status_code == 200 and got.content == b"Invoice number: X-5"
    assert got.headers["content-type"].startswith("text/plain")
    assert other_api.get(f"/v3/document-packets/{uploaded['document_packet_id']}/files/{file_id}/").status_code == 404
    api.post(f"/v3/workflows/{workflow['id']}/dataset/upload/", files={"files": ("gt.txt", b"x", "text/plain")})
    v2_files = api.get(f"/v2/workflows/{workflow['id']}/files/").json()["results"]
    assert [f["id"] for f in v2_files] == [uploaded["document_packet_id"]]


def test_evidence_of_a_packet_of_several_files_names_the_file_and_its_page(api: httpx.Client) -> None:
    workflow = v3.create(api)
    files = [("files", ("first.txt", b"Invoice number: M-1", "text/plain")),
             ("files", ("second.txt", b"Total: 7.00", "text/plain"))]
    trigger = api.post(f"/v3/workflows/{workflow['id']}/upload/run/", files=files).json()
    fields = v3.wait_run(api, trigger["run_id"])["results"]["extraction"]
    [number] = fields["invoice_number"]["evidence"]
    [total] = fields["total"]["evidence"]
    assert (number["page_number"], number["file_name"], number["file_page"]) == (1, "first.txt", 1)
    assert (total["page_number"], total["file_name"], total["file_page"]) == (2, "second.txt", 1)
