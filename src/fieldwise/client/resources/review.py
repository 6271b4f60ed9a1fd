"""`client.review`: correct and verify extracted values, and read who changed what (fieldwise extensions).

    >>> client.review.update_field(run.id, "total", value=1300.0, verified=True)   # doctest: +SKIP
    >>> [entry.model_dump() for entry in client.review.audit(run.id)]               # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from fieldwise.client._call import Call, segment
from fieldwise.client.models import AuditEntry, Model
from fieldwise.client.resources._resource import Resource, list_of, model

_UNSET: Any = object()


class Review(Resource):
    def update_field(self, collection_id: str, path: str, *, value: Any = _UNSET,
                     verified: bool | None = None) -> Model:
        """Set a reviewed value (the API's `value_override`) and/or mark a field verified. `path` names the
        field: `total`, or `line_items.0.amount` inside an object field's rows."""
        body: dict[str, Any] = {}
        if value is not _UNSET:
            body["value"] = value
        if verified is not None:
            body["verification_status"] = "verified" if verified else "not_verified"
        if not body:
            raise ValueError("pass value=..., verified=..., or both")
        route = f"v2/files/{segment(collection_id)}/fields/{segment(path)}/"
        return self._client._call(Call("PATCH", route, json=body, cast=model(Model)))

    def audit(self, collection_id: str) -> list[AuditEntry]:
        """Every review change of a collection, oldest first."""
        return self._client._call(Call("GET", f"v2/files/{segment(collection_id)}/audit/",
                                       cast=list_of(AuditEntry)))
