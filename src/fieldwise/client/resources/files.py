"""`client.files`: the file collections that runs create (spec 3, rows 16-17).

    >>> page = client.files.list(workflow_id=wf.id)          # doctest: +SKIP
    >>> [(c.id, c.status) for c in page.results]              # doctest: +SKIP
    [('069dcc2c-...', 'processed')]
    >>> client.files.delete(page.results[0].id)               # doctest: +SKIP
"""

from __future__ import annotations

from fieldwise.client._call import Call, no_body, segment
from fieldwise.client.models import FileCollection, Page
from fieldwise.client.resources._resource import Resource, page_of


class Files(Resource):
    def list(self, *, workflow_id: str | None = None, page: int = 1, page_size: int = 20) -> Page[FileCollection]:
        """Collections, newest first; `workflow_id` keeps one workflow's."""
        params = {"workflow_id": workflow_id, "page": page, "page_size": page_size}
        return self._client._call(Call("GET", "v2/files/", params=params, cast=page_of(FileCollection)))

    def delete(self, collection_id: str) -> None:
        """Delete a collection and its results; a run still processing is cancelled."""
        return self._client._call(Call("DELETE", f"v2/files/{segment(collection_id)}/", cast=no_body))
