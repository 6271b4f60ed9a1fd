"""SDK 1.18.0 datasets, ground truth and evals against fieldwise: dataset uploads with ground truth, tags (made with
fieldwise's extension endpoints, as the Studio would), ground truth read and replaced, an eval over the whole
dataset and one over a tag, its accuracy per field, document and tag."""

import json
import os
import time
import uuid

import httpx
from anyformat.sdk import Client
from anyformat.sdk.errors import APIError, BadRequest
from anyformat.workflow import Schema

BASE, KEY = os.environ["ANYFORMAT_BASE_URL"], os.environ["ANYFORMAT_API_KEY"]
c = Client(api_key=KEY, base_url=BASE)
raw = httpx.Client(base_url=BASE, headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
seen = {}

wf = c.workflow(f"Dataset {uuid.uuid4().hex[:8]}").parse().extract([
    Schema.string("invoice_number", "Invoice number"),
    Schema.float("total", "Total amount"),
]).create()
right = wf.upload_to_dataset(text="Invoice number: D-1\nTotal: 12.50",
                             ground_truth={"invoice_number": "D-1", "total": "12.50"})
wrong = wf.upload_to_dataset(text="Invoice number: D-2\nTotal: 40.00",
                             ground_truth={"invoice_number": "D-999"})
bare = wf.upload_to_dataset(text="Invoice number: D-3\nTotal: 1.00")
seen["saved"] = [right.ground_truth_saved, wrong.ground_truth_saved, bare.ground_truth_saved]
try:
    wf.upload_to_dataset(text="Invoice number: D-4", ground_truth={"colour": "red"})
    raise AssertionError("ground truth for an unknown field accepted")
except APIError as exc:
    seen["gt_invalid"] = [exc.status_code, exc.error_code]

ids = {f.name: f.persistent_id for f in c.get_workflow(wf.id).nodes[1].extraction_schema.fields}
truth = c.get_ground_truth(right.document_packet_id)
seen["truth_keys_are_ids"] = sorted(truth.ground_truth) == sorted(ids.values())
seen["bare_truth"] = c.get_ground_truth(bare.document_packet_id).ground_truth
c.set_ground_truth(bare.document_packet_id, {ids["invoice_number"]: "D-3"})
seen["bare_after_put"] = c.get_ground_truth(bare.document_packet_id).ground_truth == {ids["invoice_number"]: "D-3"}
production = wf.upload(text="Invoice number: P-1")
try:
    c.set_ground_truth(production.document_packet_id, {"invoice_number": "P-1"})
    raise AssertionError("ground truth on a production packet accepted")
except APIError as exc:
    seen["not_in_dataset"] = [exc.status_code, exc.error_code]

tag = raw.post(f"/v3/workflows/{wf.id}/dataset/tags/", json={"name": "hard"}).json()
raw.put(f"/v3/document-packets/{wrong.document_packet_id}/dataset-tags/", json={"dataset_tag_ids": [tag["id"]]})
seen["tags"] = [t.name for t in c.list_dataset_tags(wf.id)]


def finished(eval_id: str):
    for _ in range(1200):
        detail = c.get_eval(wf.id, eval_id)
        if detail.status != "in_progress":
            return detail
        time.sleep(0.1)
    raise AssertionError("eval never finished")


launched = c.launch_eval(wf.id)
seen["launched"] = [launched.run_number, launched.enqueued_count, launched.failed_count]
done = finished(launched.eval_id)
seen["eval"] = [done.status, done.matched, done.mismatched, done.ungraded, done.accuracy, done.file_count]
accuracy = c.get_eval_accuracy(wf.id, launched.eval_id)
by_field = {row.persistent_id: (row.matched, row.mismatched, row.ungraded) for row in accuracy.by_field}
seen["by_field"] = [by_field[ids["invoice_number"]], by_field[ids["total"]]]
by_doc = {row.document_packet_id: (row.has_extraction, row.failed_persistent_ids) for row in accuracy.by_document_packet}
seen["wrong_doc"] = by_doc[wrong.document_packet_id] == (True, [ids["invoice_number"]])
seen["by_tag"] = [(row.dataset_tag_id == tag["id"], row.matched, row.mismatched) for row in accuracy.by_dataset_tag]
fields = c.get_eval_document_packet_fields(wf.id, launched.eval_id, wrong.document_packet_id)
seen["wrong_fields"] = {f.persistent_id == ids["invoice_number"]: [f.extracted, f.expected] for f in fields.fields}[True]

tagged = c.launch_eval(wf.id, dataset_tag_ids=[tag["id"]])
seen["tagged"] = [tagged.run_number, tagged.enqueued_count, finished(tagged.eval_id).accuracy]
seen["evals_listed"] = [e.run_number for e in c.iter_evals(wf.id, limit=1)]
seen["runs_listed"] = sum(1 for _ in c.iter_runs(wf.id))  # eval runs are not listed
try:
    c.launch_eval(wf.id, dataset_tag_ids=[str(uuid.uuid4())])
    raise AssertionError("unknown tag accepted")
except BadRequest as exc:
    seen["unknown_tag"] = exc.status_code
c.delete_workflow(wf.id)
print(json.dumps(seen))
