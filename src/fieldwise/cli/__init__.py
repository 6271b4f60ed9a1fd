"""The `fieldwise` command: one typer app assembled from one module per group of commands."""

from __future__ import annotations

import typer

from fieldwise.cli import extract, remote, server

app = typer.Typer(no_args_is_help=True, add_completion=False, help="fieldwise: offline document data extraction.")
server.register(app)
extract.register(app)
remote.register(app)
