"""`Call`: the description of one request that a resource method builds and a client sends."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx


def json_body(response: httpx.Response) -> Any:
    return response.json() if response.content else None


def no_body(response: httpx.Response) -> None:
    return None


def segment(value: str) -> str:
    """A path segment, quoted so that an id can never step outside its route.

    >>> segment("../admin")
    '..%2Fadmin'
    """
    return quote(str(value), safe="")


@dataclass(frozen=True, slots=True)
class Call:
    """One API request: where it goes (relative to the base URL), what it carries and how its answer
    becomes a value. None-valued query parameters are left out."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    cast: Callable[[httpx.Response], Any] = json_body

    def build(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        params = {k: v for k, v in (self.params or {}).items() if v is not None}
        return http.build_request(self.method, self.path, params=params or None, json=self.json,
                                  data=self.data, files=self.files)
