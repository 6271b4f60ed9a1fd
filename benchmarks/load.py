"""Load on the distributed stack: N documents from C concurrent clients through 2 API processes and 2 workers,
all processed exactly once; drain throughput with 2 workers against 1; API latency percentiles under the load.

PostgreSQL (a database of the run's own), a private redis-server and moto's S3 server on loopback are made by the
run, as the tests make them. Everything shares this machine's cores: the figures are for the whole stack on one box.

    python -m benchmarks.load [--documents 1000] [--clients 50] [--drain 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import httpx

from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer
from tests.support.services import MotoServer, PostgresDatabase, RedisServer

FIELDS = [
    {"name": "invoice_number", "description": "Invoice number", "data_type": "string"},
    {"name": "total", "description": "Total amount due", "data_type": "float"},
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _upload_all(urls: list[str], key: str, workflow_id: str, documents: int, clients: int,
                      pdf: bytes) -> tuple[list[str], list[float], float]:
    ids: list[str] = []
    latencies: list[float] = []
    counter = iter(range(documents))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(index: int, http: httpx.AsyncClient) -> None:
        for n in counter:
            url = urls[(index + n) % len(urls)]  # a round-robin load balancer
            start = time.perf_counter()
            response = await http.post(f"{url}/v2/workflows/{workflow_id}/run/",
                                       files={"file": (f"invoice-{n}.pdf", pdf, "application/pdf")})
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])

    start = time.perf_counter()
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=120, limits=limits) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return ids, latencies, time.perf_counter() - start


def _wait_all(db: PostgresDatabase, ids: list[str], timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = db.query("SELECT count(*) FROM collections WHERE id = ANY(%s) AND status IN ('queued', "
                        "'in_progress')", ids)[0][0]
        if left == 0:
            return
        time.sleep(0.5)
    raise RuntimeError("documents still processing at the deadline")


def _drain_rate(db: PostgresDatabase, ids: list[str]) -> float:
    """Documents per second between the first start and the last finish (worker start-up left out)."""
    first, last = db.query("SELECT min(started_at), max(processed_at) FROM collections WHERE id = ANY(%s)", ids)[0]
    return len(ids) / (last - first).total_seconds()


def _drain(apis: list[LiveServer], key: str, workflow_id: str, db: PostgresDatabase, count: int, workers: int,
           pdf: bytes) -> float:
    ids, _lat, _t = asyncio.run(_upload_all([a.base_url for a in apis], key, workflow_id, count, 10, pdf))
    apis[0].start_workers(workers)
    _wait_all(db, ids)
    apis[0].stop_workers()
    return _drain_rate(db, ids)


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--drain", type=int, default=200, help="documents per drain run (1 worker, then 2)")
    args = parser.parse_args()
    pdf = invoice_pdf()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, redis_server, moto = PostgresDatabase(), RedisServer(folder), MotoServer(folder)
        settings = {"database_url": db.url, "queue": "celery", "redis_url": redis_server.url,
                    "storage_url": f"s3://{moto.s3.bucket}/load", "s3_endpoint_url": moto.endpoint,
                    "rate_limit_submissions": "100000000", "rate_limit_general": "100000000"}
        apis = [LiveServer(folder / f"api-{i}", env=moto.s3.env, **settings) for i in range(2)]
        try:
            key = apis[0].create_key("load")
            for api in apis:
                api.start()
            with apis[0].client(key) as http:
                workflow_id = http.post("/v2/workflows/", json={"name": "load", "fields": FIELDS}).json()["id"]
            # 1. the headline: N documents, C clients, 2 APIs, 2 workers running throughout
            apis[0].start_workers(2)
            start = time.perf_counter()
            ids, latencies, upload_s = asyncio.run(
                _upload_all([a.base_url for a in apis], key, workflow_id, args.documents, args.clients, pdf))
            _wait_all(db, ids)
            total_s = time.perf_counter() - start
            apis[0].stop_workers()
            rows = db.query("SELECT status, attempts, count(*) FROM collections WHERE id = ANY(%s) "
                            "GROUP BY status, attempts", ids)
            results = db.query("SELECT count(*) FROM results WHERE collection_id = ANY(%s)", ids)[0][0]
            completions = sum(p.read_text().count(": processed\n") for p in apis[0].data_dir.glob("worker-*.log"))
            assert rows == [("processed", 1, args.documents)], rows
            assert results == args.documents and completions == args.documents, (results, completions)
            figures.update(documents=args.documents, clients=args.clients, upload_s=upload_s,
                           end_to_end_s=total_s, documents_per_s=args.documents / total_s,
                           upload_p50_ms=_percentile(latencies, 0.5) * 1000,
                           upload_p99_ms=_percentile(latencies, 0.99) * 1000,
                           processed_exactly_once=1.0)
            # 2. drain throughput: queued documents, 1 worker against 2
            one = _drain(apis, key, workflow_id, db, args.drain, 1, pdf)
            two = _drain(apis, key, workflow_id, db, args.drain, 2, pdf)
            figures.update(drain_1_worker_per_s=one, drain_2_workers_per_s=two, speedup_2_vs_1=two / one)
        finally:
            for api in apis:
                api.stop()
            moto.stop()
            redis_server.stop()
            db.close()
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}, indent=2))
    return figures


if __name__ == "__main__":
    main()
