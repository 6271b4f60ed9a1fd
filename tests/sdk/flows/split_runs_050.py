"""SDK 0.5.0 reads the results envelope of a packet of two invoices around a receipt (uploaded by the test:
0.5.0 cannot upload binary files) with its own get_file_results. Prints what it saw as one JSON line."""

import json
import os

from anyformat import Anyformat

c = Anyformat()
envelope = c.workflows.get_file_results(os.environ["COLLECTION_ID"], workflow_id=os.environ["WORKFLOW_ID"])
print(json.dumps({
    "partitions": {p["name"]: p["files"][0]["pages"] for s in envelope["splits"] for p in s["partitions"]},
    "extractions": [[e["split_name"], e["partition"], (e["fields"].get("invoice_number") or e["fields"]["total"])
                     ["value"]] for e in envelope["extractions"]],
}))
