"""The typer app class every `fieldwise` command group is made with.

typer 0.29's rich help prints a type beside flags (`--help <bool>`, `--jsonl <bool>`), which its plain help does
not: a flag takes no value, so here it shows none."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def _plain_help(params: list[Any]) -> list[Any]:
    for param in params:  # typer's own (vendored) click parameters
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""  # what typer's rich help shows in the type column
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


class App(typer.Typer):
    """typer.Typer whose commands and groups show flags without a type in --help."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=Group, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
