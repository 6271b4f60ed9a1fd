"""Spec 8.1 flow C with the unmodified anyformat==0.7.0 SDK (typed graph builder, run, upload, wait, parse)."""

import json
import os
import time

from anyformat.sdk import Client
from anyformat.sdk.errors import NotFound, Unauthorized, StillParsing
from anyformat.workflow import Schema

c = Client(api_key=os.environ["ANYFORMAT_API_KEY"], base_url=os.environ["ANYFORMAT_BASE_URL"])
seen = {}
wf = c.workflow("Invoices").parse().extract([
    Schema.string("invoice_number", "Invoice number"),
    Schema.float("total", "Total amount"),
    Schema.object("line_items", "rows", fields=[Schema.float("amount", "amount")]),
]).create()
assert wf.id and wf.name == "Invoices"

r = wf.run(os.environ["PDF_PATH"]).wait(timeout=120, poll_interval=0.2)
assert "invoice_number" in r.fields and "line_items" in r.fields
seen["invoice_number"] = r.field("invoice_number").value
seen["confidence"] = r.field("invoice_number").confidence
seen["evidence_pages"] = [e.page_number for e in r.field("invoice_number").evidence]
seen["blocks"] = len(r.parse.blocks)
seen["markdown_has_anchor"] = '<a id="p1_b0"></a>' in r.parse.markdown

up = wf.upload(text="Invoice number: UP-7\nTotal: 3.00")
assert up.file_id and up.collection_id
r2 = up.run().wait(timeout=120, poll_interval=0.2)
seen["upload_invoice_number"] = r2.field("invoice_number").value

files = c.list_files(wf.id)
assert {f.status for f in files} <= {"processed", "queued", "in_progress", "pending"}
seen["files"] = len(files)

assert wf.id in {w.id for w in c.list_workflows(page_size=100)}
definition = c.workflow("Invoices v2").parse().extract([Schema.string("vendor", "Vendor name")])
updated = definition.update(wf.id)
assert updated.id == wf.id and updated.name == "Invoices v2"

job = c.parse(os.environ["PDF_PATH"])
for _ in range(1200):
    try:
        markdown = c.get_markdown(job.file_id)
        break
    except StillParsing:
        time.sleep(0.1)
seen["parse_markdown"] = "INV-2024-001" in markdown

try:
    Client(api_key="fw_wrong", base_url=os.environ["ANYFORMAT_BASE_URL"]).list_workflows()
    raise AssertionError("wrong key accepted")
except Unauthorized:
    seen["wrong_key"] = 401
c.delete_workflow(wf.id)
try:
    c.delete_workflow(wf.id)
    raise AssertionError("deleted twice")
except NotFound:
    seen["deleted"] = 404
print(json.dumps(seen))
