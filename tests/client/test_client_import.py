"""The client is for machines that only talk to a server: importing it must not load the server, PDF or OCR."""

import subprocess
import sys

HEAVY = ("fieldwise.documents", "fieldwise.api", "fieldwise.extraction", "fieldwise.store", "fieldwise.jobs",
         "pypdfium2", "rapidocr", "onnxruntime", "fastapi", "starlette", "sqlalchemy", "PIL")


def test_importing_the_client_loads_nothing_heavy():
    code = (
        "import sys, fieldwise.client\n"
        "fieldwise.client.Fieldwise(api_key='k'); fieldwise.client.AsyncFieldwise(api_key='k')\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.split())
    assert "httpx" in loaded and "pydantic" in loaded
    offending = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert offending == []


def test_the_package_exports_its_public_api():
    import fieldwise.client as client

    for name in ("Fieldwise", "AsyncFieldwise", "verify_webhook", "Results", "Run", "Workflow",
                 "RateLimitError", "NotFoundError", "ExtractionFailedError", "WaitTimeoutError"):
        assert name in client.__all__ and hasattr(client, name)
