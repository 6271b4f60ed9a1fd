"""`fieldwise extract`: run the engine in-process over files, no server."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command() -> None:
        """Extract fields from files in-process (not yet available)."""
        raise typer.Exit(2)
