"""`fieldwise serve | keys | migrate`: run and administer a server on this machine."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
        """Start the API server on the embedded default (SQLite, local files, in-process workers)."""
        raise typer.Exit(2)
