"""SDK 1.18.0's edit node against fieldwise: the builder's `.edit(instructions=, reference_document_ids=)`, an edit
reference uploaded and named on a PATCH, a run on a PDF form, the Edit results and the filled PDF fetched by its
signed link without a key; then the same node made editable through update_workflow (the builder has no knob)."""

import json
import os
import uuid

import httpx
from anyformat.sdk import Client

c = Client(api_key=os.environ["ANYFORMAT_API_KEY"], base_url=os.environ["ANYFORMAT_BASE_URL"])
tmp = os.environ["TMP_DIR"]
seen = {}
name = f"Forms {uuid.uuid4().hex[:8]}"
instructions = "Name: ACME SL; I accept the terms: yes; Colour: red"

wf = c.workflow(name).parse().edit(instructions=instructions).create()
with open(os.path.join(tmp, "applicant.csv"), "w") as handle:
    handle.write("date,city\n2026-01-01,Sevilla\n")
[reference] = c.upload_edit_references(wf.id, [os.path.join(tmp, "applicant.csv")])
seen["reference"] = [reference.name, reference.status]
c.workflow(name).parse().edit(instructions=instructions, reference_document_ids=[reference.id]).update(wf.id)
seen["node_types"] = [n.type for n in c.get_workflow(wf.id).nodes]


def run_and_fetch(out_name):
    result = wf.run(os.environ["FORM_PATH"], on_conflict="rename").wait(timeout=120, poll_interval=0.2)
    [edit] = result.edits
    with httpx.Client(timeout=30) as anonymous:  # no API key
        response = anonymous.get(edit.download_url)
    response.raise_for_status()
    with open(os.path.join(tmp, out_name), "wb") as handle:
        handle.write(response.content)
    return edit


edit = run_and_fetch("flattened.pdf")
seen["file_name"] = edit.file_name
seen["fields"] = [[f.form_field_id, f.label, f.kind, f.state, f.value, f.confidence] for f in edit.fields]
seen["unmatched"] = edit.unmatched_instructions

definition = c.get_workflow(wf.id)
for node in definition.nodes:
    if node.type == "edit":
        node.output_mode = "editable"
c.update_workflow(wf.id, definition)
seen["output_mode"] = [n.output_mode for n in c.get_workflow(wf.id).nodes if n.type == "edit"]
run_and_fetch("editable.pdf")
c.delete_workflow(wf.id)
print(json.dumps(seen))
