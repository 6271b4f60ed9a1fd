"""Review sessions live on the server: the cookie holds a random id (never the API key), signing out or revoking
the key ends the session everywhere, sessions expire, the CSRF token belongs to one session, cookies are
`__Host-` and Secure behind a trusted TLS proxy only, and the sign-in form refuses tokens it did not make."""

from __future__ import annotations

import re
import subprocess
import time
from contextlib import closing
from typing import Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS
from tests.support.live_server import LiveServer, fieldwise_command
from tests.support.runs import processed_invoice

HTTPS = {"x-forwarded-proto": "https"}


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[-500:]
    return found.group(1)


def _sign_in(server: LiveServer, key: str) -> tuple[httpx.Client, httpx.Response]:
    ui = httpx.Client(base_url=server.base_url, timeout=30)
    response = ui.post("/review/login", data={"csrf": _token(ui.get("/review/").text), "api_key": key,
                                              "reviewer": "Ada"})
    assert response.status_code == 303, response.text[:300]
    return ui, response


def _signed_out(client: httpx.Client, path: str = "/review/") -> bool:
    response = client.get(path)
    return "Sign in to review" in response.text or response.status_code == 303


@pytest.fixture(scope="module")
def collection_id(server: LiveServer) -> str:
    return processed_invoice(server, "Sessions", INVOICE_FIELDS, "sessions.pdf")["collection_id"]


def test_the_cookie_is_a_random_session_id_not_the_key(server: LiveServer) -> None:
    ui, response = _sign_in(server, server.key)
    with closing(ui):
        cookie = ui.cookies.get("fieldwise_review")
        assert cookie and cookie != server.key and server.key not in response.headers.get("set-cookie", "")
        assert "fieldwise_reviewer" not in response.headers.get("set-cookie", "")  # the name is kept server-side
        assert "Ada" in ui.get("/review/").text
        api_with_cookie = httpx.get(f"{server.base_url}/v2/workflows/", headers={"authorization": f"Bearer {cookie}"})
        assert api_with_cookie.status_code == 401  # the session id is no bearer key


def test_sign_out_ends_the_session_on_the_server(server: LiveServer, collection_id: str) -> None:
    ui, _ = _sign_in(server, server.key)
    with closing(ui):
        page = ui.get(f"/review/collections/{collection_id}/")
        csrf, stolen = _token(page.text), ui.cookies.get("fieldwise_review")
        assert ui.post("/review/logout", data={"csrf": csrf}).status_code == 303
    with httpx.Client(base_url=server.base_url, cookies={"fieldwise_review": stolen}, timeout=30) as replay:
        assert _signed_out(replay, f"/review/collections/{collection_id}/")
        late = replay.post(f"/review/collections/{collection_id}/fields/total", data={"action": "verify",
                                                                                     "csrf": csrf})
        assert late.status_code == 303 and late.headers["location"] == "/review/"


def test_csrf_tokens_belong_to_one_session(server: LiveServer, collection_id: str) -> None:
    first, _ = _sign_in(server, server.key)
    second, _ = _sign_in(server, server.key)
    with closing(first), closing(second):
        one, two = (_token(c.get(f"/review/collections/{collection_id}/").text) for c in (first, second))
        assert one != two
        path = f"/review/collections/{collection_id}/fields/invoice_number"
        assert second.post(path, data={"action": "verify", "csrf": one}).status_code == 403
        assert second.post(path, data={"action": "verify", "csrf": two}).status_code == 303


def test_revoked_key_answers_401_and_its_sessions_end(server: LiveServer) -> None:
    key = server.create_key("revoked-org")
    ui, _ = _sign_in(server, key)
    with closing(ui), server.client(key) as api:
        assert api.get("/v2/workflows/").status_code == 200
        listed = subprocess.run(fieldwise_command("keys", "list"), env=server.env, capture_output=True, text=True,
                                check=True, timeout=60).stdout
        line = next(row for row in listed.splitlines() if "\trevoked-org\t" in row)
        key_id, prefix = line.split("\t")[:2]
        assert prefix == key[:10] and key not in listed
        done = subprocess.run(fieldwise_command("keys", "revoke", key_id), env=server.env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0 and key_id in done.stdout, done.stderr
        assert _signed_out(ui)  # at once: the session is ended in the database
        deadline = time.monotonic() + 15  # servers remember a checked key for a few seconds
        while api.get("/v2/workflows/").status_code != 401:
            assert time.monotonic() < deadline, "the revoked key still works"
            time.sleep(0.5)
        assert api.get("/v2/workflows/").json()["error_code"] == "AUTH_FAILED"
        again = httpx.Client(base_url=server.base_url, timeout=30)
        with again:
            refused = again.post("/review/login", data={"csrf": _token(again.get("/review/").text), "api_key": key})
            assert refused.status_code == 401
        listed = subprocess.run(fieldwise_command("keys", "list"), env=server.env, capture_output=True, text=True,
                                check=True, timeout=60).stdout
        assert next(row for row in listed.splitlines() if row.startswith(key_id)).split("\t")[4] != "-"
    unknown = subprocess.run(fieldwise_command("keys", "revoke", "fw_nothing"), env=server.env,
                             capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 1 and "no key" in unknown.stderr


def test_behind_a_trusted_tls_proxy_cookies_are_host_prefixed_and_secure(server: LiveServer) -> None:
    with httpx.Client(base_url=server.base_url, headers=HTTPS, timeout=30) as ui:  # loopback: trusted by default
        form = ui.get("/review/")
        login_cookie = next(c for c in form.headers.get_list("set-cookie") if "login_csrf" in c)
        assert login_cookie.startswith("__Host-fieldwise_login_csrf=") and "Secure" in login_cookie
        token = _token(form.text)
        signed = ui.post("/review/login", data={"csrf": token, "api_key": server.key},
                         headers={"cookie": f"__Host-fieldwise_login_csrf={token}"})
        assert signed.status_code == 303, signed.text[:300]
        cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("__Host-fieldwise_review="))
        assert "Secure" in cookie and "Path=/;" in cookie + ";" and "HttpOnly" in cookie and "Domain" not in cookie
        value = cookie.split(";")[0].split("=", 1)[1]
        assert "Sign in" not in ui.get("/review/", headers={"cookie": f"__Host-fieldwise_review={value}"}).text
        # on https a plain cookie (which a neighbour could toss) is not read
        assert "Sign in to review" in ui.get("/review/", headers={"cookie": f"fieldwise_review={value}"}).text


def test_a_tossed_or_cross_site_sign_in_is_refused(server: LiveServer) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as attacker:
        attacker.cookies.set("fieldwise_login_csrf", "tossed-by-a-neighbour", path="/review")
        tossed = attacker.post("/review/login", data={"csrf": "tossed-by-a-neighbour", "api_key": server.key})
        assert tossed.status_code == 403 and "fieldwise_review=" not in tossed.headers.get("set-cookie", "")
    with httpx.Client(base_url=server.base_url, timeout=30) as browser:
        token = _token(browser.get("/review/").text)
        for headers in ({"origin": "https://evil.test"}, {"sec-fetch-site": "cross-site"},
                        {"sec-fetch-site": "same-site"}, {"origin": "null"}):
            refused = browser.post("/review/login", data={"csrf": token, "api_key": server.key}, headers=headers)
            assert refused.status_code == 403, headers
        same = browser.post("/review/login", data={"csrf": token, "api_key": server.key},
                            headers={"origin": server.base_url, "sec-fetch-site": "same-origin"})
        assert same.status_code == 303


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Sessions of a few seconds, no proxy trusted, no metrics token."""
    live = LiveServer(tmp_path_factory.mktemp("strict"), review_session_hours="0.001", trusted_proxies="192.0.2.1")
    live.key = live.create_key("strict")
    live.start()
    yield live
    live.stop()


def test_sessions_expire(strict_server: LiveServer) -> None:
    ui, signed = _sign_in(strict_server, strict_server.key)
    with closing(ui):
        assert "Max-Age=3" in signed.headers["set-cookie"]
        assert not _signed_out(ui)
        time.sleep(4)
        value = ui.cookies.get("fieldwise_review")
    with httpx.Client(base_url=strict_server.base_url, cookies={"fieldwise_review": value}) as replay:
        assert _signed_out(replay)


def test_forwarded_proto_from_an_untrusted_peer_is_ignored(strict_server: LiveServer) -> None:
    with httpx.Client(base_url=strict_server.base_url, headers=HTTPS, timeout=30) as ui:
        cookies = ui.get("/review/").headers.get_list("set-cookie")
        assert cookies and all(not c.startswith("__Host-") and "Secure" not in c for c in cookies)


def test_metrics_are_off_without_a_token(strict_server: LiveServer) -> None:
    response = httpx.get(f"{strict_server.base_url}/metrics")
    assert response.status_code == 403 and "FIELDWISE_METRICS_TOKEN" in response.json()["detail"]
