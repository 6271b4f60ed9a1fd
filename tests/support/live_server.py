"""A real fieldwise server in a subprocess on loopback, with its own data folder and API keys."""

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


def fieldwise_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "fieldwise", *args]


def _reap_group(pgid: int | None) -> None:
    """SIGKILL what is left of a process group: an in-process pool can spawn replacements for the workers the
    SIGTERM took, after that signal went out, and those would outlive the test."""
    if pgid is None:
        return
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class LiveServer:
    """`fieldwise serve` in a subprocess; with queue='celery', also any number of `fieldwise worker` processes."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None, **settings: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "FIELDWISE_DATA_DIR": str(data_dir),
            "FIELDWISE_WORKERS": "1",
            **(env or {}),
            **{f"FIELDWISE_{k.upper()}": str(v) for k, v in settings.items()},
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes] | None] = []
        self.log_path = data_dir / "server.log"

    def create_key(self, org: str) -> str:
        out = subprocess.run(fieldwise_command("keys", "create", "--org", org), env=self.env, check=True,
                             capture_output=True, text=True, timeout=60)
        return out.stdout.strip().splitlines()[-1]

    def start(self, timeout: float = 60) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            fieldwise_command("serve", "--host", "127.0.0.1", "--port", str(self.port)),
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.base_url}/health/", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start in {timeout} s: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the server and its worker processes, as a crash would."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None

    def start_worker(self, concurrency: int = 1, timeout: float = 60) -> int:
        """Start a `fieldwise worker`; returns its index. Waits until Celery says it is ready."""
        return self.start_workers(1, concurrency, timeout)[0]

    def start_workers(self, count: int, concurrency: int = 1, timeout: float = 60) -> list[int]:
        """Start `count` workers at once (their start-ups overlap) and wait until every one is ready."""
        started = []
        for _ in range(count):
            log_path = self.data_dir / f"worker-{len(self.workers)}.log"
            offset = log_path.stat().st_size if log_path.exists() else 0
            process = subprocess.Popen(
                fieldwise_command("worker", "--concurrency", str(concurrency)), env=self.env,
                stdout=open(log_path, "ab"), stderr=subprocess.STDOUT, start_new_session=True,
            )
            self.workers.append(process)
            started.append((len(self.workers) - 1, process, log_path, offset))
        deadline = time.monotonic() + timeout
        for _index, process, log_path, offset in started:
            while b" ready." not in log_path.read_bytes()[offset:]:
                if process.poll() is not None:
                    raise RuntimeError(f"worker exited: {log_path.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"worker did not start in {timeout} s: {log_path.read_text()[-3000:]}")
                time.sleep(0.1)
        return [index for index, *_rest in started]

    def kill_worker(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Signal a worker's whole process group (SIGKILL: the worker and its pool die at once, as a lost host)."""
        process = self.workers[index]
        if process is None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        _reap_group(process.pid)
        self.workers[index] = None

    def stop_workers(self) -> None:
        for index in range(len(self.workers)):
            self.kill_worker(index, signal.SIGTERM)

    def stop(self) -> None:
        self.stop_workers()
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass
        _reap_group(self.process.pid if self.process else None)
        self.process = None

    def client(self, key: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)
