"""A real headless Chromium for UI tests: Debian's chromium driven by Playwright through `executable_path`
(Playwright's own browser download cannot work on these machines). Installs the browser when it is missing
(CI runs as root on a fresh machine); if it cannot be had, the test fails: a UI left untested is not a pass."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def ensure_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail(f"{CHROMIUM} is missing and cannot be installed here (needs apt-get as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    if not CHROMIUM.exists():
        pytest.fail(f"apt-get installed chromium but {CHROMIUM} is not there")
    return CHROMIUM


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("FIELDWISE_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright, closed on the way out."""
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


class Watch:
    """What a page did that a user must never meet: console errors, uncaught exceptions, and requests to any host
    but the server's (a CDN, a font, a tracker)."""

    def __init__(self, page: Page, origin: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda message: message.type == "error"
                and self.errors.append(f"{message.text} ({message.location.get('url')})"))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda request: None if request.url.startswith((origin + "/", "data:", "blob:"))
                else self.foreign.append(request.url))
