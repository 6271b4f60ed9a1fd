"""SDK 1.18.0 ask against fieldwise: a workflow with a knowledge node (made with create_workflow, the builder has
no verb for it), two processed documents, an extractive answer quoted from them, a follow-up in the same thread,
the nodes fieldwise refuses rather than skip, and edit references (a CSV ready at once, a PDF read once)."""

import json
import os
import time
import uuid

from anyformat.sdk import Client
from anyformat.sdk.errors import APIError, BadRequest
from anyformat.workflow import Edge, Schema, WorkflowDefinition
from anyformat.workflow.nodes import CodeSandboxNode, ExtractionSchema, ExtractNode, KnowledgeNode, ParseNode

c = Client(api_key=os.environ["ANYFORMAT_API_KEY"], base_url=os.environ["ANYFORMAT_BASE_URL"])
seen = {}


def definition(*extra, edges=()):
    return WorkflowDefinition(
        name=f"Knowledge {uuid.uuid4().hex[:8]}",
        nodes=[ParseNode(id="parse_1", type="parse"),
               ExtractNode(id="extract_1", type="extract",
                           extraction_schema=ExtractionSchema(fields=[Schema.string("invoice_number", "Invoice id")])),
               *extra],
        edges=[Edge(source="parse_1", target="extract_1"), *edges],
    )


wf = c.create_workflow(definition(KnowledgeNode(id="knowledge_1", type="knowledge"),
                                  edges=[Edge(source="extract_1", target="knowledge_1")]))
seen["node_types"] = [n.type for n in c.get_workflow(wf.id).nodes]
wf.run(text="Invoice number: K-1\nPayment terms: thirty days net from the invoice date.").wait(60, 0.2)
wf.run(text="Invoice number: K-2\nThe goods were delivered to the Rotterdam warehouse.").wait(60, 0.2)
answer = wf.ask("What is the invoice number of the goods delivered to Rotterdam?")
seen["answer"] = answer.answer
seen["citation"] = [answer.citations[0].quote, answer.citations[0].path.endswith(".txt"), answer.steps_used]
seen["thread"] = answer.thread_id.startswith("kb-")
follow = wf.ask("And the payment terms?", thread_id=answer.thread_id)
seen["follow_up"] = [follow.answer, follow.citations[0].quote, follow.thread_id == answer.thread_id]
seen["no_match"] = wf.ask("zebra quantum").citations == []

plain = c.workflow(f"Plain {uuid.uuid4().hex[:8]}").parse().extract([Schema.string("a", "a")]).create()
try:
    plain.ask("anything?")
    raise AssertionError("ask without a knowledge node answered")
except APIError as exc:
    seen["not_enabled"] = [exc.status_code, exc.error_code]
try:
    c.create_workflow(definition(CodeSandboxNode(id="code_1", type="code_sandbox", instructions="sum it"),
                                 edges=[Edge(source="extract_1", target="code_1")]))
    raise AssertionError("code_sandbox accepted")
except BadRequest as exc:
    seen["code_sandbox"] = exc.error_code

tmp = os.environ["TMP_DIR"]
with open(os.path.join(tmp, "people.csv"), "w") as handle:
    handle.write("name,date\nACME SL,2026-01-01\n")
references = c.upload_edit_references(wf.id, [os.path.join(tmp, "people.csv"), os.environ["PDF_PATH"]])
seen["references_uploaded"] = [(r.name, r.status) for r in references]
for _ in range(600):
    listed = c.list_edit_references(wf.id)
    if all(r.status != "pending" for r in listed):
        break
    time.sleep(0.1)
seen["references_settled"] = sorted((r.name, r.status) for r in listed)
c.delete_edit_reference(wf.id, references[0].id)
seen["references_left"] = [r.name for r in c.list_edit_references(wf.id)]
try:
    c.upload_edit_references(wf.id, [b"PK\x03\x04 not a text file"])
    raise AssertionError("a zip accepted as an edit reference")
except BadRequest as exc:
    seen["reference_type"] = exc.status_code
c.delete_workflow(wf.id)
c.delete_workflow(plain.id)
print(json.dumps(seen))
