"""The base of every namespace, and the casts that turn answers into models."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from pydantic import BaseModel

from fieldwise.client.models import Page

if TYPE_CHECKING:
    from fieldwise.client._base import BaseClient

M = TypeVar("M", bound=BaseModel)


class Resource:
    """One namespace of endpoints. With `AsyncFieldwise`, every method returns an awaitable of what the
    sync method returns."""

    def __init__(self, client: BaseClient) -> None:
        self._client = client


def model(cls: type[M]) -> Callable[[httpx.Response], M]:
    return lambda response: cls.model_validate(response.json())


def page_of(cls: type[M]) -> Callable[[httpx.Response], Page[M]]:
    return lambda response: Page[cls].model_validate(response.json())  # type: ignore[valid-type]


def list_of(cls: type[M]) -> Callable[[httpx.Response], list[M]]:
    """A list that some servers send bare and others inside a page envelope: both become a plain list."""

    def cast(response: httpx.Response) -> list[M]:
        body: Any = response.json()
        items = body.get("results", []) if isinstance(body, dict) else body
        return [cls.model_validate(item) for item in items]

    return cast
