"""Keys, organizations and who may see what."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tests.support.live_server import LiveServer


def test_missing_or_empty_bearer_is_403(server: LiveServer) -> None:
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"}):
        response = httpx.get(f"{server.base_url}/v2/workflows/", headers=headers)
        assert response.status_code == 403
        assert response.json()["error_code"] == "ACCESS_DENIED"


def test_invalid_key_is_401(server: LiveServer) -> None:
    response = httpx.get(f"{server.base_url}/v2/workflows/", headers={"authorization": "bearer fw_nope"})
    assert response.status_code == 401 and response.json()["error_code"] == "AUTH_FAILED"


def test_health_needs_no_key(server: LiveServer) -> None:
    assert httpx.get(f"{server.base_url}/health/").json() == {"message": "ok"}


def test_another_organizations_records_are_404(api: httpx.Client, other_api: httpx.Client,
                                               workflow: dict[str, Any]) -> None:
    run = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: 7"}).json()
    hook = api.post("/v2/webhooks/", json={"url": "https://example.test/hook"}).json()
    for method, path in [
        ("GET", f"/v2/workflows/{workflow['id']}/"),
        ("DELETE", f"/v2/workflows/{workflow['id']}/"),
        ("POST", f"/v2/workflows/{workflow['id']}/run/"),
        ("GET", f"/v2/files/{run['id']}/extraction/"),
        ("DELETE", f"/v2/files/{run['id']}/"),
        ("GET", f"/v2/workflows/{workflow['id']}/files/{run['id']}/results/"),
        ("DELETE", f"/v2/webhooks/{hook['id']}/"),
    ]:
        response = other_api.request(method, path, data={"text": "x"} if method == "POST" else None)
        assert response.status_code == 404, (method, path, response.text)
    assert workflow["id"] not in {w["id"] for w in other_api.get("/v2/workflows/").json()["results"]}
    assert hook["id"] not in {h["id"] for h in other_api.get("/v2/webhooks/").json()}
    assert api.get(f"/v2/workflows/{workflow['id']}/").status_code == 200


def test_keys_are_stored_hashed(server: LiveServer) -> None:
    if server.mode == "embedded":
        assert server.key.encode() not in (server.data_dir / "fieldwise.db").read_bytes()
        return
    engine = create_engine(server.env["FIELDWISE_DATABASE_URL"])
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text("SELECT * FROM api_keys"))]
    engine.dispose()
    assert rows and server.key not in repr(rows)


def test_webhooks_create_list_delete(api: httpx.Client) -> None:
    created = api.post("/v2/webhooks/", json={"url": "https://example.test/hook",
                                              "events": ["extraction.completed"]})
    assert created.status_code == 201
    hook = created.json()
    assert hook["id"].startswith("wh_") and hook["secret"].startswith("whsec_") and hook["is_active"] is True
    listed = api.get("/v2/webhooks/").json()
    assert isinstance(listed, list)
    assert all("secret" not in h for h in listed) and hook["id"] in {h["id"] for h in listed}
    assert api.delete(f"/v2/webhooks/{hook['id']}/").status_code == 204


def test_webhook_targets_are_guarded(api: httpx.Client) -> None:
    for url in ("http://example.test/hook", "https://127.0.0.1/hook", "https://10.0.0.8/x", "https://[::1]/x",
                "https://169.254.169.254/latest", "ftp://example.test/", "not a url", "https://" + "a" * 2100,
                "https://[64:ff9b::a00:1]/x", "https://[2002:a00:1::1]/x", "https://[::a00:1]/x",
                "https://[::ffff:0:7f00:1]/x", "https://[64:ff9b:1::7f00:1]/x"):
        response = api.post("/v2/webhooks/", json={"url": url})
        assert response.status_code == 400, url
        assert response.json()["error_code"] == "VALIDATION_ERROR"
    unknown_event = api.post("/v2/webhooks/", json={"url": "https://example.test/h", "events": ["nope"]})
    assert unknown_event.status_code == 400
