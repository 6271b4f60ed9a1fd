"""`client.results`: what runs extracted (spec 2.4-2.6; 3, rows 12, 14, 18), and `wait()`.

    >>> run = client.workflows.run(wf.id, file="invoice.pdf")                     # doctest: +SKIP
    >>> results = client.results.wait(run.id, workflow_id=wf.id, timeout=120)      # doctest: +SKIP
    >>> results.fields["total"].value, results.fields["total"].confidence         # doctest: +SKIP
    (1250.0, 97.0)
    >>> client.results.extraction(run.id)["total"].evidence[0].page_number          # doctest: +SKIP
    1
    >>> open("all.csv", "wb").write(client.results.export(wf.id, output_format="csv"))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, Literal

import httpx
from pydantic import TypeAdapter

from fieldwise.client._call import Call, segment
from fieldwise.client.models import FieldResult
from fieldwise.client.models import Results as ResultsModel
from fieldwise.client.resources._resource import Resource, model

_EXTRACTION = TypeAdapter(dict[str, FieldResult])


def _extraction(response: httpx.Response) -> dict[str, FieldResult]:
    return _EXTRACTION.validate_python(response.json())


def _flag(value: bool) -> str:
    return "true" if value else "false"


class Results(Resource):
    def get(self, collection_id: str, *, workflow_id: str) -> ResultsModel:
        """The full results envelope: parse output, classifications, splits and extractions.
        Raises PreconditionFailedError (412) while processing, ExtractionFailedError once failed."""
        path = f"v2/workflows/{segment(workflow_id)}/files/{segment(collection_id)}/results/"
        return self._client._call(Call("GET", path, cast=model(ResultsModel)))

    def extraction(self, collection_id: str, *, as_lists: bool = False) -> dict[str, FieldResult]:
        """The flat `{field: ExtractedField}` map (object fields: lists of rows). 412 while processing."""
        return self._client._call(Call("GET", f"v2/files/{segment(collection_id)}/extraction/",
                                       params={"as_lists": _flag(as_lists)}, cast=_extraction))

    def for_workflow(self, workflow_id: str, *, file_id: str | None = None,
                     as_lists: bool = False) -> dict[str, Any]:
        """Every processed file of a workflow, keyed by file name (spec 2.6)."""
        params = {"file_id": file_id, "as_lists": _flag(as_lists)}
        return self._client._call(Call("GET", f"v2/workflows/{segment(workflow_id)}/results/", params=params))

    def export(self, workflow_id: str, *,
               output_format: Literal["json", "jsonl", "csv", "xlsx"] = "csv") -> bytes:
        """A workflow's results as a file's bytes, in one of the export formats (a fieldwise extension)."""
        return self._client._call(Call("GET", f"v2/workflows/{segment(workflow_id)}/results/",
                                       params={"output_format": output_format}, cast=lambda r: r.content))

    def wait(self, collection_id: str, *, workflow_id: str, timeout: float = 600.0, poll_interval: float = 0.5,
             max_poll_interval: float = 5.0) -> ResultsModel:
        """Poll `get` with growing sleeps until processed. Raises ExtractionFailedError or
        ExtractionCancelledError when the run ends badly, WaitTimeoutError after `timeout` seconds."""
        return self._client._wait(collection_id, workflow_id=workflow_id, timeout=timeout,
                                  poll_interval=poll_interval, max_poll_interval=max_poll_interval)
