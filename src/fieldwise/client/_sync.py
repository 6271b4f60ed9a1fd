"""`Fieldwise`: the blocking client."""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from typing import Any

import httpx

from fieldwise.client._base import BaseClient
from fieldwise.client._call import Call
from fieldwise.client._transport import Poller, connection_error
from fieldwise.client.errors import PreconditionFailedError, error_from_response
from fieldwise.client.models import Results


class Fieldwise(BaseClient):
    """A fieldwise server, as Python calls. Thread-safe; reuse one for many calls.

    `base_url` falls back to `FIELDWISE_BASE_URL` (then http://127.0.0.1:8000), `api_key` to
    `FIELDWISE_API_KEY`. Failed calls are retried `max_retries` times on connection errors, 429 and 5xx.

    Example, a folder of PDFs to one CSV:

        import csv, pathlib
        from fieldwise.client import Fieldwise

        with Fieldwise() as client:  # or Fieldwise(base_url="http://127.0.0.1:8000", api_key="fw_...")
            wf = client.workflows.create(name="Invoices", fields=[
                {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
                {"name": "total", "description": "Total due", "data_type": "float"},
            ])
            with open("invoices.csv", "w", newline="") as out:
                writer = csv.DictWriter(out, ["file", "invoice_number", "total"])
                writer.writeheader()
                for pdf in sorted(pathlib.Path("invoices").glob("*.pdf")):
                    results = client.workflows.run(wf.id, file=pdf).wait(timeout=300)
                    writer.writerow({"file": pdf.name, **results.values()})
    """

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None,
                 timeout: float | httpx.Timeout | None = None, max_retries: int = 2,
                 default_headers: Mapping[str, str] | None = None, http_client: httpx.Client | None = None) -> None:
        super().__init__(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=max_retries,
                         default_headers=default_headers)
        self._http = http_client or httpx.Client(timeout=self.timeout)
        self._http.base_url = self.base_url
        self._http.headers.update(self.headers)

    def _call(self, call: Call) -> Any:
        for attempt in itertools.count():
            request = call.build(self._http)
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                delay = self.retry.after_error(attempt)
                if delay is None:
                    raise connection_error(exc, request) from exc
            else:
                if response.is_success:
                    return call.cast(response)
                delay = self.retry.after_response(attempt, response)
                if delay is None:
                    raise error_from_response(response)
            time.sleep(delay)

    def _wait(self, collection_id: str, *, workflow_id: str, timeout: float, poll_interval: float,
              max_poll_interval: float) -> Results:
        poller = Poller(collection_id, timeout, poll_interval, max_poll_interval)
        while True:
            try:
                return self.results.get(collection_id, workflow_id=workflow_id)
            except PreconditionFailedError:
                time.sleep(poller.next_delay())

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Fieldwise:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
