"""SDK 0.7.0's typed-graph builder with classify, split, extract per branch and validate, end to end.

Prints what it saw as one JSON line; the SDK's own ResultsResponse model must accept the envelope (the SDK
silently drops a body that does not validate)."""

import json
import os

from anyformat.sdk import Client
from anyformat.workflow import (
    ArithmeticCheck, ClassifyCategory, RangeCheck, ResultsResponse, Schema, SplitterRule, ValidationRule,
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
    c.workflow("Mailroom")
    .parse(mode="agentic", effort="accurate")
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
envelope = ResultsResponse.model_validate(result.raw)  # raises if the SDK's model refuses it
seen = {
    "classifications": [(k.category, k.confidence > 50) for k in envelope.classifications],
    "splits": {s.name: [f.pages for f in s.files] for s in envelope.splits},
    "partitions": {p.name: p.files[0].pages for s in envelope.splits for p in s.partitions},
    "extractions": [[e.split_name, e.partition, sorted(e.fields)] for e in envelope.extractions],
    "invoice_numbers": [e.fields["invoice_number"].value for e in envelope.extractions
                        if e.split_name == "Invoice"],
    "receipt_total": [e.fields["total"].value for e in envelope.extractions if e.split_name == "Receipt"],
    "extraction": envelope.extraction,
    "sdk_fields": result.fields,
    "validations": sorted((v["partition"], v["rule_id"], v["outcome"], v["severity"])
                          for v in result.raw["validations"]),
}
c.delete_workflow(wf.id)
print(json.dumps(seen))
