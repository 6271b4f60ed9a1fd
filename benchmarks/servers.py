"""Servers for benchmarks: a fieldwise server with its own data folder, or any uvicorn app, as subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, command: list[str], env: dict[str, str], port: int, health: str) -> None:
        self.command, self.env, self.port, self.health = command, env, port, health
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + self.health, timeout=1).status_code < 500:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.command} did not start")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def fieldwise_server(data_dir: Path, **settings: str) -> tuple[Server, str]:
    """A fieldwise server on the embedded default and a key for it."""
    env = {**os.environ, "FIELDWISE_DATA_DIR": str(data_dir),
           **{f"FIELDWISE_{k.upper()}": v for k, v in settings.items()}}
    out = subprocess.run([sys.executable, "-m", "fieldwise", "keys", "create", "--org", "bench"], env=env,
                         check=True, capture_output=True, text=True)
    key = out.stdout.strip().splitlines()[-1]
    port = free_port()
    command = [sys.executable, "-m", "fieldwise", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return Server(command, env, port, "/health/"), key


def uvicorn_server(app: str, env: dict[str, str]) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log"]
    return Server(command, {**os.environ, **env}, port, "/docs")
