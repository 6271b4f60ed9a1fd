"""The `fieldwise` command: one typer app assembled from one module per group of commands."""

from __future__ import annotations

from fieldwise.cli.app import App

from fieldwise.cli import extract, remote, server, worker

app = App(no_args_is_help=True, add_completion=False, help="fieldwise: offline document data extraction.")
server.register(app)
extract.register(app)
remote.register(app)
worker.register(app)
