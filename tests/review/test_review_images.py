"""Review page images are bounded: a page is never drawn over FIELDWISE_MAX_RENDER_PIXELS, an image too large to
decode gets a plain page saying so (failed runs too), and the review UI counts against the rate limit."""

from __future__ import annotations

import io
import re
from contextlib import closing
from typing import Iterator

import httpx
import pytest
from PIL import Image

from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.documents import text_pdf
from tests.support.live_server import LiveServer

MAX_RENDER_PIXELS = 8_000_000  # the default


def _peak_rss_mb(server: LiveServer) -> float:
    status = open(f"/proc/{server.process.pid}/status").read()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def _signed_in(server: LiveServer, key: str) -> httpx.Client:
    ui = httpx.Client(base_url=server.base_url, timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', ui.get("/review/").text).group(1)
    assert ui.post("/review/login", data={"csrf": token, "api_key": key}).status_code == 303
    return ui


def _run(server: LiveServer, name: str, data: bytes, media_type: str) -> tuple[str, int]:
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Images", "fields": INVOICE_FIELDS}).json()
        run = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, data, media_type)})
        assert run.status_code == 202, run.text
        return run.json()["id"], wait_processed(api, run.json()["id"]).status_code


def _page(ui: httpx.Client, collection_id: str) -> Image.Image:
    response = ui.get(f"/review/collections/{collection_id}/pages/1.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def test_a_tall_pdf_page_renders_under_the_pixel_cap(server: LiveServer) -> None:
    tall = text_pdf([["Invoice number: TALL-1", "Total: 5.00"]]).replace(b"/MediaBox [0 0 612 792]",
                                                                          b"/MediaBox [0 0 250 40000]")
    collection_id, status = _run(server, "tall.pdf", tall, "application/pdf")
    assert status == 200
    with closing(_signed_in(server, server.key)) as ui:
        image = _page(ui, collection_id)
    assert image.width * image.height <= MAX_RENDER_PIXELS and image.width <= 1000
    assert image.height > 10 * image.width  # still the page's shape, only smaller


def test_a_pixel_bomb_of_a_failed_run_gets_a_plain_page(server: LiveServer) -> None:
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, "PNG")  # 144 megapixels in a few kilobytes
    collection_id, status = _run(server, "bomb.png", buffer.getvalue(), "image/png")
    assert status == 422  # the reader refuses it; the review page still shows the upload
    with closing(_signed_in(server, server.key)) as ui:
        before = _peak_rss_mb(server)
        for _ in range(3):
            image = _page(ui, collection_id)
            assert image.width <= 1000 and image.width * image.height <= MAX_RENDER_PIXELS
        assert _peak_rss_mb(server) - before < 300  # decoding it would take over 400 MB a request


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("review-limited"), rate_limit_general="6")
    live.key = live.create_key("limited")
    live.start()
    yield live
    live.stop()


def test_review_pages_and_images_count_against_the_rate_limit(limited: LiveServer) -> None:
    with closing(_signed_in(limited, limited.key)) as ui:
        answers = [ui.get("/review/") for _ in range(8)]
        statuses = [a.status_code for a in answers]
        assert statuses[:6] == [200] * 6 and statuses[-1] == 429, statuses
        assert answers[-1].json()["error_code"] == "RATE_LIMITED" and int(answers[-1].headers["retry-after"]) >= 1
        assert answers[0].headers["x-ratelimit-limit"] == "6"
        assert ui.get("/review/collections/01a22536-60c5-7ff6-a8e5-33a9e94f1159/pages/1.png").status_code == 429
