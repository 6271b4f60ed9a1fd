"""`AsyncFieldwise`: the asyncio client; every resource method returns an awaitable."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from typing import Any

import httpx

from fieldwise.client._base import BaseClient
from fieldwise.client._call import Call
from fieldwise.client._transport import Poller, connection_error
from fieldwise.client.errors import PreconditionFailedError, error_from_response
from fieldwise.client.models import Results


class AsyncFieldwise(BaseClient):
    """The same API as `Fieldwise`, awaited. Use one per event loop, as an async context manager.

    Example, ten documents at a time:

        import asyncio, pathlib
        from fieldwise.client import AsyncFieldwise, FieldwiseClientError

        async def main() -> None:
            async with AsyncFieldwise() as client:  # or AsyncFieldwise(base_url=..., api_key=...)
                wf = await client.workflows.create(name="Invoices", fields=[
                    {"name": "total", "description": "Total due", "data_type": "float"}])
                limit = asyncio.Semaphore(10)

                async def one(pdf: pathlib.Path) -> None:
                    async with limit:
                        try:
                            run = await client.workflows.run(wf.id, file=pdf)
                            print(pdf.name, (await run.wait()).values())
                        except FieldwiseClientError as exc:
                            print(pdf.name, "failed:", exc)

                await asyncio.gather(*(one(p) for p in sorted(pathlib.Path("invoices").glob("*.pdf"))))

        asyncio.run(main())
    """

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None,
                 timeout: float | httpx.Timeout | None = None, max_retries: int = 2,
                 default_headers: Mapping[str, str] | None = None,
                 http_client: httpx.AsyncClient | None = None) -> None:
        super().__init__(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=max_retries,
                         default_headers=default_headers)
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout)
        self._http.base_url = self.base_url
        self._http.headers.update(self.headers)

    async def _call(self, call: Call) -> Any:
        for attempt in itertools.count():
            request = call.build(self._http)
            try:
                response = await self._http.send(request)
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
            await asyncio.sleep(delay)

    async def _wait(self, collection_id: str, *, workflow_id: str, timeout: float, poll_interval: float,
                    max_poll_interval: float) -> Results:
        poller = Poller(collection_id, timeout, poll_interval, max_poll_interval)
        while True:
            try:
                return await self.results.get(collection_id, workflow_id=workflow_id)
            except PreconditionFailedError:
                await asyncio.sleep(poller.next_delay())

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncFieldwise:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
