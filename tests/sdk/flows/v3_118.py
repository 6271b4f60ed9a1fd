"""The unmodified anyformat==1.18.0 SDK (v3 API): builder, upload and run, wait, results with evidence, cursor pages,
versions after PATCH, parse-only, results_url, re-runs, idempotent uploads, filename conflicts, another org's key."""

import json
import os
import uuid

import httpx
from anyformat.sdk import Client
from anyformat.sdk.errors import APIError, BadRequest, NotFound, Unauthorized, WorkflowNameConflict
from anyformat.workflow import Schema

BASE, KEY, OTHER = os.environ["ANYFORMAT_BASE_URL"], os.environ["ANYFORMAT_API_KEY"], os.environ["OTHER_KEY"]
c = Client(api_key=KEY, base_url=BASE)
other = Client(api_key=OTHER, base_url=BASE)
seen = {}
suffix = uuid.uuid4().hex[:8]

# a workflow from the builder, parse -> extract
wf = c.workflow(f"Invoices {suffix}").parse().extract([
    Schema.string("invoice_number", "Invoice number"),
    Schema.float("total", "Total amount"),
]).create()
assert wf.id and wf.name == f"Invoices {suffix}"
try:
    c.workflow(f"Invoices {suffix}").parse().extract([Schema.string("x", "x")]).create()
    raise AssertionError("duplicate workflow name accepted")
except WorkflowNameConflict as exc:
    seen["name_conflict"] = exc.status_code

# upload and run, wait, results with evidence
run = wf.run(os.environ["PDF_PATH"])
result = run.wait(timeout=120, poll_interval=0.2)
field = result.field("invoice_number")
seen["invoice_number"] = field.value
seen["total"] = result.field("total").value
seen["confidence"] = field.confidence
seen["evidence_pages"] = [e.page_number for e in field.evidence]
seen["evidence_file"] = [(e.file_name, e.file_page) for e in field.evidence]
seen["markdown_has_number"] = "INV-2024-001" in (result.parse.markdown or "")
detail = c.get_run(run.id)
seen["run_status"] = detail.status
packet = c.get_document_packet(run.document_packet_id)
seen["packet_latest_is_run"] = packet.latest_run_id == run.id
seen["packet_files"] = [f.name for f in packet.files]

# results by signed link, without a key
by_link = c.get_run(run.id, delivery="url")
seen["by_link_invoice_number"] = by_link.result.field("invoice_number").value
blocks = c.get_run(run.id, parse_format="blocks")
seen["blocks_pages"] = len(blocks.result.parse.pages)

# the same file again: a filename conflict, then a rename
try:
    wf.upload(os.environ["PDF_PATH"])
    raise AssertionError("filename conflict not reported")
except APIError as exc:
    seen["filename_conflict"] = [exc.status_code, exc.error_code, (exc.params or {}).get("filename")]
renamed = wf.upload(os.environ["PDF_PATH"], on_conflict="rename")
seen["renamed"] = [(f.name, f.original_name) for f in renamed.files]

# an idempotent upload is replayed, not repeated
first = wf.upload(text="Invoice number: UP-7\nTotal: 3.00", idempotency_key=f"k-{suffix}")
again = wf.upload(text="Invoice number: UP-7\nTotal: 3.00", idempotency_key=f"k-{suffix}")
seen["idempotent_same_packet"] = first.document_packet_id == again.document_packet_id
rerun = first.run().wait(timeout=120, poll_interval=0.2)
seen["upload_invoice_number"] = rerun.field("invoice_number").value
second = c.run_document_packet(first.document_packet_id)
second_result = second.wait(timeout=120, poll_interval=0.2)
seen["second_run_value"] = second_result.field("invoice_number").value
seen["runs_of_packet"] = sum(1 for r in c.iter_runs(wf.id, limit=1) if r.document_packet_id == first.document_packet_id)

# cursor pages
packets = list(c.iter_document_packets(wf.id, limit=1))
seen["packets"] = len(packets)
page1 = c.list_document_packets(wf.id, limit=2)
seen["page1_has_cursor"] = page1.next_cursor is not None
seen["workflow_listed"] = wf.id in {w.id for w in c.iter_workflows(limit=2)}

# versions after PATCH: fields keep their persistent ids, the name change is a minor version
definition = c.get_workflow(wf.id)
ids_before = [f.persistent_id for f in definition.nodes[1].extraction_schema.fields]
definition.description = "Invoice header fields"
c.update_workflow(wf.id, definition)
definition = c.get_workflow(wf.id)
definition.nodes[1].extraction_schema.fields.append(Schema.string("vendor", "Vendor name"))
c.update_workflow(wf.id, definition)
after = c.get_workflow(wf.id)
ids_after = [f.persistent_id for f in after.nodes[1].extraction_schema.fields]
seen["ids_kept"] = ids_after[:2] == ids_before and len(set(ids_after)) == 3
seen["versions"] = [v.version for v in c.iter_workflow_versions(wf.id, limit=2)]
first_version = list(c.iter_workflow_versions(wf.id))[-1]
old = c.get_workflow(wf.id, version=first_version.version_id)
seen["old_version_fields"] = [f.name for f in old.nodes[1].extraction_schema.fields]

# parse-only
job = c.parse(os.environ["PDF_PATH"])
markdown = None
for _ in range(1200):
    try:
        markdown = c.get_markdown(job.id)
        break
    except APIError as exc:  # StillParsing while it runs
        if exc.__class__.__name__ != "StillParsing":
            raise
        import time
        time.sleep(0.1)
seen["parse_markdown"] = "INV-2024-001" in (markdown or "")

# another organization sees nothing of ours
for call in (lambda: other.get_workflow(wf.id), lambda: other.get_run(run.id),
             lambda: other.get_document_packet(run.document_packet_id),
             lambda: other.list_runs(wf.id), lambda: other.delete_document_packet(run.document_packet_id)):
    try:
        call()
        raise AssertionError("another organization reached our rows")
    except NotFound:
        pass
seen["other_lists"] = wf.id in {w.id for w in other.iter_workflows()}
try:
    Client(api_key="fw_wrong", base_url=BASE).list_workflows()
    raise AssertionError("wrong key accepted")
except Unauthorized:
    seen["wrong_key"] = 401
try:
    c.list_workflows(cursor="not-a-cursor")
    raise AssertionError("bad cursor accepted")
except BadRequest as exc:
    seen["bad_cursor"] = exc.error_code

# delete: the packet and its runs are gone
c.delete_document_packet(run.document_packet_id)
try:
    c.get_run(run.id)
    raise AssertionError("run of a deleted packet still readable")
except NotFound:
    seen["deleted_run"] = 404
c.delete_workflow(wf.id)
try:
    c.get_workflow(wf.id)
except NotFound:
    seen["deleted_workflow"] = 404
print(json.dumps(seen))
