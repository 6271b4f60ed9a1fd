"""The web app's edges over HTTP against a real server, in both modes: signed-out visits, forged forms, bad
uploads and examples, other organizations' workflows. Every answer is a page or the error envelope with its
4xx, never a 5xx."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer

HTML = {"accept": "text/html"}
ROW = {"field_name": "invoice_number", "field_description": "", "field_type": "string", "field_options": "",
       "field_level": "0"}


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def signed_in(server: LiveServer, key: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.base_url, headers=HTML, timeout=60)
    token = _csrf(client.get("/").text)
    home = client.post("/review/login", data={"csrf": token, "api_key": key, "home": "/"}, follow_redirects=True)
    assert home.status_code == 200 and "New workflow" in home.text
    return client, _csrf(home.text)


@pytest.fixture()
def person(server: LiveServer) -> Iterator[tuple[httpx.Client, str]]:
    client, csrf = signed_in(server, server.key)
    try:
        yield client, csrf
    finally:
        client.close()


@pytest.fixture()
def workflow_url(person: tuple[httpx.Client, str]) -> str:
    client, csrf = person
    saved = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": "Edges", "action": "save", **ROW})
    assert saved.status_code == 303, saved.text
    return saved.headers["location"]


def test_signed_out_the_root_asks_for_a_key_and_api_clients_keep_the_banner(server: LiveServer) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        page = client.get("/", headers=HTML)
        assert page.status_code == 200 and 'name="api_key"' in page.text and "Sign in" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert client.get("/").json()["service"] == "fieldwise"
        away = client.get("/workflows/new", headers=HTML)
        assert away.status_code == 303 and away.headers["location"] == "/"


def test_a_form_without_the_sessions_token_is_refused(person: tuple[httpx.Client, str]) -> None:
    client, _ = person
    forged = client.post("/workflows/new", data={"csrf": "forged", "workflow_name": "X", "action": "save", **ROW})
    assert forged.status_code == 403 and forged.json()["error_code"] == "ACCESS_DENIED"


def test_a_bad_workflow_comes_back_with_the_reason(person: tuple[httpx.Client, str]) -> None:
    client, csrf = person
    orphan = {**ROW, "field_level": "1"}
    answer = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": "X", "action": "save", **orphan})
    assert answer.status_code == 400 and "no object field above it" in answer.text
    nameless = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": " ", "action": "save", **ROW})
    assert nameless.status_code == 400 and 'role="alert"' in nameless.text


def test_an_example_that_is_no_document_says_so(person: tuple[httpx.Client, str]) -> None:
    client, csrf = person
    answer = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": "X", "action": "suggest", **ROW},
                         files={"example": ("scan.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf")})
    assert answer.status_code == 200 and "could not be read" in answer.text
    found = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": "X", "action": "suggest", **ROW},
                        files={"example": ("invoice.pdf", invoice_pdf(), "application/pdf")})
    names = [n for n in re.findall(r'name="field_name" value="([^"]*)"', found.text) if n]
    assert names == ["invoice_number", "invoice_date", "line_items", "item", "qty", "amount", "total"]  # once


def test_bad_uploads_and_exports_get_4xx(person: tuple[httpx.Client, str], workflow_url: str) -> None:
    client, csrf = person
    nothing = client.post(workflow_url + "documents", data={"csrf": csrf}, files={"other": ("a.txt", b"x")})
    assert nothing.status_code == 400 and nothing.json()["error_code"]
    empty = client.post(workflow_url + "documents", data={"csrf": csrf}, files={"files": ("a.pdf", b"")})
    assert empty.status_code == 400
    forged = client.post(workflow_url + "documents", data={"csrf": "no"},
                         files={"files": ("a.pdf", invoice_pdf(), "application/pdf")})
    assert forged.status_code == 403
    assert client.get(workflow_url + "export.exe").status_code == 404
    csv = client.get(workflow_url + "export.csv")
    assert csv.status_code == 200 and csv.text.splitlines()[0] == \
        "file_name,collection_id,invoice_number,invoice_number.confidence"
    assert client.get(workflow_url, params={"page": "0"}).status_code == 400  # the envelope's VALIDATION_ERROR


def test_another_organizations_workflow_is_not_found(server: LiveServer, workflow_url: str) -> None:
    other, csrf = signed_in(server, server.other_key)
    try:
        assert other.get(workflow_url).status_code == 404
        assert other.get(workflow_url + "edit").status_code == 404
        assert other.get(workflow_url + "export.csv").status_code == 404
        stolen = other.post(workflow_url + "documents", data={"csrf": csrf},
                            files={"files": ("a.pdf", invoice_pdf(), "application/pdf")})
        assert stolen.status_code == 404
    finally:
        other.close()


def test_a_document_that_cannot_be_read_shows_failed_with_the_reason(person: tuple[httpx.Client, str],
                                                                     workflow_url: str) -> None:
    client, csrf = person
    broken = client.post(workflow_url + "documents", data={"csrf": csrf},
                         files={"files": ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< garbage", "application/pdf")},
                         headers={"accept": "application/json", "x-csrf-token": csrf})
    assert broken.status_code == 202, broken.text
    deadline = time.monotonic() + 120
    table = client.get(workflow_url + "table")
    while table.headers["x-working"] != "0" and time.monotonic() < deadline:
        time.sleep(0.5)
        table = client.get(workflow_url + "table")
    row = re.search(r"broken\.pdf.*?</tr>", table.text, re.S)
    assert row and '<span class="status failed">failed</span>' in row.group(0) and "error-text" in row.group(0)
    failed = client.get(workflow_url, params={"failed": "1"})
    assert "broken.pdf" in failed.text
    assert "broken.pdf" not in client.get(workflow_url, params={"needs_review": "1"}).text


def test_dropped_files_count_against_the_submission_limit_as_runs_do(tmp_path: Path) -> None:
    live = LiveServer(tmp_path, rate_limit_submissions="1")
    live.key = live.create_key("limited")
    live.start()
    try:
        client, csrf = signed_in(live, live.key)
        try:
            saved = client.post("/workflows/new", data={"csrf": csrf, "workflow_name": "L", "action": "save", **ROW})
            url = saved.headers["location"]

            def drop() -> httpx.Response:
                return client.post(url + "documents", data={"csrf": csrf},
                                   files={"files": ("a.pdf", invoice_pdf(), "application/pdf")},
                                   headers={"accept": "application/json"})

            assert drop().status_code == 202
            refused = drop()
            assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        finally:
            client.close()
    finally:
        live.stop()
