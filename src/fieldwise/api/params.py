"""Query parameters shared by several routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # 100 million rows deep: past any real listing, far below a 64-bit offset


@dataclass(frozen=True, slots=True)
class Pagination:
    page: int
    page_size: int


def pagination(page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
               page_size: Annotated[int, Query(ge=1)] = 20) -> Pagination:
    return Pagination(page, min(page_size, MAX_PAGE_SIZE))  # larger sizes are capped, as the API does


PageDep = Annotated[Pagination, Depends(pagination)]
AsLists = Annotated[Literal["true", "false", "True", "False", "1", "0"], Query()]


def truthy(value: str | None) -> bool:
    return (value or "").lower() in ("true", "1")
