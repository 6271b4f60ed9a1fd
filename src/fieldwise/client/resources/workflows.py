"""`client.workflows`: define workflows and run documents through them (spec 3, rows 2-14).

    >>> from fieldwise.client import Fieldwise
    >>> client = Fieldwise(base_url="http://127.0.0.1:8000", api_key="fw_...")                # doctest: +SKIP
    >>> wf = client.workflows.create(name="Invoices", fields=[                               # doctest: +SKIP
    ...     {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
    ...     {"name": "total", "description": "Total due", "data_type": "float"}])
    >>> run = client.workflows.run(wf.id, file="invoices/0001.pdf")                         # doctest: +SKIP
    >>> run.wait().values()                                                                  # doctest: +SKIP
    {'invoice_number': 'INV-0001', 'total': 1250.0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from fieldwise.client._call import Call, no_body, segment
from fieldwise.client._transport import FileInput, file_part
from fieldwise.client.models import FileCollection, Page, Run, StagedFiles, Upload, Workflow
from fieldwise.client.resources._resource import Resource, model, page_of


def _definition(definition: Mapping[str, Any] | None, **named: Any) -> dict[str, Any]:
    body = dict(definition or {})
    body.update({k: v for k, v in named.items() if v is not None})
    if not body.get("name"):
        raise ValueError("a workflow needs a name")
    return body


def _document(file: FileInput | None, text: str | None, filename: str | None,
              content_type: str | None) -> dict[str, Any]:
    if (file is None) == (text is None):
        raise ValueError("pass exactly one of file= (a path, bytes or a binary file object) and text=")
    if file is None:
        return {"data": {"text": text}}
    return {"files": {"file": file_part(file, filename=filename, content_type=content_type)}}


class Workflows(Resource):
    def create(self, *, name: str | None = None, fields: Sequence[Mapping[str, Any]] | None = None,
               description: str | None = None, nodes: Sequence[Mapping[str, Any]] | None = None,
               edges: Sequence[Mapping[str, Any]] | None = None,
               definition: Mapping[str, Any] | None = None) -> Workflow:
        """Create a workflow from flat `fields`, a typed graph (`nodes`, `edges`), or a whole `definition`
        dict as read from a JSON/YAML file (named arguments override its keys)."""
        body = _definition(definition, name=name, fields=fields, description=description, nodes=nodes,
                           edges=edges)
        return self._client._call(Call("POST", "v2/workflows/", json=body, cast=model(Workflow)))

    def list(self, *, page: int = 1, page_size: int = 20) -> Page[Workflow]:
        params = {"page": page, "page_size": page_size}
        return self._client._call(Call("GET", "v2/workflows/", params=params, cast=page_of(Workflow)))

    def retrieve(self, workflow_id: str) -> Workflow:
        return self._client._call(Call("GET", f"v2/workflows/{segment(workflow_id)}/", cast=model(Workflow)))

    def update(self, workflow_id: str, *, name: str | None = None, description: str | None = None,
               nodes: Sequence[Mapping[str, Any]] | None = None, edges: Sequence[Mapping[str, Any]] | None = None,
               fields: Sequence[Mapping[str, Any]] | None = None,
               definition: Mapping[str, Any] | None = None) -> Workflow:
        """Replace a workflow's definition (PUT); runs submitted afterwards use the new version."""
        body = _definition(definition, name=name, fields=fields, description=description, nodes=nodes,
                           edges=edges)
        return self._client._call(Call("PUT", f"v2/workflows/{segment(workflow_id)}/", json=body,
                                       cast=model(Workflow)))

    def delete(self, workflow_id: str) -> None:
        """Delete a workflow with its collections and results."""
        return self._client._call(Call("DELETE", f"v2/workflows/{segment(workflow_id)}/", cast=no_body))

    def run(self, workflow_id: str, *, file: FileInput | None = None, text: str | None = None,
            filename: str | None = None, content_type: str | None = None) -> Run:
        """Submit one document (a real binary file part) or plain `text`; `.wait()` on the answer for results.
        `filename` and `content_type` default to the path's name and the type guessed from it."""
        call = Call("POST", f"v2/workflows/{segment(workflow_id)}/run/",
                    cast=self._run_cast(workflow_id), **_document(file, text, filename, content_type))
        return self._client._call(call)

    def upload(self, workflow_id: str, *, file: FileInput | None = None, text: str | None = None,
               filename: str | None = None, content_type: str | None = None) -> Upload:
        """Stage one document without processing it; start it later with `run_file(workflow_id, file_id)`."""
        call = Call("POST", f"v2/workflows/{segment(workflow_id)}/upload/", cast=model(Upload),
                    **_document(file, text, filename, content_type))
        return self._client._call(call)

    def run_file(self, workflow_id: str, file_id: str) -> Run:
        """Process a document staged with `upload`."""
        path = f"v2/workflows/{segment(workflow_id)}/files/{segment(file_id)}/run/"
        return self._client._call(Call("POST", path, cast=self._run_cast(workflow_id)))

    def add_files(self, workflow_id: str, *, files: Sequence[FileInput]) -> StagedFiles:
        """Stage several documents as one new collection (not processed)."""
        parts = [("files", file_part(f)) for f in files]
        return self._client._call(Call("POST", f"v2/workflows/{segment(workflow_id)}/files/", files=parts,
                                       cast=model(StagedFiles)))

    def list_files(self, workflow_id: str, *, page: int = 1, page_size: int = 20) -> Page[FileCollection]:
        params = {"page": page, "page_size": page_size}
        return self._client._call(Call("GET", f"v2/workflows/{segment(workflow_id)}/files/", params=params,
                                       cast=page_of(FileCollection)))

    def list_runs(self, workflow_id: str, *, page: int = 1, page_size: int = 20) -> Page[FileCollection]:
        params = {"page": page, "page_size": page_size}
        return self._client._call(Call("GET", f"v2/workflows/{segment(workflow_id)}/runs/", params=params,
                                       cast=page_of(FileCollection)))

    def _run_cast(self, workflow_id: str):  # noqa: ANN202
        def cast(response: httpx.Response) -> Run:
            run = Run.model_validate(response.json())
            run.workflow_id = run.workflow_id or workflow_id
            run._client = self._client
            return run

        return cast
