"""Hostile files against a real server (issue 12): each tiny file once took gigabytes or a worker for ever.

Starts `fieldwise serve` on loopback (embedded mode, 2 worker processes, a short document time limit), then for
each hostile file submitted by one organization, while a second organization submits a normal invoice, prints:
peak RSS of the server and its workers above idle, the longest /health/ answer (polled every 100 ms), the stored
result size, how the run ended and in how long, and whether the other organization's document was processed on
its first attempt.

    python -m benchmarks.hostile [--timeout 20] [--only csv,pptx,v3-ref-pdf,v3-cel-map]

The v3 cases (issue 21) are a blank-page PDF uploaded as an edit reference (its read is a worker's, under the
time limit) and an expression rule nesting .map() four deep over an object field's 100 rows (its evaluation
stops at its step budget); their rows have no stored size or other tenant.

Targets: peak RSS < 1 GB above idle, /health/ < 1 s, every run ended within the time limit with a reason,
nothing stored over the result limit, the other tenant's document processed without a retry.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import httpx

from benchmarks.servers import fieldwise_server
from tests.support.documents import invoice_pdf, text_pdf
from tests.support.hostile import deep_xlsx, eml_with_pdfs, padded_csv, padded_html, padded_pptx, wide_docx

FIELDS = [{"name": "invoice_number", "description": "Invoice number", "data_type": "string"},
          {"name": "total", "description": "Total due", "data_type": "float"}]
BACKTRACKING = {
    "name": "Codes", "description": "", "edges": [{"source": "parse_1", "target": "extract_1"},
                                                  {"source": "extract_1", "target": "validate_1"}],
    "nodes": [{"id": "parse_1", "type": "parse"},
              {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": [
                  {"name": "code", "description": "Code", "data_type": "string"}]}},
              {"id": "validate_1", "type": "validate", "rules": [
                  {"id": "r", "kind": "deterministic", "check": {"type": "regex", "field": "code",
                                                                 "pattern": "^(a|aa)+$"}}]}],
}


# --- the hostile files, full size (tests/documents/test_bounds.py has them scaled down) ---------------------


def blank_pdf() -> bytes:
    return text_pdf([[] for _ in range(2_000)])  # no text layer: every page is rendered and OCR'd


def three_attachments() -> bytes:
    pdf = text_pdf([[f"page {p}"] for p in range(1_000)])
    return eml_with_pdfs(pdf, pdf, pdf)


def backtracking_text() -> bytes:
    return ("Code: " + "a" * 5_000 + "!").encode()


HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {  # name -> (maker, file name, media type)
    "csv": (lambda: padded_csv(20_000, 1_000), "wide.csv", "text/csv"),  # 42 KB
    "csv-cells": (lambda: padded_csv(900, 1_000), "cells.csv", "text/csv"),  # 900 columns, 900,900 padded cells
    "html": (lambda: padded_html(20_000, 1_000), "wide.html", "text/html"),
    "docx": (lambda: wide_docx(1_000_000), "span.docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (lambda: deep_xlsx(3_000_000), "deep.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (lambda: padded_pptx(20, 990_000), "slides.pptx",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf-blank": (blank_pdf, "blank.pdf", "application/pdf"),
    "eml-pages": (three_attachments, "scans.eml", "message/rfc822"),
    "regex": (backtracking_text, "code.txt", "text/plain"),
}


# v3 (issue 21): a PDF edit reference of blank pages (read by the API process before, +900 MB, minutes of OCR), and
# an expression rule nesting .map() over an object field's 100 rows (3.5 GB of a worker before)
NESTED_MAP = ("size(data.items.map(a, data.items.map(b, data.items.map(c, data.items.map(d, "
              "a.amount + b.amount + c.amount + d.amount))))) > 0")
ROWS_WORKFLOW = {
    "name": "Rows", "description": "", "edges": [{"source": "parse_1", "target": "extract_1"},
                                                 {"source": "extract_1", "target": "validate_1"}],
    "nodes": [{"id": "parse_1", "type": "parse"},
              {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": [
                  {"name": "items", "description": "Line items", "data_type": "object", "nested_fields": [
                      {"name": "amount", "description": "Amount", "data_type": "float"}]}]}},
              {"id": "validate_1", "type": "validate", "rules": [
                  {"id": "r", "kind": "deterministic", "check": {"type": "expression", "expression": NESTED_MAP}}]}],
}
V3_HOSTILE = ("v3-ref-pdf", "v3-cel-map")


def rows_csv() -> bytes:
    return ("item,amount\n" + "".join(f"Item {i},{i}.50\n" for i in range(100))).encode()


def _v3_run(api: httpx.Client, name: str, limit: float) -> tuple[int, str, str]:
    """Submit one v3 hostile case and wait for its end: (bytes sent, how it ended, its reason)."""
    if name == "v3-ref-pdf":
        data = blank_pdf()
        workflow = api.post("/v3/workflows/", json={**ROWS_WORKFLOW, "name": "refs"}).json()["id"]
        api.post(f"/v3/workflows/{workflow}/edit-references/", files={"files": ("blank.pdf", data, "application/pdf")})
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            [ref] = api.get(f"/v3/workflows/{workflow}/edit-references/").json()["documents"]
            if ref["status"] != "pending":
                return len(data), ref["status"], ref.get("error") or ""
            time.sleep(0.2)
        return len(data), "pending", "still pending at the bound"
    data = rows_csv()
    workflow = api.post("/v3/workflows/", json=ROWS_WORKFLOW).json()["id"]
    run_id = api.post(f"/v3/workflows/{workflow}/upload/run/", files={"files": ("rows.csv", data, "text/csv")}
                      ).json()["run_id"]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        run = api.get(f"/v3/runs/{run_id}/").json()
        if run["status"] not in ("queued", "in_progress"):
            outcomes = [v for e in (run.get("results") or {}).get("extractions") or [] for v in e["validations"]]
            return len(data), run["status"], "; ".join(f"rule {o['status']}: {o['detail']}" for o in outcomes)
        time.sleep(0.2)
    return len(data), "running", "still running at the bound"


# --- measuring ---------------------------------------------------------------------------------------------------


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(stat[1])
            rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in tree)


class Watch(threading.Thread):
    """Every 100 ms: the server tree's RSS and the time /health/ takes to answer."""

    def __init__(self, base_url: str, pid: int) -> None:
        super().__init__(daemon=True)
        self.base_url, self.pid = base_url, pid
        self.stop = threading.Event()
        self.peak_rss, self.longest_health = 0, 0.0

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            while not self.stop.is_set():
                self.peak_rss = max(self.peak_rss, tree_rss(self.pid))
                start = time.perf_counter()
                try:
                    client.get("/health/")
                except httpx.TransportError:
                    pass
                self.longest_health = max(self.longest_health, time.perf_counter() - start)
                self.stop.wait(0.1)


def _wait_done(api: httpx.Client, collection_id: str, limit: float) -> httpx.Response:
    deadline = time.monotonic() + limit
    while True:
        response = api.get(f"/v2/files/{collection_id}/extraction/")
        if response.status_code != 412 or time.monotonic() > deadline:
            return response
        time.sleep(0.1)


def _row(db: Path, collection_id: str) -> tuple[int, int]:
    """(attempts, stored result bytes) of a collection, read from the server's SQLite database."""
    with sqlite3.connect(db) as conn:
        attempts = conn.execute("SELECT attempts FROM collections WHERE id = ?", (collection_id,)).fetchone()[0]
        stored = conn.execute("SELECT coalesce(length(parse), 0) + coalesce(length(extraction), 0) FROM results "
                              "WHERE collection_id = ?", (collection_id,)).fetchone()
    return attempts, stored[0] if stored else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=20, help="FIELDWISE_DOCUMENT_TIMEOUT_S for the server")
    parser.add_argument("--only", default="", help="comma-separated names among " + ",".join([*HOSTILE, *V3_HOSTILE]))
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or [*V3_HOSTILE, *HOSTILE]
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        server, key = fieldwise_server(data_dir, workers="2", document_timeout_s=str(args.timeout))
        other_key = _key(server.env, "bystander")
        with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"},
                                  timeout=60) as api, \
                httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {other_key}"},
                             timeout=60) as other:
            flat = api.post("/v2/workflows/", json={"name": "hostile", "fields": FIELDS}).json()["id"]
            graph = api.post("/v2/workflows/", json=BACKTRACKING).json()["id"]
            normal = other.post("/v2/workflows/", json={"name": "normal", "fields": FIELDS}).json()["id"]
            _wait_done(other, other.post(f"/v2/workflows/{normal}/run/", files={
                "file": ("warm.pdf", invoice_pdf(), "application/pdf")}).json()["id"], 120)  # workers warm
            print(f"document time limit {args.timeout:g} s; peak RSS of the server tree above its idle RSS just "
                  "before the file (the idle grows once workers have loaded the OCR models)")
            print(f"{'file':<10} {'size':>8} {'idle':>7} {'peak+':>7} {'/health/ max':>12} {'stored':>8} "
                  f"{'ended':>6} {'in':>7}  other tenant          reason")
            for name in [n for n in names if n in V3_HOSTILE]:
                time.sleep(1)
                idle = tree_rss(server.process.pid)
                watch = Watch(server.base_url, server.process.pid)
                watch.start()
                started = time.monotonic()
                size, ended, reason = _v3_run(api, name, args.timeout * 3 + 60)
                took = time.monotonic() - started
                watch.stop.set()
                watch.join()
                print(f"{name:<10} {size / 1024:>6.0f}KB {idle / 2**20:>5.0f}MB "
                      f"{max(watch.peak_rss - idle, 0) / 2**20:>5.0f}MB {watch.longest_health:>11.3f}s "
                      f"{'-':>8} {ended[:6]:>6} {took:>6.1f}s  {'-':<20}  {reason[:100]}", flush=True)
            for name in [n for n in names if n in HOSTILE]:
                maker, filename, media_type = HOSTILE[name]
                data = maker()
                time.sleep(1)
                idle = tree_rss(server.process.pid)
                watch = Watch(server.base_url, server.process.pid)
                watch.start()
                started = time.monotonic()
                workflow = graph if name == "regex" else flat
                run = api.post(f"/v2/workflows/{workflow}/run/", files={"file": (filename, data, media_type)})
                if run.status_code >= 400:
                    watch.stop.set()
                    print(f"{name:<10} {len(data) / 1024:>6.0f}KB refused at the door: {run.status_code} "
                          f"{run.json().get('detail')}")
                    continue
                hostile_id = run.json()["id"]
                time.sleep(0.5)
                bystander = other.post(f"/v2/workflows/{normal}/run/", files={
                    "file": ("invoice.pdf", invoice_pdf(), "application/pdf")}).json()["id"]
                response = _wait_done(api, hostile_id, args.timeout * 3 + 60)
                took = time.monotonic() - started
                other_response = _wait_done(other, bystander, 120)
                watch.stop.set()
                watch.join()
                _attempts, stored = _row(data_dir / "fieldwise.db", hostile_id)
                other_attempts, _ = _row(data_dir / "fieldwise.db", bystander)
                ended = {200: "ok", 422: "422"}.get(response.status_code, str(response.status_code))
                reason = response.json().get("detail", "") if response.status_code != 200 else ""
                bystander_note = (f"{'processed' if other_response.status_code == 200 else 'FAILED'}, "
                                  f"attempt {other_attempts}")
                print(f"{name:<10} {len(data) / 1024:>6.0f}KB {idle / 2**20:>5.0f}MB "
                      f"{max(watch.peak_rss - idle, 0) / 2**20:>5.0f}MB {watch.longest_health:>11.3f}s "
                      f"{stored / 2**20:>6.1f}MB {ended:>6} {took:>6.1f}s  {bystander_note:<20}  {str(reason)[:100]}",
                      flush=True)


def _key(env: dict[str, str], org: str) -> str:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "fieldwise", "keys", "create", "--org", org], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    main()
