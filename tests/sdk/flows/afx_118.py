"""The `afx` command line of the unmodified anyformat==1.18.0 SDK against fieldwise: extract, list, get, runs,
run, parse, update-workflow, delete."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

AFX = str(Path(sys.executable).parent / "afx")
BASE, KEY, PDF = os.environ["ANYFORMAT_BASE_URL"], os.environ["ANYFORMAT_API_KEY"], os.environ["PDF_PATH"]
env = {**os.environ, "ANYFORMAT_API_KEY": KEY, "COLUMNS": "250"}  # rich: never cut the table
seen = {}
NAME = f"afx invoices {uuid.uuid4().hex[:8]}"


def afx(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([AFX, *args, "--base-url", BASE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"afx {args} failed: {done.stdout}\n{done.stderr}"
    return done


out = afx("extract", PDF, "--field", "invoice_number:Invoice number", "--field", "total:Total amount",
          "--name", NAME, "--json")
fields = json.loads(out.stdout)
seen["extract_invoice_number"] = fields["invoice_number"]["value"]
listed = afx("list", "--limit", "100").stdout
seen["listed"] = NAME in listed
workflow_id = next(line.split("│")[1].strip() for line in listed.splitlines() if NAME in line)
got = json.loads(afx("get", workflow_id).stdout)
seen["get_nodes"] = [n["type"] for n in got["nodes"]]
seen["runs_listed"] = "processed" in afx("runs", workflow_id).stdout
again = json.loads(afx("run", PDF, "-w", workflow_id, "--on-conflict", "rename", "--json").stdout)
seen["run_invoice_number"] = again["invoice_number"]["value"]
parsed = afx("parse", PDF, "--poll-interval", "0.2", "--json").stdout
seen["parse_has_number"] = "INV-2024-001" in parsed
afx("update-workflow", "--workflow-id", workflow_id, "--field", "vendor:Vendor name", "--name", NAME + " renamed")
seen["updated_nodes"] = [f["name"] for f in json.loads(afx("get", workflow_id).stdout)["nodes"][1]
                         ["extraction_schema"]["fields"]]
seen["deleted"] = "Deleted workflow" in afx("delete", workflow_id, "-y").stdout
print(json.dumps(seen))
