"""The review UI's guards, over plain HTTP: sign-in, cookies, CSRF, organization isolation, page images."""

from __future__ import annotations

import re
from typing import Any, Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS
from tests.support.live_server import LiveServer
from tests.support.runs import processed_invoice


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[-500:]
    return found.group(1)


def _signed_in(server: LiveServer, key: str) -> httpx.Client:
    ui = httpx.Client(base_url=server.base_url, timeout=30)
    token = _token(ui.get("/review/").text)
    assert ui.post("/review/login", data={"csrf": token, "api_key": key}).status_code == 303
    return ui


@pytest.fixture(scope="module")
def collection_id(server: LiveServer) -> str:
    return processed_invoice(server, "UI guards", INVOICE_FIELDS, "guards.pdf")["collection_id"]


@pytest.fixture()
def ui(server: LiveServer) -> Iterator[httpx.Client]:
    client = _signed_in(server, server.key)
    yield client
    client.close()


def test_signed_out_pages_lead_to_sign_in(server: LiveServer, collection_id: str) -> None:
    with httpx.Client(base_url=server.base_url) as anonymous:
        for path in (f"/review/collections/{collection_id}/", f"/review/collections/{collection_id}/pages/1.png"):
            response = anonymous.get(path)
            assert response.status_code == 303 and response.headers["location"] == "/review/"
        login = anonymous.get("/review/")
        assert "Sign in to review" in login.text and "content-security-policy" in login.headers
        refused = anonymous.post("/review/login", data={"csrf": "forged", "api_key": server.key})
        assert refused.status_code == 403 and "fieldwise_review" not in refused.headers.get("set-cookie", "")
        bad_key = anonymous.post("/review/login", data={"csrf": _token(login.text), "api_key": "fw_nope"})
        assert bad_key.status_code == 401 and "not valid" in bad_key.text


def test_session_cookie_is_httponly_and_strict(server: LiveServer) -> None:
    with httpx.Client(base_url=server.base_url) as client:
        token = _token(client.get("/review/").text)
        response = client.post("/review/login", data={"csrf": token, "api_key": server.key})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("fieldwise_review="))
    # one session for the web app at / and the review pages under it
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/;" in cookie


def test_forms_need_the_csrf_token(ui: httpx.Client, api: httpx.Client, collection_id: str) -> None:
    path = f"/review/collections/{collection_id}/fields/total"
    for data in ({"action": "verify"}, {"action": "verify", "csrf": "0" * 64}):
        assert ui.post(path, data=data).status_code == 403
    assert api.get(f"/v2/files/{collection_id}/extraction/").json()["total"]["verification_status"] == "not_verified"
    page = ui.get(f"/review/collections/{collection_id}/")
    accepted = ui.post(path, data={"action": "verify", "csrf": _token(page.text)})
    assert accepted.status_code == 303
    assert api.get(f"/v2/files/{collection_id}/extraction/").json()["total"]["verification_status"] == "verified"


def test_other_organizations_see_nothing(server: LiveServer, collection_id: str) -> None:
    stranger = _signed_in(server, server.other_key)
    try:
        assert collection_id not in stranger.get("/review/").text
        assert stranger.get(f"/review/collections/{collection_id}/").status_code == 404
        assert stranger.get(f"/review/collections/{collection_id}/pages/1.png").status_code == 404
    finally:
        stranger.close()


def test_page_images_and_the_needs_review_filter(ui: httpx.Client, collection_id: str) -> None:
    image = ui.get(f"/review/collections/{collection_id}/pages/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert ui.get(f"/review/collections/{collection_id}/pages/9.png").status_code == 404
    listed: Any = ui.get("/review/", params={"needs_review": "1"})
    assert listed.status_code == 200 and "Needs review</strong>" in listed.text


def test_sign_out_forgets_the_key(server: LiveServer) -> None:
    ui = _signed_in(server, server.key)
    try:
        token = _token(ui.get("/review/").text)
        assert ui.post("/review/logout", data={"csrf": token}).status_code == 303
        assert "Sign in to review" in ui.get("/review/").text
    finally:
        ui.close()
