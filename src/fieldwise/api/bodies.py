"""JSON request bodies: read under a size limit while they stream in, then parsed under the limits json.loads
does not keep by itself (nesting, lone surrogates, NaN), so a malformed body is always a 400 and never a 500."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request

from fieldwise.errors import BodyTooLarge, InvalidJSON


def _too_large(limit: int) -> BodyTooLarge:
    return BodyTooLarge(f"the JSON body is larger than the {limit:,} byte limit (FIELDWISE_MAX_JSON_MB)")


async def read_limited(request: Request, limit: int) -> bytes:
    """The whole body, or BodyTooLarge as soon as it passes `limit` bytes (declared or received)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidJSON(f"the JSON body holds a lone surrogate (\\u{ord(value[exc.start]):04x}), which is not "
                          "text; send UTF-8") from exc
    if "\x00" in value:  # valid JSON, but no database text column (PostgreSQL's least of all) can hold it
        raise InvalidJSON("the JSON body holds a NUL character (\\u0000) in a string; it is not accepted")


def check_json(value: Any, max_depth: int) -> None:
    """InvalidJSON unless `value` nests at most `max_depth` deep and holds only UTF-8 text and finite numbers.
    Iterative, so it cannot run out of stack on what it checks."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > max_depth:
                raise InvalidJSON(f"the JSON body nests deeper than {max_depth} levels (FIELDWISE_MAX_JSON_DEPTH)")
            if isinstance(item, dict):
                for key, child in item.items():
                    _text(key)
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            _text(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidJSON("NaN and Infinity are not JSON numbers")


def parse_json(raw: bytes, max_depth: int) -> Any:
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise InvalidJSON(f"the JSON body nests deeper than {max_depth} levels (FIELDWISE_MAX_JSON_DEPTH)") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, and an integer of more than 4,300 digits
        raise InvalidJSON(f"the request body is not valid JSON: {exc}") from exc
    check_json(value, max_depth)
    return value


async def json_body(request: Request) -> Any:
    """The request's JSON body under the app's limits (FIELDWISE_MAX_JSON_MB, FIELDWISE_MAX_JSON_DEPTH)."""
    settings = request.app.state.services.settings
    return parse_json(await read_limited(request, settings.max_json_bytes), settings.max_json_depth)
