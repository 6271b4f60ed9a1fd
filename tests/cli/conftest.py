from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.support.live_server import LiveServer

FIELDWISE = str(Path(sys.executable).with_name("fieldwise"))


def run_fieldwise(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
                  timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The installed `fieldwise` command, as a user types it, its output captured (not a terminal)."""
    environment = {**os.environ, "COLUMNS": "120", **(env or {})}
    return subprocess.run([FIELDWISE, *args], capture_output=True, text=True, env=environment, cwd=cwd,
                          timeout=timeout)


@pytest.fixture()
def fieldwise() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_fieldwise


@pytest.fixture(scope="session")
def remote_env(server: LiveServer) -> dict[str, str]:
    """Where the remote commands find the server: its URL and a key of an organization of their own."""
    return {"FIELDWISE_BASE_URL": server.base_url, "FIELDWISE_API_KEY": server.create_key("cli-tests")}
