"""API speed: polling a processed collection under 64 concurrent clients, as a ratio to a bare FastAPI endpoint
returning the same JSON under the same server settings, and upload-to-processed latency of a one-page text PDF.

    python -m benchmarks.api [--seconds 10] [--clients 64] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.loadgen import load
from benchmarks.servers import fieldwise_server, uvicorn_server
from tests.support.documents import invoice_pdf

FIELDS = [
    {"name": "invoice_number", "description": "Invoice number", "data_type": "string"},
    {"name": "invoice_date", "description": "Date of the invoice", "data_type": "date"},
    {"name": "total", "description": "Total amount due", "data_type": "float"},
    {"name": "vendor", "description": "Company that issued the invoice", "data_type": "string"},
]


def _wait(api: httpx.Client, collection_id: str, interval: float = 0.005) -> httpx.Response:
    while True:
        response = api.get(f"/v2/files/{collection_id}/extraction/")
        if response.status_code != 412:
            return response
        time.sleep(interval)


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        server, key = fieldwise_server(Path(tmp) / "data", rate_limit_general="1000000000",
                                       rate_limit_submissions="1000000000", workers="1")
        with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"}) as api:
            workflow = api.post("/v2/workflows/", json={"name": "bench", "fields": FIELDS}).json()
            pdf = invoice_pdf()
            latencies = []
            for _ in range(args.runs):
                start = time.perf_counter()
                run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                               files={"file": ("invoice.pdf", pdf, "application/pdf")}).json()
                assert _wait(api, run["id"]).status_code == 200
                latencies.append(time.perf_counter() - start)
            figures["upload_to_processed_median_s"] = statistics.median(latencies)
            figures["upload_to_processed_p90_s"] = sorted(latencies)[int(0.9 * len(latencies))]
            body = api.get(f"/v2/files/{run['id']}/extraction/").json()
            body_path = Path(tmp) / "body.json"
            body_path.write_text(json.dumps(body))

            path = f"/v2/files/{run['id']}/extraction/"
            headers = {"Authorization": f"Bearer {key}"}
            with uvicorn_server("benchmarks.bare_app:app", {"BARE_BODY": str(body_path)}) as bare:
                load("127.0.0.1", bare.port, path, clients=args.clients, seconds=1)  # warm both up
                load("127.0.0.1", server.port, path, headers=headers, clients=args.clients, seconds=1)
                base = load("127.0.0.1", bare.port, path, clients=args.clients, seconds=args.seconds)
                ours = load("127.0.0.1", server.port, path, headers=headers, clients=args.clients,
                            seconds=args.seconds)
            assert set(ours.statuses) == {200}, ours.statuses
    figures.update(
        bare_rps=base.rps, fieldwise_rps=ours.rps, ratio=ours.rps / base.rps,
        fieldwise_p50_ms=ours.median_ms, fieldwise_p99_ms=ours.percentile(0.99), bare_p99_ms=base.percentile(0.99),
    )
    print(f"polling GET /v2/files/{{id}}/extraction/, {args.clients} clients, {args.seconds:.0f} s each")
    print(f"  bare FastAPI endpoint      {base.rps:8.0f} req/s   p99 {base.percentile(0.99):6.1f} ms")
    print(f"  fieldwise                  {ours.rps:8.0f} req/s   p99 {ours.percentile(0.99):6.1f} ms"
          f"   p50 {ours.median_ms:5.1f} ms")
    print(f"  ratio fieldwise / bare     {figures['ratio']:.2f}   (target 0.5 or better; p99 target 25 ms)")
    print(f"upload-to-processed, one-page text PDF, {args.runs} runs: median "
          f"{figures['upload_to_processed_median_s']:.3f} s, p90 {figures['upload_to_processed_p90_s']:.3f} s "
          "(target median 0.5 s)")
    return figures


if __name__ == "__main__":
    main()
