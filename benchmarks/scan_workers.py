"""A 20-page scan through a real embedded server on 1 worker and on 2: do the idle workers read its pages?

    python -m benchmarks.scan_workers [--pages 20] [--rounds 2]

Two servers run side by side (FIELDWISE_WORKERS=1 and =2), each warmed with a short scan so that every worker
has its OCR models loaded; then the same scanned PDF (no text layer, every page OCR'd) is run on one and on the
other in turn, `rounds` times, and the wall time from upload to the extraction answering is paired run by run.
The ratio is the figure: the machine is shared, so absolute times move with the neighbours.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.servers import fieldwise_server
from tests.support.hostile import scanned_pdf

FIELDS = [{"name": "invoice_number", "description": "Invoice number", "data_type": "string"}]


def _run(api: httpx.Client, workflow: str, data: bytes, timeout: float = 900) -> float:
    started = time.monotonic()
    run = api.post(f"/v2/workflows/{workflow}/run/", files={"file": ("scan.pdf", data, "application/pdf")})
    run.raise_for_status()
    collection = run.json()["id"]
    while time.monotonic() - started < timeout:
        answer = api.get(f"/v2/files/{collection}/extraction/")
        if answer.status_code != 412:
            answer.raise_for_status()
            return time.monotonic() - started
        time.sleep(0.2)
    raise TimeoutError(f"the scan was not processed in {timeout:g} s")


def measure(pages: int, rounds: int) -> dict[str, float]:
    data, warm = scanned_pdf(pages), scanned_pdf(4, lines=3)
    with tempfile.TemporaryDirectory() as one_dir, tempfile.TemporaryDirectory() as two_dir:
        one, one_key = fieldwise_server(Path(one_dir), workers="1", document_timeout_s="900")
        two, two_key = fieldwise_server(Path(two_dir), workers="2", document_timeout_s="900")
        with one, two, httpx.Client(base_url=one.base_url, headers={"Authorization": f"Bearer {one_key}"},
                                    timeout=60) as api1, \
                httpx.Client(base_url=two.base_url, headers={"Authorization": f"Bearer {two_key}"},
                             timeout=60) as api2:
            flows = [api.post("/v2/workflows/", json={"name": "scans", "fields": FIELDS}).json()["id"]
                     for api in (api1, api2)]
            for api, workflow in zip((api1, api2), flows):
                _run(api, workflow, warm)
            times: dict[int, list[float]] = {1: [], 2: []}
            for _ in range(rounds):
                times[1].append(_run(api1, flows[0], data))
                times[2].append(_run(api2, flows[1], data))
    ratios = [b / a for a, b in zip(times[1], times[2])]
    return {"pages": pages, "one_s": statistics.median(times[1]), "two_s": statistics.median(times[2]),
            "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)}


def report(figures: dict[str, float]) -> str:
    return (f"{figures['pages']:.0f}-page scan, embedded server: 2 workers {figures['two_s']:.1f} s, "
            f"1 worker {figures['one_s']:.1f} s (wall, median); 2 vs 1: {figures['ratio']:.2f}x "
            f"(pairs {figures['ratio_min']:.2f}-{figures['ratio_max']:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(report(measure(args.pages, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
