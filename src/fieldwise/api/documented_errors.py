"""The 4xx answers each operation can give, written into the OpenAPI document as the error envelope.

Most follow from what an operation is: one behind an API key can answer 401 (a bad key), 403 (no key) and 429
(its organization's rate limit); one with a path parameter 400 (a value of the wrong form) and 404 (no such record, or another
organization's);
one with query parameters 400; one that takes a body 400 and 413. What only some operations answer (409, 412,
422) is listed in EXTRA_ERRORS by operation. The error tree (fieldwise.errors) gives each code its meaning.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from fieldwise.api.deps import general_org, submission_org


class ErrorEnvelope(BaseModel):
    """Every failure, in every API version (spec 1.1)."""

    error: str = Field(description="a short summary")
    detail: Any = Field(description="what went wrong: a sentence, or the invalid fields and their messages")
    error_code: str = Field(description="stable code: VALIDATION_ERROR, NOT_FOUND, RATE_LIMITED ...")
    retryable: bool
    request_id: str
    params: dict[str, Any] | None = Field(default=None, description="v3: the error's named values")


MEANINGS = {
    400: "VALIDATION_ERROR naming the field, INVALID_JSON, UNSUPPORTED_FILE_TYPE (v3: also TOPOLOGY_INVALID, "
         "NOT_SUPPORTED)",
    401: "AUTH_FAILED: the API key is unknown or revoked",
    403: "ACCESS_DENIED: no API key (v3 signed links: LINK_INVALID)",
    404: "NOT_FOUND: no such record in this organization",
    409: "a conflict: WORKFLOW_NAME_CONFLICT, FILENAME_CONFLICT, IDEMPOTENCY_KEY_IN_USE, EVAL_IN_PROGRESS or "
         "REFERENCE_NOT_READY",
    412: "PRECONDITION_FAILED: still processing; poll again",
    413: "FILE_TOO_LARGE or REQUEST_TOO_LARGE",
    422: "the run ended without results: EXTRACTION_FAILED (with the reason), EXTRACTION_CANCELLED, or "
         "SPLIT_NOT_RENDERABLE",
    429: "RATE_LIMITED: retry after Retry-After seconds",
}
_V2_RESULTS = (412, 422)
_V3_CONFLICT = (409,)
EXTRA_ERRORS: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", "/v2/files/{collection_id}/extraction/"): _V2_RESULTS,
    ("GET", "/v2/workflows/{workflow_id}/files/{collection_id}/results/"): _V2_RESULTS,
    ("GET", "/v2/operations/parse/{job_id}"): (422,),
    ("POST", "/v3/workflows/"): _V3_CONFLICT,
    ("PATCH", "/v3/workflows/{workflow_id}/"): _V3_CONFLICT,
    ("POST", "/v3/workflows/{workflow_id}/upload/"): _V3_CONFLICT,
    ("POST", "/v3/workflows/{workflow_id}/upload/run/"): _V3_CONFLICT,
    ("POST", "/v3/workflows/{workflow_id}/dataset/upload/"): _V3_CONFLICT,
    ("POST", "/v3/workflows/{workflow_id}/evals/"): _V3_CONFLICT,
    ("POST", "/v3/document-packets/{packet_id}/run/"): _V3_CONFLICT,
    ("GET", "/v3/splits/{split_id}/pdf/"): (422,),
    ("POST", "/v3/workflows/{workflow_id}/dataset/tags/"): _V3_CONFLICT,  # a tag of that name exists
    ("POST", "/v3/workflows/{workflow_id}/knowledge/ask"): _V3_CONFLICT,  # no knowledge node in the workflow
    ("GET", "/v2/files/"): (404,),  # workflow_id names no workflow
    ("POST", "/review/login"): (403,),  # a form not posted from the review page itself
}
_AUTH_DEPENDENCIES = (general_org, submission_org)
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def _uses_key(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if dependency.call in _AUTH_DEPENDENCIES:
            return True
        pending.extend(dependency.dependencies)
    return False


def _has_query(route: APIRoute) -> bool:
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if dependant.query_params:
            return True
        pending.extend(dependant.dependencies)
    return False


def error_codes(route: APIRoute, method: str) -> set[int]:
    """The 4xx codes the operation `method route.path` can answer."""
    codes: set[int] = set()
    if _uses_key(route):
        codes |= {401, 403, 429}
    if route.dependant.path_params:
        codes |= {400, 404}  # a path value of the wrong form, or no such record
    if _has_query(route):
        codes.add(400)
    if method in _BODY_METHODS:
        codes |= {400, 413}
    codes.update(EXTRA_ERRORS.get((method, route.path), ()))
    return codes


def install(app: FastAPI) -> None:
    """Serve an OpenAPI document in which every operation lists the 4xx answers it can give, each as the error
    envelope with the code's meaning. FastAPI's own "422 Validation Error" is dropped where it is not sent:
    fieldwise answers an invalid request with 400 VALIDATION_ERROR in the envelope."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["ErrorEnvelope"] = ErrorEnvelope.model_json_schema(ref_template=_REF)
            for context in iter_route_contexts(app.routes):  # the routes of every included router
                route = context.original_route
                if isinstance(route, APIRoute) and route.include_in_schema:
                    for method in route.methods or ():
                        _describe(schema["paths"][route.path_format][method.lower()], error_codes(route, method))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the document


_REF = "#/components/schemas/{model}"
_ENVELOPE = {"application/json": {"schema": {"$ref": _REF.format(model="ErrorEnvelope")}}}


def _describe(operation: dict[str, Any], codes: set[int]) -> None:
    responses = operation.setdefault("responses", {})
    if 422 not in codes:
        responses.pop("422", None)
    codes = codes | {int(code) for code in responses if code.startswith("4")}  # and what a route declares itself
    for code in sorted(codes):
        own = responses.get(str(code), {})
        said = own.get("description")  # a route's own words; FastAPI's generic "Validation Error" is replaced
        meaning = said if said and said != "Validation Error" else MEANINGS.get(code, "an error")
        responses[str(code)] = {**own, "description": meaning,
                                "content": _ENVELOPE}
