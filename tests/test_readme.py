"""The README as a new user follows it: the server's first start says where it listens and prints a key; the
first curl sequence, run as written with that key and port, gets every value the README says it gets; the SDK
snippets, run as written with the official SDK releases they name, print the invoice's values.

The README's ```sh and ```python blocks are read from the file itself, so an example cannot drift from what is
tested. (Its fieldwise.client examples are run by tests/client/test_docs_examples.py.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.sdk.conftest import sdk_python
from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
FIRST_EXTRACTION = next(block for block in SHELL_BLOCKS if "/extraction/" in block)
# Each ```python block that uses the official SDK, with the release the text before it names.
SDK_BLOCKS = [(re.findall(r"anyformat==([\d.]+)", README[:match.start()])[-1], match.group(1))
              for match in re.finditer(r"```python\n(.*?)```", README, re.S) if "anyformat.sdk" in match.group(1)]
LISTENING = re.compile(r"^fieldwise is listening on (http://\S+) \(API docs: \1/docs/\); Ctrl-C stops it$")


def with_values(block: str, base: str, key: str) -> str:
    """The block with its two placeholder lines given the values a user would paste."""
    lines = block.splitlines()
    assert sum(line.startswith(("BASE=", "KEY=fw_...")) for line in lines) == 2, block
    return "\n".join(f"BASE={base}" if line.startswith("BASE=") else
                     f"KEY={key}" if line.startswith("KEY=fw_...") else line for line in lines)


def run_first_extraction(base: str, key: str, cwd: Path) -> dict:
    script = "set -euo pipefail\n" + with_values(FIRST_EXTRACTION, base, key)
    done = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_first_example_values(extraction: dict) -> None:
    # The values the README's prose promises for the text it sends.
    assert '`invoice_number` with the value `"INV-001"`' in README and "`total` with\n`1250.0`" in README
    assert extraction["invoice_number"]["value"] == "INV-001", extraction["invoice_number"]
    assert extraction["total"]["value"] == 1250.0, extraction["total"]
    for field in extraction.values():
        assert {"value", "confidence", "evidence", "verification_status", "value_unit"} <= field.keys()


def test_the_readme_has_the_examples_this_file_runs():
    assert "make serve PORT=" in README and "does not return" in README
    assert "COLLECTION_ID is its \"id\"" in README and "WORKFLOW_ID is its \"id\"" in README
    assert [version for version, _code in SDK_BLOCKS] == ["0.7.0", "1.18.0"]
    shown = re.search(r"```\n(fieldwise is listening on .*)\n```", README)
    assert shown and LISTENING.match(shown.group(1))


def test_a_first_start_prints_a_key_and_then_where_it_listens_and_the_readme_works_with_them(tmp_path):
    live = LiveServer(tmp_path / "data")
    live.start()
    try:
        lines = [line for line in live.log_path.read_text().splitlines() if line.strip()]
        key = next(line.strip() for line in lines if line.strip().startswith("fw_"))
        listening = LISTENING.match(lines[-1])
        assert listening and listening.group(1) == live.base_url, lines[-3:]
        assert_first_example_values(run_first_extraction(listening.group(1), key, tmp_path))
    finally:
        live.stop()


def test_the_first_extraction_runs_as_written(server, tmp_path):
    """On the embedded default and on the distributed stack (PostgreSQL, Celery, S3)."""
    assert_first_example_values(run_first_extraction(server.base_url, server.key, tmp_path))


@pytest.mark.sdk
@pytest.mark.parametrize("version", [version for version, _code in SDK_BLOCKS])
def test_the_sdk_snippets_run_as_written(version, server, tmp_path):
    code = dict(SDK_BLOCKS)[version]
    (tmp_path / "invoice.pdf").write_bytes(invoice_pdf())
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANYFORMAT_", "PYTHON"))}
    done = subprocess.run([str(sdk_python(version)), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**clean, "BASE": server.base_url, "KEY": server.key}, timeout=600)
    assert done.returncode == 0, done.stderr
    promised = re.search(r"# v\d values are \w+: (\S+)", code).group(1)  # what the snippet's comment says
    assert done.stdout.split() == ["INV-2024-001", promised.strip('"')], done.stdout

