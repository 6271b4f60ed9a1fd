"""`fieldwise extract`: run the engine in-process over files, no server, on every core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer


def _cell(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    value = entry.get("value")
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    evidence = entry.get("evidence") or []
    pages = ",".join(str(e.get("page_number")) for e in evidence[:3])
    return text, str(entry.get("confidence", "")), entry.get("value_unit") or "", pages


def _print_table(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if result.status != "processed":
        console.print(f"[bold red]{result.file}[/]: {result.error}")
        return
    table = Table(title=result.file, title_justify="left")
    for column in ("field", "value", "confidence", "unit", "pages"):
        table.add_column(column)
    for name, entry in result.fields.items():
        if isinstance(entry, list):  # object rows
            for number, row in enumerate(entry):
                for child, cell in row.items():
                    table.add_row(f"{name}[{number}].{child}", *_cell(cell))
            if not entry:
                table.add_row(name, "[]", "", "", "")
        else:
            table.add_row(name, *_cell(entry))
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        files: list[Path] = typer.Argument(..., help="Documents to extract from."),
        schema: Path = typer.Option(..., "--schema", help='Schema JSON: {"name", "fields": [...]}.'),
        jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per file instead of tables."),
        workers: Optional[int] = typer.Option(None, "--workers", help="Processes (default: every core)."),
    ) -> None:
        """Extract the schema's fields from files in-process (no server)."""
        from fieldwise.extraction.schema import fields_from_schema
        from fieldwise.jobs.batch import run_batch

        try:
            fields = fields_from_schema(json.loads(schema.read_text()))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            typer.echo(f"cannot read schema {schema}: {exc}", err=True)
            raise typer.Exit(2)
        failed = 0
        for result in run_batch([str(f) for f in files], fields, workers):
            failed += result.status != "processed"
            if jsonl:
                typer.echo(json.dumps(result.to_line(), ensure_ascii=False))
            else:
                _print_table(result)
        raise typer.Exit(1 if failed and failed == len(files) else 0)
