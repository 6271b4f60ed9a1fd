"""The client's own decisions, through httpx's MockTransport: no server needed. What a real server does is
tested in test_client_live.py."""

import asyncio
import io

import httpx
import pytest

from fieldwise.client import (
    APIConnectionError,
    AsyncFieldwise,
    ConfigurationError,
    ExtractionFailedError,
    Fieldwise,
    InternalServerError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
    ServiceUnavailableError,
)
from fieldwise.client._transport import RetryPolicy, file_part
from fieldwise.client.errors import retry_after_seconds


def envelope(status, code, retryable=False):
    return {"error": "summary", "detail": f"detail of {code}", "error_code": code, "retryable": retryable,
            "request_id": "a" * 32}


class Script:
    """Answers requests from a list of responses (or exceptions), in order; records what was asked."""

    def __init__(self, *answers):
        self.answers, self.requests = list(answers), []

    def __call__(self, request):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client_for(script, **kwargs):
    kwargs.setdefault("max_retries", 2)
    http = httpx.Client(transport=httpx.MockTransport(script))
    client = Fieldwise(base_url="http://fieldwise.test/prefix", api_key="fw_test", http_client=http, **kwargs)
    client.retry = RetryPolicy(max_retries=client.max_retries, initial_delay=0.001, max_delay=0.002)
    return client


def test_environment_supplies_base_url_and_key(monkeypatch):
    monkeypatch.setenv("FIELDWISE_BASE_URL", "http://10.0.0.7:9000/api")
    monkeypatch.setenv("FIELDWISE_API_KEY", "fw_env")
    client = Fieldwise()
    assert client.base_url == "http://10.0.0.7:9000/api/"
    assert client.headers["Authorization"] == "Bearer fw_env"


def test_no_key_is_a_configuration_error(monkeypatch):
    monkeypatch.delenv("FIELDWISE_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="FIELDWISE_API_KEY"):
        Fieldwise(base_url="http://127.0.0.1:8000")


def test_requests_keep_the_base_path_and_send_the_bearer_key():
    script = Script(httpx.Response(200, json={"count": 0, "page": 1, "page_size": 5, "results": []}))
    page = client_for(script).workflows.list(page_size=5)
    assert page.count == 0
    request = script.requests[0]
    assert request.url.path == "/prefix/v2/workflows/"
    assert request.url.params["page_size"] == "5"
    assert request.headers["authorization"] == "Bearer fw_test"


def test_5xx_and_connection_errors_are_retried_then_succeed():
    script = Script(httpx.ConnectError("refused"), httpx.Response(503, json=envelope(503, "SERVICE_UNAVAILABLE")),
                    httpx.Response(200, json={"id": "w1", "name": "Invoices", "surprise": 1}))
    workflow = client_for(script).workflows.retrieve("w1")
    assert (workflow.id, workflow.name, workflow.model_extra) == ("w1", "Invoices", {"surprise": 1})
    assert len(script.requests) == 3


def test_retries_are_bounded_and_the_last_error_is_typed():
    script = Script(*[httpx.Response(500, json=envelope(500, "INTERNAL_ERROR"))] * 3)
    with pytest.raises(InternalServerError) as caught:
        client_for(script).workflows.retrieve("w1")
    assert len(script.requests) == 3
    assert caught.value.error_code == "INTERNAL_ERROR" and caught.value.request_id == "a" * 32
    script = Script(*[httpx.ConnectError("refused")] * 2)
    with pytest.raises(APIConnectionError):
        client_for(script, max_retries=1).health()
    assert len(script.requests) == 2


def test_412_and_404_are_answers_not_retried():
    script = Script(httpx.Response(412, json=envelope(412, "PRECONDITION_FAILED", True)),
                    httpx.Response(404, json=envelope(404, "NOT_FOUND")))
    client = client_for(script)
    with pytest.raises(PreconditionFailedError):
        client.results.extraction("c1")
    with pytest.raises(NotFoundError) as caught:
        client.workflows.retrieve("nope")
    assert caught.value.status_code == 404 and len(script.requests) == 2


def test_429_waits_for_retry_after_then_gives_up_with_it():
    limited = httpx.Response(429, headers={"Retry-After": "0"}, json=envelope(429, "RATE_LIMITED", True))
    script = Script(limited, limited, limited)
    with pytest.raises(RateLimitError) as caught:
        client_for(script).webhooks.list()
    assert caught.value.retry_after == 0 and len(script.requests) == 3


def test_retry_after_as_http_date_and_backoff_bounds():
    response = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after_seconds(response) == 0.0
    policy = RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=8.0)
    delays = [policy.backoff(n) for n in range(6)]
    assert all(0.375 * min(16, 2**n) <= d <= 0.5 * min(16, 2**n) for n, d in enumerate(delays))
    assert policy.after_error(5) is None
    assert policy.after_response(0, httpx.Response(429, headers={"Retry-After": "600"})) <= 60.1


def test_wait_polls_past_412_and_returns_results():
    not_ready = httpx.Response(412, json=envelope(412, "PRECONDITION_FAILED", True))
    done = {"collection_id": "c1", "extractions": [{"split_name": None, "partition": None,
                                                     "fields": {"total": {"value": 12.5, "confidence": 90.0}}}]}
    script = Script(httpx.Response(200, json={"id": "c1", "status": "queued", "workflow_id": "w1"}),
                    not_ready, not_ready, httpx.Response(200, json=done))
    client = client_for(script)
    run = client.workflows.run("w1", text="Total: 12.50")
    results = run.wait(timeout=30, poll_interval=0.01)
    assert results.values() == {"total": 12.5}
    assert script.requests[-1].url.path == "/prefix/v2/workflows/w1/files/c1/results/"


def test_wait_raises_the_failure_as_its_own_type():
    script = Script(httpx.Response(422, json=envelope(422, "EXTRACTION_FAILED")))
    with pytest.raises(ExtractionFailedError, match="EXTRACTION_FAILED"):
        client_for(script).results.wait("c1", workflow_id="w1", timeout=5)


def test_uploads_send_a_real_file_part_from_path_bytes_or_file_object(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.7\x00\xff binary")
    assert file_part(pdf) == ("scan.pdf", b"%PDF-1.7\x00\xff binary", "application/pdf")
    assert file_part(str(pdf))[0] == "scan.pdf"
    assert file_part(io.BytesIO(b"\x89PNG"), filename="a.png") == ("a.png", b"\x89PNG", "image/png")
    with open(pdf, "rb") as handle:
        assert file_part(handle)[:2] == ("scan.pdf", pdf.read_bytes())
    with open(pdf, encoding="latin-1") as handle, pytest.raises(TypeError, match="binary"):
        file_part(handle)
    script = Script(httpx.Response(503), httpx.Response(200, json={"id": "c1", "status": "queued"}))
    client_for(script).workflows.run("w1", file=pdf)
    for request in script.requests:  # the retry after the 503 sends the same bytes again
        body = request.read()
        assert body.count(b"%PDF-1.7\x00\xff binary") == 1 and b'filename="scan.pdf"' in body


def test_async_client_retries_and_raises_the_same_way():
    script = Script(httpx.Response(503, json=envelope(503, "SERVICE_UNAVAILABLE", True)),
                    httpx.Response(503, json=envelope(503, "SERVICE_UNAVAILABLE", True)))

    async def main():
        http = httpx.AsyncClient(transport=httpx.MockTransport(script))
        async with AsyncFieldwise(base_url="http://fieldwise.test", api_key="k", max_retries=1,
                                  http_client=http) as client:
            client.retry = RetryPolicy(max_retries=1, initial_delay=0.001)
            await client.workflows.list()

    with pytest.raises(ServiceUnavailableError):
        asyncio.run(main())
    assert len(script.requests) == 2
