"""Spec 8.1 flow B with the unmodified anyformat==0.5.0 SDK (create_file, list_files, get_file_results, health)."""

import json
import time

import anyformat
from anyformat import Anyformat

c = Anyformat()
seen = {}
assert c.health.check().message == "ok"

wf = c.workflows.create(extra_body={"name": "Receipts", "fields": [
    {"name": "company", "description": "Store name", "data_type": "string"},
    {"name": "kind", "description": "Kind of document", "data_type": "enum", "enum_options": ["receipt", "invoice"]},
    {"name": "lines", "description": "Line items", "data_type": "object", "nested_fields": [
        {"name": "item", "description": "Item", "data_type": "string"},
        {"name": "amount", "description": "Amount", "data_type": "float"}]}]})

try:  # 0.5.0 can only send string parts for files=[...]: refused with a clear 400, nothing processed
    c.workflows.create_file(wf.id, files=["hello"])
    raise AssertionError("string file parts accepted")
except anyformat.BadRequestError as e:
    seen["create_file_strings"] = e.status_code

run = c.workflows.run(wf.id, text="Company: Corner Shop\nThis is a receipt")
statuses = []
for _ in range(1200):
    try:
        envelope = c.workflows.get_file_results(run.id, workflow_id=wf.id)
        break
    except anyformat.APIStatusError as e:
        statuses.append(e.status_code)
        assert e.status_code == 412
        time.sleep(0.1)
fields = envelope["extractions"][0]["fields"]
seen["envelope_keys"] = sorted(envelope)
seen["fields"] = sorted(fields)
seen["lines"] = fields["lines"]
seen["kind"] = fields["kind"]
listed = c.workflows.list_files(wf.id)
assert run.id in {r.id for r in listed.results} and all(r.status for r in listed.results)
try:
    c.workflows.get_file_results("00000000-0000-7000-8000-000000000000", workflow_id=wf.id)
    raise AssertionError("unknown collection answered")
except anyformat.NotFoundError:
    seen["unknown"] = 404
c.workflows.delete(wf.id)
print(json.dumps(seen))
