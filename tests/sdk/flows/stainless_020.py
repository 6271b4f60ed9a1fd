"""Spec 8.1 flow A with the unmodified anyformat==0.2.0 SDK. Runs in the SDK's own virtual environment.

Environment: ANYFORMAT_BASE_URL, ANYFORMAT_API_KEY (read by the SDK itself), OTHER_KEY, PDF_PATH.
Prints one JSON line of observations for the test to check; any failed assertion exits non-zero.
"""

import base64
import json
import os
import time

import anyformat
from anyformat import Anyformat

c = Anyformat()
seen = {}

wf = c.workflows.create(extra_body={"name": "Invoices", "fields": [
    {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
    {"name": "total", "description": "Total due", "data_type": "float"}]})
assert wf.id and wf.name == "Invoices"
assert c.workflows.retrieve(wf.id).fields[0]["name"] == "invoice_number"


def poll(collection_id, **kwargs):
    statuses = []
    for _ in range(1200):
        try:
            return c.files.get_extraction_results(collection_id, **kwargs), statuses
        except anyformat.APIStatusError as e:
            statuses.append(e.status_code)
            assert e.status_code == 412, e.status_code
            time.sleep(0.1)
    raise AssertionError("never processed")


run = c.workflows.run(wf.id, text="Invoice #INV-001 ... Total: 1250.00")
assert run.id and run.workflow_id == wf.id and run.status == "queued"
res, statuses = poll(run.id)
seen["text_fields"] = sorted(res)
assert set(res["invoice_number"]) >= {"value", "confidence", "evidence", "verification_status", "value_unit"}
lists = c.files.get_extraction_results(run.id, extra_query={"as_lists": "true"})
assert isinstance(lists["total"], list)

pdf = open(os.environ["PDF_PATH"], "rb").read()
run_pdf = c.workflows.run(wf.id, file_base64=base64.b64encode(pdf).decode(), filename="invoice.pdf",
                          content_type="application/pdf")
res_pdf, _ = poll(run_pdf.id)
seen["pdf_invoice_number"] = res_pdf["invoice_number"]["value"]
seen["pdf_evidence"] = res_pdf["invoice_number"]["evidence"]

try:  # the SDK's own file= sends the repr of the object as text; the server must refuse it clearly
    c.workflows.run(wf.id, file=open(os.environ["PDF_PATH"], "rb"))
    raise AssertionError("file= was accepted")
except anyformat.BadRequestError as e:
    seen["file_bug"] = e.body["error_code"]

uploaded = c.workflows.upload(wf.id, text="Invoice #U-1")
assert uploaded.status == "uploaded" and uploaded.filename

files = c.files.list(workflow_id=wf.id)
assert run.id in {r.id for r in files.results}
runs = c.workflows.list_runs(wf.id)
assert runs.count >= 2 and all(r.status for r in runs.results)
results = c.workflows.results(wf.id, as_lists="true")
seen["results_files"] = sorted(results)
assert c.workflows.list(page_size=5).results

h = c.webhooks.create(url="https://example.test/hook")
assert h.secret.startswith("whsec_")
assert h.id in {x.id for x in c.webhooks.list()}
c.webhooks.delete(h.id)
assert h.id not in {x.id for x in c.webhooks.list()}

assert c.health.check() is not None

c.files.delete(run.id)
try:
    c.files.get_extraction_results(run.id)
    raise AssertionError("deleted collection still answers")
except anyformat.NotFoundError:
    seen["deleted"] = 404

try:
    Anyformat(api_key="fw_wrong").workflows.list()
    raise AssertionError("wrong key accepted")
except anyformat.AuthenticationError:
    seen["wrong_key"] = 401
try:
    Anyformat(api_key=os.environ["OTHER_KEY"]).workflows.retrieve(wf.id)
    raise AssertionError("another organization saw the workflow")
except anyformat.NotFoundError:
    seen["other_org"] = 404

c.workflows.delete(wf.id)
try:
    c.workflows.retrieve(wf.id)
    raise AssertionError("deleted workflow still answers")
except anyformat.NotFoundError:
    pass
print(json.dumps(seen))
