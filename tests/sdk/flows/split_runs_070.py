"""SDK 0.7.0's graph builder with routing rules (no partition_key) on a packet of two invoices around a receipt.

Each run of invoice pages must come back as its own extraction, read through the SDK's own ResultsResponse
model. Prints what it saw as one JSON line."""

import json
import os

from anyformat.sdk import Client
from anyformat.workflow import ResultsResponse, Schema, SplitterRule

c = Client(api_key=os.environ["ANYFORMAT_API_KEY"], base_url=os.environ["ANYFORMAT_BASE_URL"])
invoice = SplitterRule(id="INVOICE", name="Invoice",
                       description="A bill from a supplier asking for payment, with an invoice number and bill to")
receipt = SplitterRule(id="RECEIPT", name="Receipt",
                       description="Proof of a purchase already paid at a shop or till: paid by card, thank you")
wf = (
    c.workflow("Mailroom, routing rules")
    .parse()
    .split(invoice, receipt)
    .extract([Schema.string("invoice_number", "Invoice number"), Schema.float("total", "Total due")], branch=invoice)
    .extract([Schema.float("total", "Total paid")], branch=receipt)
    .create()
)
result = wf.run(os.environ["PACKET_PATH"]).wait(timeout=120, poll_interval=0.2)
envelope = ResultsResponse.model_validate(result.raw)  # raises if the SDK's model refuses it
seen = {
    "partitions": {p.name: p.files[0].pages for s in envelope.splits for p in s.partitions},
    "extractions": [[e.split_name, e.partition, e.fields["invoice_number"].value if "invoice_number" in e.fields
                     else e.fields["total"].value] for e in envelope.extractions],
}
c.delete_workflow(wf.id)
print(json.dumps(seen))
