"""The examples people copy: every ```python block of docs/client.md, the client examples of README.md, and the
example in the docstrings of fieldwise.client, Fieldwise and AsyncFieldwise, run as written against a live server."""

from __future__ import annotations

import csv
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fieldwise.client
from tests.support.documents import INVOICE_LINES, invoice_pdf, text_pdf

DOCS = Path(__file__).resolve().parents[2] / "docs" / "client.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def docstring_example(obj: object) -> str:
    """The indented block of a docstring that imports from fieldwise.client, dedented."""
    lines = inspect.cleandoc(obj.__doc__ or "").splitlines()
    start = next(i for i, line in enumerate(lines) if "from fieldwise.client import" in line)
    while start > 0 and lines[start - 1].startswith("    "):
        start -= 1
    end = start
    while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
        end += 1
    return "\n".join(line[4:] for line in lines[start:end])


EXAMPLES = {f"client.md block {n + 1}": block
            for n, block in enumerate(re.findall(r"```python\n(.*?)```", DOCS.read_text(), re.S))}
EXAMPLES.update({f"README block {n + 1}": block
                 for n, block in enumerate(re.findall(r"```python\n(.*?)```", README.read_text(), re.S))
                 if "fieldwise.client" in block})
EXAMPLES.update({f"{obj.__name__} docstring": docstring_example(obj)
                 for obj in (fieldwise.client, fieldwise.client.Fieldwise, fieldwise.client.AsyncFieldwise)})


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """What the examples expect beside them: invoice.pdf and a folder invoices/ of PDFs."""
    (tmp_path / "invoice.pdf").write_bytes(invoice_pdf())
    (tmp_path / "invoices").mkdir()
    for number in ("INV-A", "INV-B"):
        lines = [line.replace("INV-2024-001", number) for line in INVOICE_LINES]
        (tmp_path / "invoices" / f"{number}.pdf").write_bytes(text_pdf([lines]))
    return tmp_path


def test_there_are_examples_to_run():
    assert len(EXAMPLES) >= 7 and all("fieldwise.client" in code for code in EXAMPLES.values())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_runs_as_written(name, server, client_key, workspace):
    env = {**os.environ, "FIELDWISE_BASE_URL": server.base_url, "FIELDWISE_API_KEY": client_key}
    done = subprocess.run([sys.executable, "-c", EXAMPLES[name]], cwd=workspace, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "failed" not in done.stdout, done.stdout
    if "INV-2024-001" in EXAMPLES[name] or "invoice.pdf" in EXAMPLES[name]:
        assert "INV-2024-001" in done.stdout
    if "invoices.csv" in EXAMPLES[name]:
        with (workspace / "invoices.csv").open(newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert [(r["file"], r["total"]) for r in rows] == [("INV-A.pdf", "60.0"), ("INV-B.pdf", "60.0")]
    if "glob(" in EXAMPLES[name] and "invoices.csv" not in EXAMPLES[name]:
        assert "INV-A.pdf" in done.stdout and "INV-B.pdf" in done.stdout
    if "verify_webhook" in EXAMPLES[name]:
        assert "extraction.completed 069dcc2c" in done.stdout and "refused:" in done.stdout
