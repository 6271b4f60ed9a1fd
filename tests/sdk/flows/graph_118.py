"""SDK 1.18.0's typed-graph builder: parse -> classify -> splitter -> extract per branch -> validate, end to end on
the v3 API, and the split PDFs of the run. Prints what it saw as one JSON line; the SDK's own ResultsResponseV3
model must accept the results (the SDK silently drops a body that does not validate)."""

import io
import json
import os
import uuid

import pypdfium2
from anyformat.sdk import Client
from anyformat.workflow import (
    ArithmeticCheck, ClassifyCategory, RangeCheck, ResultsResponseV3, Schema, SplitterRule, ValidationRule,
)

c = Client(api_key=os.environ["ANYFORMAT_API_KEY"], base_url=os.environ["ANYFORMAT_BASE_URL"])
packet = ClassifyCategory(id="PACKET", name="Mailroom packet",
                          description="Several business documents scanned together: invoices and receipts")
contract = ClassifyCategory(id="CONTRACT", name="Contract",
                            description="An agreement between parties with clauses and signatures")
invoice = SplitterRule(id="INVOICE", name="Invoice", partition_key="invoice number",
                       description="A bill from a supplier asking for payment, with an invoice number and bill to")
receipt = SplitterRule(id="RECEIPT", name="Receipt",
                       description="Proof of a purchase already paid at a shop or till: paid by card, thank you")
lines_add_up = ValidationRule(
    id="lines_add_up", name="Lines add up", kind="deterministic", severity="error",
    check=ArithmeticCheck(type="arithmetic", operands=["line_items.amount"], equals="total", tolerance=0.01),
)
positive = ValidationRule(id="positive", kind="deterministic", severity="warning",
                          check=RangeCheck(type="range", field="total", min=0))
ai_rule = ValidationRule(id="vendor_ok", kind="ai", description="The vendor looks legitimate")

wf = (
    c.workflow(f"Mailroom {uuid.uuid4().hex[:8]}")
    .parse(mode="agentic")
    .classify(packet, contract)
    .split(invoice, receipt, route_from=packet)
    .extract([Schema.string("invoice_number", "Invoice number"), Schema.float("total", "Total due"),
              Schema.object("line_items", "Invoice lines", fields=[Schema.float("amount", "Line amount")])],
             branch=invoice)
    .validate(lines_add_up, positive, ai_rule, branch=invoice)
    .extract([Schema.float("total", "Total paid")], branch=receipt)
    .create()
)
run = wf.run(os.environ["PACKET_PATH"])
result = run.wait(timeout=120, poll_interval=0.2)
results = ResultsResponseV3.model_validate(result.raw)  # raises if the SDK's model refuses it
definition = c.get_workflow(wf.id)
split_pages = {}
for split in results.splits:
    for part in split.partitions or []:
        pdf = pypdfium2.PdfDocument(io.BytesIO(c.download_split_pdf(part.id)))
        split_pages[part.name] = len(pdf)
    if split.id is not None:
        split_pages[split.name] = len(pypdfium2.PdfDocument(io.BytesIO(run.download_split_pdf(split.id))))
seen = {
    "node_types": [n.type for n in definition.nodes],
    "classifications": [(k.category, k.confidence > 50) for k in results.classifications],
    "splits": {s.name: [f.pages for f in s.files] for s in results.splits},
    "partitions": {p.name: p.files[0].pages for s in results.splits for p in s.partitions},
    "extractions": [[e.split_name, e.partition, sorted(e.fields)] for e in results.extractions],
    "invoice_numbers": [p.fields["invoice_number"].value for p in result.partitions if p.split_name == "Invoice"],
    "receipt_total": [p.fields["total"].value for p in result.partitions if p.split_name == "Receipt"],
    "untagged": results.extraction,
    "validations": sorted((p.partition, v.rule_id, v.status, v.severity)
                          for p in result.partitions for v in p.validations),
    "split_pages": split_pages,
}
c.delete_workflow(wf.id)
print(json.dumps(seen))
