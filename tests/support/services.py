"""The servers the distributed mode needs, made by the test setup: a PostgreSQL database of the session's own
(created, then dropped), a private Redis on a free loopback port (so a test may restart it without touching anyone
else's), and moto's S3 server on a free loopback port. If one cannot be had, the tests fail: they never skip.

PostgreSQL is the machine's (FIELDWISE_TEST_POSTGRES, default postgres@127.0.0.1:5432, trust auth); when it is not
running, it is started with the command from the machine notes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from tests.support.live_server import free_port

ADMIN_DSN = os.environ.get("FIELDWISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        subprocess.run(START_POSTGRES, shell=True, check=False, timeout=120)
        deadline = time.monotonic() + 60
        while True:
            try:
                return psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL unreachable at {ADMIN_DSN} and could not be started") from None
                time.sleep(0.5)


class PostgresDatabase:
    """A database of its own on the machine's PostgreSQL, dropped by close()."""

    def __init__(self) -> None:
        self.name = f"fieldwise_test_{uuid.uuid4().hex[:12]}"
        with _admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        base = ADMIN_DSN.rsplit("/", 1)[0]
        self.dsn = f"{base}/{self.name}"
        self.url = self.dsn.replace("postgresql://", "postgresql+psycopg://", 1)

    def terminate_connections(self) -> int:
        """Drop every connection to this database, as a failover or a network cut would."""
        with _admin() as conn:
            rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                                "AND pid <> pg_backend_pid()", (self.name,)).fetchall()
        return len(rows)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class _Process:
    def __init__(self, command: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        self.command, self.log, self.env = command, log, env
        self.process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
                                        env=self.env, start_new_session=True)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None


class RedisServer(_Process):
    """A private redis-server on a free loopback port, keeping nothing on disk (as the machine's does)."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        super().__init__([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--dir", str(folder)], folder / "redis.log")
        self.start()

    def start(self) -> None:
        self.spawn()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {self.log.read_text()[-2000:]}") from None
                time.sleep(0.05)

    def restart(self) -> None:
        """Stop and start again: every message it held is gone, as with a Redis that keeps nothing on disk."""
        self.stop(signal.SIGKILL)
        self.start()


@dataclass
class S3Env:
    endpoint: str
    bucket: str

    @property
    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


class MotoServer(_Process):
    """moto's standalone S3 server on a free loopback port, with one bucket."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        moto = Path(sys.executable).with_name("moto_server")
        super().__init__([str(moto), "-H", "127.0.0.1", "-p", str(self.port)], folder / "moto.log")
        self.spawn()
        self.s3 = S3Env(self.endpoint, f"fieldwise-{uuid.uuid4().hex[:8]}")
        import boto3

        client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        deadline = time.monotonic() + 60
        while True:
            try:
                client.create_bucket(Bucket=self.s3.bucket)
                return
            except Exception:
                if time.monotonic() > deadline or (self.process and self.process.poll() is not None):
                    raise RuntimeError(f"moto server did not start: {self.log.read_text()[-2000:]}") from None
                time.sleep(0.2)
