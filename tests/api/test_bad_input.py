"""Malformed, hostile and oversized input: the error envelope and the right 4xx, never a 5xx."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Callable, Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS, MODES, live_server, start_live
from tests.support.live_server import LiveServer


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code
    assert set(body) >= {"error", "detail", "error_code", "retryable", "request_id"}
    return body


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": {"text": "hello"}, "files": {"file": ("a.txt", b"hi", "text/plain")}},
        {"files": {"file": ("empty.pdf", b"", "application/pdf")}},
        {"data": {"text": "   "}},
        {"data": {"file": "<_io.BufferedReader name='invoice.pdf'>"}},
        {"data": {"file_base64": "not base64!!", "filename": "x.pdf"}},
    ],
    ids=["neither", "both", "empty-file", "blank-text", "file-as-text-field", "bad-base64"],
)
def test_run_input_errors_are_400(api: httpx.Client, workflow: dict[str, Any], kwargs: dict[str, Any]) -> None:
    body = _error(api.post(f"/v2/workflows/{workflow['id']}/run/", **kwargs), 400, "VALIDATION_ERROR")
    assert body["retryable"] is False


def test_sdk_file_bug_detail_says_what_happened(api: httpx.Client, workflow: dict[str, Any]) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/",
                        data={"file": "<_io.BufferedReader name='invoice.pdf'>"})
    assert "plain form field" in str(response.json()["detail"])


def test_json_body_on_run_is_400(api: httpx.Client, workflow: dict[str, Any]) -> None:
    _error(api.post(f"/v2/workflows/{workflow['id']}/run/", json={"text": "x"}), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("archive.zip", None),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4),
    ],
)
def test_unsupported_type_is_400(api: httpx.Client, workflow: dict[str, Any], name: str, data: bytes | None) -> None:
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.bin", b"\x00" * 100)
        data = buffer.getvalue()
    response = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, data, "application/pdf")})
    _error(response, 400, "UNSUPPORTED_FILE_TYPE")


@pytest.mark.parametrize("declared", ["application/pdf", "image/png",
                                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"])
def test_text_declared_as_a_binary_type_is_refused(api: httpx.Client, workflow: dict[str, Any], declared: str) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/",
                        files={"file": ("invoice.bin", b"Invoice number: 7\nTotal: 10.00", declared)})
    body = _error(response, 400, "UNSUPPORTED_FILE_TYPE")
    assert declared in body["detail"] and "text" in body["detail"]
    staged = api.post(f"/v2/workflows/{workflow['id']}/files/",
                      files=[("files", ("a.pdf", b"%PDF-1.4 not really", "application/pdf")),
                             ("files", ("b.pdf", b"plain words", declared))])
    _error(staged, 400, "UNSUPPORTED_FILE_TYPE")


@pytest.mark.parametrize("declared", ["text/plain", "text/csv", "text/markdown"])
def test_a_binary_file_declared_as_text_is_refused(api: httpx.Client, workflow: dict[str, Any], declared: str) -> None:
    """The README: a file whose bytes contradict its declared type is refused, both ways (a PDF or PNG declared as
    text was read by its content)."""
    from tests.support.documents import invoice_pdf

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    for name, data, actual in (("invoice.txt", invoice_pdf(), "application/pdf"), ("scan.csv", png, "image/png")):
        response = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, data, declared)})
        body = _error(response, 400, "UNSUPPORTED_FILE_TYPE")
        assert declared in body["detail"] and actual in body["detail"], body


def test_duplicate_parts_are_400_not_the_last_one_silently(api: httpx.Client, workflow: dict[str, Any]) -> None:
    runs_before = api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["count"]
    for name, parts in (("file", [("file", ("a.txt", b"first", "text/plain")),
                                  ("file", ("b.txt", b"second", "text/plain"))]),
                        ("text", [("text", (None, b"first")), ("text", (None, b"second"))])):
        for route in ("run", "upload"):
            body = _error(api.post(f"/v2/workflows/{workflow['id']}/{route}/", files=parts), 400,
                          "VALIDATION_ERROR")
            assert name in body["detail"]
    assert api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["count"] == runs_before


def _encrypted_pdf() -> bytes:
    from tests.documents.pdfs import build, text_page

    return build(text_page("Invoice number: SECRET-1"), encrypt="hunter2")


def _bomb_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")  # 400 megapixels in a few kilobytes
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "PDF"),
        ("lying.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, "image"),
        ("locked.pdf", _encrypted_pdf(), "encrypted"),
        ("bomb.png", _bomb_png(), "pixels"),
    ],
    ids=["corrupt-pdf", "lying-png", "encrypted-pdf", "decompression-bomb"],
)
def test_unreadable_document_ends_the_run_with_a_reason(api: httpx.Client, workflow: dict[str, Any],
                                                         wait: Callable[..., httpx.Response], name: str,
                                                         data: bytes, reason: str) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, data, "application/pdf")})
    assert response.status_code == 202
    collection_id = response.json()["id"]
    flat = _error(wait(api, collection_id), 422, "EXTRACTION_FAILED")
    assert reason in flat["detail"] and flat["detail"]
    envelope = api.get(f"/v2/workflows/{workflow['id']}/files/{collection_id}/results/")
    assert _error(envelope, 422, "EXTRACTION_FAILED")["detail"] == flat["detail"]
    listed = api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["results"]
    assert {"id": collection_id, "status": "error"}.items() <= next(r for r in listed
                                                                    if r["id"] == collection_id).items()


def test_file_name_never_decides_a_path(api: httpx.Client, workflow: dict[str, Any], server: LiveServer,
                                        wait: Callable[..., httpx.Response]) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/",
                        files={"file": ("../../../escaped.txt", b"Invoice number: X-1", "text/plain")})
    assert response.status_code == 202
    assert wait(api, response.json()["id"]).status_code == 200
    assert not list(server.data_dir.parent.rglob("escaped.txt"))


def test_unknown_ids_are_404(api: httpx.Client, workflow: dict[str, Any]) -> None:
    for path in ("/v2/workflows/not-a-uuid/", "/v2/workflows/01a22536-60c5-7ff6-a8e5-33a9e94f1159/",
                 "/v2/files/nope/extraction/", f"/v2/workflows/{workflow['id']}/files/x/results/",
                 "/v2/operations/parse/nope", "/v2/no-such-route/"):
        _error(api.get(path), 404, "NOT_FOUND")
    _error(api.delete("/v2/webhooks/wh_missing/"), 404, "NOT_FOUND")


@pytest.fixture(scope="module", params=MODES)
def small_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = live_server(request, tmp_path_factory.mktemp(f"small-{request.param}"), request.param, max_file_mb="1",
                       rate_limit_general="8", rate_limit_submissions="3")
    live.key = live.create_key("small")
    start_live(live, request.param)
    yield live
    live.stop()


def test_oversized_file_is_413_without_processing(small_server: LiveServer) -> None:
    with small_server.client(small_server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        _error(api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": ("big.pdf", big)}), 413,
               "FILE_TOO_LARGE")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while the body streams
            yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\n"
            for _ in range(40):
                yield b"0" * 65536
            yield b"\r\n--b--\r\n"

        streamed = api.post(f"/v2/workflows/{workflow['id']}/run/", content=chunks(),
                            headers={"content-type": "multipart/form-data; boundary=b"})
        _error(streamed, 413, "FILE_TOO_LARGE")
        assert api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["count"] == 0


def test_rate_limits_per_tier_with_headers(small_server: LiveServer) -> None:
    mine, other = small_server.create_key("limited-org"), small_server.create_key("other-org")
    with small_server.client(mine) as api, small_server.client(other) as other_api:
        workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
        statuses = []
        for _ in range(4):
            response = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: 1"})
            statuses.append(response.status_code)
        assert statuses[:3] == [202, 202, 202]
        limited = _error(response, 429, "RATE_LIMITED")
        assert limited["retryable"] is True and int(response.headers["retry-after"]) >= 1
        assert response.headers["x-ratelimit-remaining"] == "0"

        seen = []
        for _ in range(10):
            seen.append(api.get("/v2/workflows/"))
        assert seen[0].headers["x-ratelimit-limit"] == "8"
        assert int(seen[0].headers["x-ratelimit-remaining"]) > int(seen[3].headers["x-ratelimit-remaining"])
        assert seen[-1].status_code == 429
        # another organization has its own counters
        assert other_api.get("/v2/workflows/").status_code == 200
