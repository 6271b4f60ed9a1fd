"""Each official anyformat SDK release in a virtual environment of its own, made by the test setup.

The environments are kept under .cache/sdk-venvs so a second run does not install again. If one cannot be made
(no network to the package index, say), the tests fail: they never skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "sdk-venvs"


def sdk_python(version: str) -> Path:
    venv = CACHE / f"anyformat-{version}"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"anyformat=={version}"], check=True, timeout=600)
    marker.write_text(version)
    return python


@pytest.fixture(scope="session")
def run_flow() -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(version: str, script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        python = sdk_python(version)
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANYFORMAT_", "PYTHON"))}
        return subprocess.run([str(python), str(Path(__file__).parent / "flows" / script)],
                              env={**clean, **env}, capture_output=True, text=True, timeout=600)

    return run
