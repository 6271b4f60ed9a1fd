"""What every remote command shares: the server options, a client built from them, and errors turned into
messages and exit codes (0 done, 1 the server refused or failed, 2 usage)."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from fieldwise.client import ConfigurationError, Fieldwise, FieldwiseClientError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_CODES = "Exit codes: 0 done; 1 the server refused or failed; 2 usage error."

BaseUrl = Annotated[Optional[str], typer.Option(
    "--base-url", envvar="FIELDWISE_BASE_URL", show_default=False, rich_help_panel="Server",
    help="The fieldwise server (env FIELDWISE_BASE_URL; default http://127.0.0.1:8000).")]
ApiKey = Annotated[Optional[str], typer.Option(
    "--api-key", envvar="FIELDWISE_API_KEY", show_default=False, show_envvar=False, rich_help_panel="Server",
    help="API key from `fieldwise keys create` (env FIELDWISE_API_KEY).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def reflow(doc: str | None) -> str:
    r"""A docstring as --help text: each prose paragraph on one line (the terminal wraps it), indented
    example blocks kept line by line. (typer dedents what follows the summary as one block, so end a help
    with prose, such as the exit codes, to keep the examples indented.)

    >>> reflow("Do it.\n\n    Run it\n    twice.\n\n        $ fieldwise x\n")
    'Do it.\n\nRun it twice.\n\n    $ fieldwise x'
    """
    blocks = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(b if b.startswith(" ") else " ".join(b.split()) for b in blocks)


def command(app: typer.Typer, name: str) -> Callable[[F], F]:
    """`app.command(name)` with the function's docstring reflowed as its help."""

    def register(function: F) -> F:
        app.command(name, help=reflow(function.__doc__).replace("{EXIT_CODES}", EXIT_CODES))(function)
        return function

    return register


def connect(base_url: str | None, api_key: str | None) -> Fieldwise:
    """A client for the server the options name; a usage error (exit 2) if they are not enough."""
    try:
        return Fieldwise(base_url=base_url, api_key=api_key)
    except ConfigurationError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--base-url' / '--api-key'") from exc


@contextmanager
def api_errors() -> Iterator[None]:
    """Print a client error as one line on standard error and exit 1."""
    try:
        yield
    except FieldwiseClientError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc


def print_json(data: Any) -> None:
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json", exclude_none=False)
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
