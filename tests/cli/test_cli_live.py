"""`fieldwise submit | results | workflows | webhooks` run as a user runs them, against a real server: plain
output when piped, the live bar and Ctrl-C on a real pseudo-terminal, and the exit codes."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import pty
import re
import select
import subprocess
import termios
import time
from pathlib import Path

import pytest

from tests.cli.conftest import FIELDWISE
from tests.support.documents import INVOICE_LINES, text_pdf

SCHEMA = """\
name: Invoices
fields:
  - {name: invoice_number, description: Invoice id, data_type: string}
  - {name: total, description: Total due, data_type: float}
"""


def invoices(folder: Path, count: int, *, pages: int = 2, start: int = 0) -> list[str]:
    """`count` invoice PDFs, half of them one folder down; returns their invoice numbers."""
    numbers = []
    for n in range(start, start + count):
        number = f"INV-{n:04d}"
        target = folder / ("nested" if n % 2 else "") / f"invoice-{n:04d}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = [line.replace("INV-2024-001", number) for line in INVOICE_LINES]
        target.write_bytes(text_pdf([lines] + [[f"page {p}"] for p in range(2, pages + 1)]))
        numbers.append(number)
    return numbers


@pytest.fixture()
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "invoice.yaml"
    path.write_text(SCHEMA)
    return path


def test_a_folder_of_pdfs_to_csv_with_one_command(fieldwise, remote_env, tmp_path, schema):
    folder = tmp_path / "inbox"
    numbers = invoices(folder, 4)
    (folder / "nested" / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    (folder / ".DS_Store").write_bytes(b"\x00hidden")
    out = tmp_path / "results.csv"
    done = fieldwise("submit", str(folder), "--schema", str(schema), "--out", str(out), env=remote_env)
    assert done.returncode == 1, done.stderr  # one file failed, the others went on
    assert re.search(r"failed .*broken\.pdf: EXTRACTION_FAILED", done.stderr)
    assert "5 files: 4 processed, 1 failed" in done.stderr
    assert len(re.findall(r"^\[\d/5\] processed ", done.stderr, re.M)) == 4
    with out.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 5 and rows[0].keys() >= {"file", "status", "error", "invoice_number", "total", "pages"}
    processed = {row["invoice_number"]: row for row in rows if row["status"] == "processed"}
    assert sorted(processed) == numbers
    assert {row["total"] for row in processed.values()} == {"60.00"} and {r["pages"] for r in processed.values()} == {"2"}
    assert all(0 < int(row["total.confidence"]) <= 100 for row in processed.values())  # beside each value
    assert [row["file"].endswith("broken.pdf") for row in rows if row["status"] == "failed"] == [True]


def test_all_processed_exits_0_with_json_lines_on_stdout(fieldwise, remote_env, tmp_path, schema):
    workflow_id = fieldwise("workflows", "create", str(schema), env=remote_env).stdout.strip()
    numbers = invoices(tmp_path / "in", 3, pages=1)
    done = fieldwise("submit", str(tmp_path / "in"), "--workflow", workflow_id, "-c", "2", env=remote_env)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(line["fields"]["invoice_number"] for line in lines) == numbers
    assert all(line["status"] == "processed" and line["extraction"]["total"]["confidence"] > 0 for line in lines)
    collection = lines[0]["collection_id"]
    shown = fieldwise("results", collection, "--format", "json", env=remote_env)
    assert shown.returncode == 0 and json.loads(shown.stdout)["total"]["value"] == 60.0
    as_csv = fieldwise("results", collection, "--format", "csv", env=remote_env)
    row = list(csv.DictReader(as_csv.stdout.splitlines()))[0]
    assert row["total"] == "60.00" and 0 < int(row["total.confidence"]) <= 100  # as printed: "Total: 60.00 EUR"
    envelope = fieldwise("results", collection, "--workflow", workflow_id, "--wait", "-f", "json", env=remote_env)
    assert json.loads(envelope.stdout)["collection_id"] == collection


def test_unknown_workflow_is_a_usage_error(fieldwise, remote_env, tmp_path):
    invoices(tmp_path, 1)
    done = fieldwise("submit", str(tmp_path / "invoice-0000.pdf"), "--workflow", "01a2253e-0000-7000-8000-000000000000", env=remote_env)
    assert done.returncode == 2 and "NOT_FOUND" in done.stderr


def test_workflow_and_webhook_commands(fieldwise, remote_env, schema):
    created = fieldwise("workflows", "create", str(schema), "--name", "CLI invoices", env=remote_env)
    assert created.returncode == 0 and "2 fields" in created.stderr
    workflow_id = created.stdout.strip()
    listed = json.loads(fieldwise("workflows", "list", "--json", env=remote_env).stdout)
    assert workflow_id in [w["id"] for w in listed["results"]]
    assert "CLI invoices" in fieldwise("workflows", "list", env=remote_env).stdout
    assert json.loads(fieldwise("workflows", "show", workflow_id, env=remote_env).stdout)["name"] == "CLI invoices"
    assert fieldwise("workflows", "delete", workflow_id, env=remote_env).returncode == 0
    gone = fieldwise("workflows", "show", workflow_id, env=remote_env)
    assert gone.returncode == 1 and "NOT_FOUND" in gone.stderr

    added = fieldwise("webhooks", "add", "https://example.com/hooks/cli", "--event", "extraction.completed",
                      env=remote_env)
    assert added.returncode == 0 and added.stdout.strip().startswith("whsec_")
    hook_id = re.search(r"webhook (\S+) for", added.stderr).group(1)
    hooks = json.loads(fieldwise("webhooks", "list", "--json", env=remote_env).stdout)
    assert [h["events"] for h in hooks if h["id"] == hook_id] == [["extraction.completed"]]
    assert fieldwise("webhooks", "remove", hook_id, env=remote_env).returncode == 0
    assert hook_id not in fieldwise("webhooks", "list", env=remote_env).stdout


class Terminal:
    """`fieldwise` on a real pseudo-terminal that is its controlling terminal, so that ^C is a real Ctrl-C."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, b"\x00\x28\x00\x78\x00\x00\x00\x00")  # 40 rows, 120 columns

        def become_session_leader_on_the_pty() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        environment = {**os.environ, **env, "TERM": "xterm-256color"}
        environment.pop("COLUMNS", None)
        self.process = subprocess.Popen([FIELDWISE, *args], stdin=slave, stdout=slave, stderr=slave,
                                        env=environment, preexec_fn=become_session_leader_on_the_pty)
        os.close(slave)
        self.output = b""

    def read_until(self, pattern: bytes | None, timeout: float = 300) -> bool:
        """Read output until `pattern` (a regex) shows, or the program ends (pattern None: read to the end)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern is not None and re.search(pattern, self.output):
                return True
            ready, _, _ = select.select([self.master], [], [], 1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the program closed the terminal
                    chunk = b""
                if not chunk:
                    return pattern is None
                self.output += chunk
        raise AssertionError(f"timed out; output so far: {self.output[-2000:]!r}")

    def finish(self) -> int:
        self.read_until(None)
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code

    @property
    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", self.output.decode("utf-8", "replace"))


def test_a_live_progress_bar_on_a_terminal(remote_env, tmp_path, schema):
    invoices(tmp_path / "in", 4)
    out = tmp_path / "results.xlsx"
    terminal = Terminal(["submit", str(tmp_path / "in"), "--schema", str(schema), "--out", str(out)], remote_env)
    assert terminal.finish() == 0, terminal.text
    assert b"\r\x1b[2K" in terminal.output  # the bar redraws its line in place
    assert "submitting" in terminal.text and "pages/s" in terminal.text and "ETA" in terminal.text
    assert "4/4" in terminal.text and "0 failed" in terminal.text
    assert "[1/4] processed" not in terminal.text  # per-file lines are for logs, not terminals
    assert "4 files: 4 processed, 0 failed" in terminal.text and out.stat().st_size > 0


def test_ctrl_c_stops_cleanly_and_says_what_finished(remote_env, tmp_path, schema):
    invoices(tmp_path / "in", 24, pages=3)
    out = tmp_path / "results.jsonl"
    terminal = Terminal(["submit", str(tmp_path / "in"), "--schema", str(schema), "--out", str(out),
                         "--concurrency", "1"], remote_env)
    terminal.read_until(rb"\b[1-9]\d*/24\b")  # the first file is done
    os.write(terminal.master, b"\x03")
    assert terminal.finish() == 130, terminal.text
    summary = re.search(r"interrupted: (\d+) of 24 files finished \((\d+) processed, 0 failed\); (\d+) not finished",
                        terminal.text)
    assert summary, terminal.text
    finished, processed, unfinished = map(int, summary.groups())
    assert 1 <= finished < 24 and finished == processed and finished + unfinished == 24
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(written) == finished and all(line["status"] == "processed" for line in written)
    assert "Traceback" not in terminal.text
