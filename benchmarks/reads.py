"""Reads that stay small: the API process's peak RSS and the longest /health/ answer while it serves a collection
whose stored parse is large (the results envelope, the JSON export) and the review page image of a pixel bomb
(a 1-bit 12000 x 12000 PNG of a few kilobytes).

    python -m benchmarks.reads [--parse-mb 100]

The large parse is written straight into the server's SQLite database (as a reader that produced it would), so the
benchmark measures the reads alone. Run it with PYTHONPATH pointing at another checkout's src to compare.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import httpx
from PIL import Image

from benchmarks.servers import fieldwise_server

FIELDS = [{"name": "invoice_number", "description": "Invoice number", "data_type": "string"}]


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


class HealthWatch:
    """/health/ asked every 50 ms in a thread; the longest answer is the longest stall anyone saw."""

    def __init__(self, base_url: str) -> None:
        self.base_url, self.longest_s, self._stop = base_url, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=120) as client:
            while not self._stop.is_set():
                start = time.perf_counter()
                client.get("/health/")
                self.longest_s = max(self.longest_s, time.perf_counter() - start)
                time.sleep(0.05)

    def __enter__(self) -> "HealthWatch":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=130)


def _big_parse(megabytes: int) -> str:
    block = {"page": 1, "type": "text", "content": "a line of a very long table " * 4,
             "bbox": {"x0": 0.1, "y0": 0.1, "x1": 0.9, "y1": 0.12}}
    count = megabytes * 1024 * 1024 // len(json.dumps(block))
    return json.dumps({"markdown": "| a | b |\n" * 1000, "blocks": [block] * count})


def _store_parse(db_path: Path, collection_id: str, parse: str) -> None:
    with sqlite3.connect(db_path, timeout=30) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(results)")}
        connection.execute("UPDATE results SET parse = ? WHERE collection_id = ?", (parse, collection_id))
        if "parse_size" in columns:  # measured as the worker's write does, after the value is in
            connection.execute("UPDATE results SET parse_size = length(parse) WHERE collection_id = ?",
                               (collection_id,))


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parse-mb", type=int, default=100)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        server, key = fieldwise_server(data, workers="1")
        with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"},
                                  timeout=300) as api:
            workflow = api.post("/v2/workflows/", json={"name": "reads", "fields": FIELDS}).json()
            run = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: R-1"}).json()
            while api.get(f"/v2/files/{run['id']}/extraction/").status_code == 412:
                time.sleep(0.1)
            _store_parse(data / "fieldwise.db", run["id"], _big_parse(args.parse_mb))
            bomb = io.BytesIO()
            Image.new("1", (12_000, 12_000)).save(bomb, "PNG")
            staged = api.post(f"/v2/workflows/{workflow['id']}/upload/",
                              files={"file": ("bomb.png", bomb.getvalue(), "image/png")}).json()
            ui = httpx.Client(base_url=server.base_url, timeout=300)
            token = re.search(r'name="csrf" value="([^"]+)"', ui.get("/review/").text).group(1)
            ui.post("/review/login", data={"csrf": token, "api_key": key})

            pid = server.process.pid
            steps = [
                ("results envelope", lambda: api.get(f"/v2/workflows/{workflow['id']}/files/{run['id']}/results/")),
                ("JSON export", lambda: api.get(f"/v2/workflows/{workflow['id']}/results/")),
                ("pixel-bomb page image x3", lambda: [ui.get(
                    f"/review/collections/{staged['file_collection_id']}/pages/1.png") for _ in range(3)][-1]),
            ]
            idle = _peak_rss_mb(pid)
            print(f"reads of a {args.parse_mb} MB stored parse and of a 1-bit 12000x12000 PNG; API peak RSS idle "
                  f"{idle:.0f} MB")
            for name, step in steps:
                with HealthWatch(server.base_url) as watch:
                    start = time.perf_counter()
                    response = step()
                    elapsed = time.perf_counter() - start
                peak = _peak_rss_mb(pid)
                key_name = name.split()[0].lower()
                figures[f"{key_name}_peak_rss_mb"], figures[f"{key_name}_health_max_s"] = peak, watch.longest_s
                print(f"  {name:26} {response.status_code}  {len(response.content) / 1e6:8.2f} MB answered in "
                      f"{elapsed:5.2f} s   API peak RSS {peak:6.0f} MB (+{peak - idle:.0f})   longest /health/ "
                      f"{watch.longest_s * 1000:6.0f} ms")
            ui.close()
    return figures


if __name__ == "__main__":
    main()
