"""fieldwise's Python client: sync and async, for a fieldwise server (or anything speaking the anyformat v2 API).

It needs httpx and pydantic only; importing it loads no server, PDF or OCR code.

A complete example: start a server (`fieldwise serve`), make a key (`fieldwise keys create --org acme`), set
FIELDWISE_BASE_URL and FIELDWISE_API_KEY (or pass them), then

    from fieldwise.client import ExtractionFailedError, Fieldwise

    client = Fieldwise()  # or Fieldwise(base_url="http://127.0.0.1:8000", api_key="fw_...")
    workflow = client.workflows.create(name="Invoices", fields=[
        {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
        {"name": "total", "description": "Total due", "data_type": "float"},
    ])
    run = client.workflows.run(workflow.id, file="invoice.pdf")   # a path, bytes, or a binary file object
    try:
        results = run.wait(timeout=300)                           # polls with backoff until processed
    except ExtractionFailedError as exc:
        print("failed:", exc.detail)
    else:
        print(results.values())                                   # {'invoice_number': 'INV-001', 'total': 1250.0}
        print(results.fields["total"].confidence, results.fields["total"].evidence)
    client.close()

Namespaces: `client.workflows` (create, list, retrieve, update, delete, run, upload, run_file, add_files,
list_files, list_runs), `client.files` (list, delete), `client.results` (get, extraction, for_workflow, export,
wait), `client.review` (update_field, audit), `client.webhooks` (create, list, delete, deliveries, replay),
`client.health()`. `AsyncFieldwise` has the same methods, awaited. Errors: see `fieldwise.client.errors`.
Webhook receivers: `verify_webhook(payload, headers, secret)`.
"""

from fieldwise.client._async import AsyncFieldwise
from fieldwise.client._sync import Fieldwise
from fieldwise.client._transport import FileInput, RetryPolicy
from fieldwise.client.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadGatewayError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ExtractionCancelledError,
    ExtractionFailedError,
    FieldwiseClientError,
    GatewayTimeoutError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    WaitTimeoutError,
    WebhookVerificationError,
)
from fieldwise.client.models import (
    AuditEntry,
    Evidence,
    ExtractedField,
    Extraction,
    FileCollection,
    Health,
    Page,
    Results,
    Run,
    StagedFiles,
    Upload,
    Webhook,
    WebhookDelivery,
    Workflow,
    WorkflowField,
)
from fieldwise.client.webhook_signature import verify_webhook

__all__ = [
    "APIConnectionError", "APIStatusError", "APITimeoutError", "AsyncFieldwise", "AuditEntry", "AuthenticationError",
    "BadGatewayError", "BadRequestError", "ConfigurationError", "ConflictError", "Evidence", "ExtractedField",
    "Extraction", "ExtractionCancelledError", "ExtractionFailedError", "FieldwiseClientError", "Fieldwise",
    "FileCollection", "FileInput", "GatewayTimeoutError", "Health", "InternalServerError", "NotFoundError", "Page",
    "PayloadTooLargeError", "PermissionDeniedError", "PreconditionFailedError", "RateLimitError", "Results",
    "RetryPolicy", "Run", "ServerError", "ServiceUnavailableError", "StagedFiles", "UnprocessableEntityError",
    "Upload", "WaitTimeoutError", "Webhook", "WebhookDelivery", "WebhookVerificationError", "Workflow",
    "WorkflowField", "verify_webhook",
]
