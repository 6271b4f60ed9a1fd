"""Fieldwise and AsyncFieldwise against a real server on loopback, as a user's program drives them."""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest
from PIL import Image, ImageDraw

from fieldwise.client import (
    AsyncFieldwise,
    AuthenticationError,
    BadRequestError,
    ExtractionFailedError,
    Fieldwise,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    WaitTimeoutError,
)
from tests.support.documents import INVOICE_LINES, invoice_pdf, text_pdf
from tests.support.live_server import LiveServer

FIELDS = [
    {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
    {"name": "total", "description": "Total due", "data_type": "float"},
]


@pytest.fixture()
def client(server: LiveServer, client_key: str):
    with Fieldwise(base_url=server.base_url, api_key=client_key) as client:
        yield client


@pytest.fixture()
def workflow(client: Fieldwise):
    created = client.workflows.create(name="Invoices", fields=FIELDS)
    yield created
    client.workflows.delete(created.id)


def png_invoice() -> bytes:
    image = Image.new("RGB", (900, 260), "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 40), "Invoice number: INV-PNG-7", fill="black", font_size=40)
    draw.text((30, 140), "Total: 99.50", fill="black", font_size=40)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_binary_pdf_from_a_path_is_uploaded_processed_and_waited_for(client, workflow, tmp_path):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(invoice_pdf())
    run = client.workflows.run(workflow.id, file=pdf)
    assert run.status == "queued" and run.workflow_id == workflow.id
    results = run.wait(timeout=120, poll_interval=0.1)
    assert results.collection_id == run.id and results.page_count == 1
    assert results.values() == {"invoice_number": "INV-2024-001", "total": 60.0}
    total = results.fields["total"]
    assert total.evidence and total.evidence[0].page_number == 1 and "60.00" in total.evidence[0].text
    flat = client.results.extraction(run.id)
    assert flat["invoice_number"].value == "INV-2024-001" and flat["total"].verification_status == "not_verified"
    assert isinstance(client.results.extraction(run.id, as_lists=True)["total"], list)
    assert run.id in [c.id for c in client.workflows.list_runs(workflow.id).results]


def test_bytes_and_file_objects_upload_the_same_document(client, workflow, tmp_path):
    lines = [line.replace("INV-2024-001", "INV-BYTES") for line in INVOICE_LINES]
    from_bytes = client.workflows.run(workflow.id, file=text_pdf([lines, ["page two"]]), filename="b.pdf")
    path = tmp_path / "handle.pdf"
    path.write_bytes(text_pdf([[line.replace("INV-2024-001", "INV-HANDLE") for line in INVOICE_LINES]]))
    with path.open("rb") as handle:
        from_handle = client.workflows.run(workflow.id, file=handle)
    first, second = from_bytes.wait(timeout=120), from_handle.wait(timeout=120)
    assert (first.values()["invoice_number"], first.page_count) == ("INV-BYTES", 2)
    assert second.values()["invoice_number"] == "INV-HANDLE"


def test_a_png_from_a_file_object_is_read_by_ocr(client, workflow):
    run = client.workflows.run(workflow.id, file=io.BytesIO(png_invoice()), filename="scan.png")
    results = run.wait(timeout=180)
    assert results.page_count == 1
    assert results.values() == {"invoice_number": "INV-PNG-7", "total": 99.5}


def test_a_failed_run_raises_its_typed_error_from_wait(client, workflow):
    run = client.workflows.run(workflow.id, file=b"%PDF-1.4 not really a pdf", filename="broken.pdf")
    with pytest.raises(ExtractionFailedError) as caught:
        run.wait(timeout=120)
    assert caught.value.status_code == 422 and caught.value.error_code == "EXTRACTION_FAILED"
    with pytest.raises(BadRequestError) as refused:
        client.workflows.run(workflow.id, file=b"\x00\x01\x02 not a document", filename="blob.bin")
    assert refused.value.error_code == "UNSUPPORTED_FILE_TYPE"


def test_wait_gives_up_at_its_timeout_while_the_run_is_processing(client, workflow):
    pages = [[f"Page {n} of a long report"] * 40 for n in range(60)]
    run = client.workflows.run(workflow.id, file=text_pdf(pages), filename="long.pdf")
    with pytest.raises(WaitTimeoutError) as caught:
        run.wait(timeout=0)
    assert caught.value.collection_id == run.id
    with pytest.raises(PreconditionFailedError):
        client.results.get(run.id, workflow_id=workflow.id)
    assert run.wait(timeout=300).page_count == 60


def test_workflows_files_and_webhooks_round_trip(client, workflow):
    assert client.health().message == "ok"
    assert client.workflows.retrieve(workflow.id).fields[1].name == "total"
    assert workflow.id in [w.id for w in client.workflows.list(page_size=100).results]
    upload = client.workflows.upload(workflow.id, text="Invoice number: INV-TEXT\nTotal: 5.00")
    assert upload.status == "uploaded" and upload.file_id
    run = client.workflows.run_file(workflow.id, upload.file_id)
    assert run.wait(timeout=120).values()["invoice_number"] == "INV-TEXT"
    staged = client.workflows.add_files(workflow.id, files=[invoice_pdf(), b"Total: 1.00"])
    assert len(staged.files) == 2
    assert staged.id in [c.id for c in client.workflows.list_files(workflow.id, page_size=100).results]
    client.files.delete(run.id)
    with pytest.raises(NotFoundError):
        client.results.extraction(run.id)
    hook = client.webhooks.create(url="https://example.com/hooks/fieldwise", events=["extraction.failed"])
    assert hook.secret.startswith("whsec_") and hook.events == ["extraction.failed"]
    listed = {h.id: h for h in client.webhooks.list()}
    assert listed[hook.id].secret is None
    client.webhooks.delete(hook.id)
    assert hook.id not in {h.id for h in client.webhooks.list()}


def test_auth_and_unknown_ids_raise_one_class_per_status(server, client):
    with Fieldwise(base_url=server.base_url, api_key="fw_not_a_key") as stranger:
        with pytest.raises(AuthenticationError) as caught:
            stranger.workflows.list()
    assert caught.value.status_code == 401 and caught.value.request_id
    with Fieldwise(base_url=server.base_url, api_key="x", default_headers={"Authorization": ""}) as anonymous:
        with pytest.raises(PermissionDeniedError):
            anonymous.workflows.list()
    with pytest.raises(NotFoundError) as missing:
        client.workflows.retrieve("01a2253e-0000-7000-8000-000000000000")
    assert missing.value.error_code == "NOT_FOUND"


def test_async_client_runs_documents_concurrently(server, client_key, tmp_path):
    async def main():
        async with AsyncFieldwise(base_url=server.base_url, api_key=client_key) as client:
            workflow = await client.workflows.create(name="Async invoices", fields=FIELDS)
            numbers = [f"INV-A{n}" for n in range(4)]
            runs = await asyncio.gather(*(
                client.workflows.run(workflow.id, file=text_pdf([[line.replace("INV-2024-001", number)
                                                                   for line in INVOICE_LINES]]),
                                     filename=f"{number}.pdf")
                for number in numbers))
            results = await asyncio.gather(*(run.wait(timeout=120, poll_interval=0.1) for run in runs))
            with pytest.raises(ExtractionFailedError):
                broken = await client.workflows.run(workflow.id, file=b"%PDF-1.4 broken", filename="x.pdf")
                await broken.wait(timeout=120)
            await client.workflows.delete(workflow.id)
            return numbers, [r.values()["invoice_number"] for r in results]

    numbers, found = asyncio.run(main())
    assert found == numbers


def test_429_is_retried_after_retry_after(tmp_path_factory):
    """The server's real rate limit: 2 general requests a minute. Waits out one window (at most a minute)."""
    live = LiveServer(tmp_path_factory.mktemp("limited"), rate_limit_general="2")
    key = live.create_key("limited")
    live.start()
    statuses: list[int] = []
    try:
        hooks = {"response": [lambda response: statuses.append(response.status_code)]}
        with Fieldwise(base_url=live.base_url, api_key=key, max_retries=0) as impatient:
            impatient.workflows.list()
            impatient.workflows.list()
            with pytest.raises(RateLimitError) as caught:
                impatient.workflows.list()
        assert caught.value.retry_after is not None and 1 <= caught.value.retry_after <= 60
        with Fieldwise(base_url=live.base_url, api_key=key, max_retries=2,
                       http_client=httpx.Client(event_hooks=hooks)) as patient:
            assert patient.workflows.list().count == 0
        assert statuses[0] == 429 and statuses[-1] == 200
    finally:
        live.stop()
