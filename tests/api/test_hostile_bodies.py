"""Hostile request bodies and query strings: each is the client's mistake, so each is a 4xx in the envelope."""

from __future__ import annotations

from typing import Any, Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS
from tests.support.live_server import LiveServer


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert body["error_code"] == code
    assert set(body) >= {"error", "detail", "error_code", "retryable", "request_id"}
    return body


def _post_raw(api: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return api.post(path, content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name": "w", "fields": ' + b"[" * 200 + b"]" * 200 + b"}",
        b'{"name": "w", "description": ' + b"7" * 5000 + b', "fields": []}',
        b'{"name": "w\\ud800", "fields": [{"name": "n", "description": "d", "data_type": "string"}]}',
        b'{"name": "w", "fields": [{"name": "n\\udfff", "description": "d", "data_type": "string"}]}',
        b'{"name": "w", "description": NaN, "fields": []}',
        b'{"name": "w\\u0000x", "fields": [{"name": "n", "description": "d", "data_type": "string"}]}',
    ],
    ids=["nested-100k", "nested-200", "int-5000-digits", "lone-surrogate-name", "lone-surrogate-field", "nan",
         "nul-in-name"],
)
def test_malformed_json_is_400(api: httpx.Client, body: bytes) -> None:
    _error(_post_raw(api, "/v2/workflows/", body), 400, "INVALID_JSON")


def test_lone_surrogate_or_nul_in_a_webhook_url_is_400(api: httpx.Client) -> None:
    _error(_post_raw(api, "/v2/webhooks/", b'{"url": "https://example.test/\\ud800"}'), 400, "INVALID_JSON")
    _error(_post_raw(api, "/v2/webhooks/", b'{"url": "https://exa\\u0000mple.test/"}'), 400, "INVALID_JSON")


def test_a_file_name_that_is_not_utf8_is_stored_readably(api: httpx.Client, workflow: dict[str, Any]) -> None:
    body = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="inv\xed\xa0\x80\x00.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nInvoice number: U-1\r\n--x--\r\n")
    response = api.post(f"/v2/workflows/{workflow['id']}/upload/", content=body,
                        headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 200, response.text
    assert response.json()["filename"].startswith("inv") and "\x00" not in response.json()["filename"]


def test_json_body_over_the_limit_is_413_while_it_streams(api: httpx.Client, workflow: dict[str, Any]) -> None:
    description = "x" * (2 * 1024 * 1024)  # the default limit is 1 MB
    big = api.post("/v2/workflows/", json={"name": "big", "description": description, "fields": INVOICE_FIELDS})
    body = _error(big, 413, "REQUEST_TOO_LARGE")
    assert "FIELDWISE_MAX_JSON_MB" in body["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while the body streams
        yield b'{"name": "streamed", "description": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'", "fields": []}'

    streamed = api.put(f"/v2/workflows/{workflow['id']}/", content=chunks(),
                       headers={"content-type": "application/json"})
    _error(streamed, 413, "REQUEST_TOO_LARGE")
    assert api.get(f"/v2/workflows/{workflow['id']}/").json()["name"] == workflow["name"]
    assert "big" not in {w["name"] for w in api.get("/v2/workflows/", params={"page_size": 100}).json()["results"]}


@pytest.mark.parametrize("page", [str(2**63), str(2**64 + 1), "9" * 5000])
def test_huge_page_numbers_are_400_on_every_list(api: httpx.Client, server: LiveServer, workflow: dict[str, Any],
                                                 page: str) -> None:
    hook = api.post("/v2/webhooks/", json={"url": "https://example.test/pages"}).json()
    try:
        for path in ("/v2/workflows/", "/v2/files/", f"/v2/workflows/{workflow['id']}/files/",
                     f"/v2/workflows/{workflow['id']}/runs/", f"/v2/webhooks/{hook['id']}/deliveries/"):
            _error(api.get(path, params={"page": page}), 400, "VALIDATION_ERROR")
            assert api.get(path, params={"page_size": page}).status_code in (200, 400)  # capped, or too long
        with httpx.Client(base_url=server.base_url, timeout=30) as browser:
            _error(browser.get("/review/", params={"page": page}), 400, "VALIDATION_ERROR")
    finally:
        api.delete(f"/v2/webhooks/{hook['id']}/")
    assert api.get("/v2/workflows/", params={"page": "1000"}).json()["results"] == []
