"""A small closed-loop HTTP/1.1 load generator on asyncio streams: N clients, keep-alive, GET only.

Kept deliberately thin so it costs the machine as little as possible; both the measured server and its
baseline are driven by the same generator in the same run, so its own cost cancels out of the ratio."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)


async def _client(host: str, port: int, request: bytes, stop_at: float, out: LoadResult) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            out.latencies_ms.append((time.perf_counter() - start) * 1000)
            status = int(status_line.split()[1])
            out.statuses[status] = out.statuses.get(status, 0) + 1
            out.requests += 1
    finally:
        writer.close()


async def _run(host: str, port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> LoadResult:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{head}\r\n".encode()
    out = LoadResult(0, seconds, [], {})
    start = time.perf_counter()
    await asyncio.gather(*(_client(host, port, request, start + seconds, out) for _ in range(clients)))
    out.seconds = time.perf_counter() - start
    return out


def load(host: str, port: int, path: str, *, headers: dict[str, str] | None = None, clients: int = 64,
         seconds: float = 10.0) -> LoadResult:
    return asyncio.run(_run(host, port, path, headers or {}, clients, seconds))
