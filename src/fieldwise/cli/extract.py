"""`fieldwise extract`: run the engine in-process over files, no server, on every core."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from fieldwise.display import number_text


def _cell(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    value = entry.get("value")
    evidence = entry.get("evidence") or []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = number_text(value, evidence)  # as the document printed it: "71.00", "38"
    else:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    pages = ",".join(str(e.get("page_number")) for e in evidence[:3])
    return text, str(entry.get("confidence", "")), entry.get("value_unit") or "", pages


PIPED_WIDTH = 1000  # columns of a table written to a pipe or file: as wide as it needs, never cut to 80


def _console() -> Any:
    """A console for tables: the terminal's width, or PIPED_WIDTH when the output is piped."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH)


def _print_table(result: Any) -> None:
    from rich.table import Table

    console = _console()
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


def _explain_files(files: list[Path], fields: list, top: int, as_json: bool) -> int:
    """Each file read in this process and every field's top candidates printed; 1 when a file cannot be read."""
    from dataclasses import asdict

    from rich.table import Table

    from fieldwise import documents
    from fieldwise.errors import FieldwiseError
    from fieldwise.extraction.explain import explain

    console = _console()
    status = 0
    for path in files:
        try:
            data = path.read_bytes()
            document = documents.read(data, documents.detect_media_type(data, path.name), filename=path.name)
        except (FieldwiseError, OSError) as exc:
            console.print(f"[bold red]{path}[/]: {exc}")
            status = 1
            continue
        reasons = explain(document, fields, top)
        if as_json:
            typer.echo(json.dumps({"file": str(path), "fields": [asdict(r) for r in reasons]}, ensure_ascii=False,
                                  default=str))
            continue
        for field in reasons:
            numbers = {",": "decimal comma", ".": "decimal point"}.get(field.decimal or "", "decimals not settled")
            table = Table(title=f"{path.name}: {field.field}  (reads as {', '.join(field.concepts) or '-'}; "
                                f"{numbers})", title_justify="left")
            for column in ("#", "value", "conf", "score", "strategy", "label", "match", "agree", "evidence", "page"):
                table.add_column(column)
            for rank, r in enumerate(field.candidates, 1):
                table.add_row(str(rank), json.dumps(r.value, ensure_ascii=False), f"{r.confidence:.0f}",
                              f"{r.score:.2f}", r.strategy,
                              r.label or "", f"{r.label_match:.2f}" if r.label_match is not None else "",
                              str(r.support), r.evidence[:60], str(r.page))
            if not field.candidates:
                table.add_row("", "(nothing found)", "", "", "", "", "", "", "", "")
            console.print(table)
    return status


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        files: list[Path] = typer.Argument(..., help="Documents to extract from."),
        schema: Path = typer.Option(..., "--schema", help='Schema, .json or .yaml: {name, fields: [...]} or the list of fields.'),
        jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per file instead of tables."),
        workers: Optional[int] = typer.Option(None, "--workers", help="Processes (default: every core)."),
        explain: bool = typer.Option(False, "--explain",
                                     help="Show each field's top candidates: the label, strategy and score that "
                                          "decided, so you can write a better description."),
        top: int = typer.Option(3, "--top", min=1, max=20, help="Candidates per field with --explain."),
    ) -> None:
        """Extract the schema's fields from files in-process (no server)."""
        from fieldwise.cli.remote_output import load_definition
        from fieldwise.extraction.schema import fields_from_schema
        from fieldwise.jobs.batch import run_batch

        try:
            definition = load_definition(schema)  # .json or .yaml, as `fieldwise submit` reads it
            if "fields" not in definition:
                raise ValueError("extract runs a flat {name, fields} schema; run a node graph with `fieldwise submit`")
            fields = fields_from_schema(definition)
        except (ValueError, KeyError, TypeError) as exc:
            typer.echo(f"cannot read schema {schema}: {exc}", err=True)
            raise typer.Exit(2) from exc
        if explain:
            raise typer.Exit(_explain_files(files, fields, top, jsonl))
        failed = 0
        for result in run_batch([str(f) for f in files], fields, workers):
            failed += result.status != "processed"
            if jsonl:
                typer.echo(json.dumps(result.to_line(), ensure_ascii=False))
            else:
                _print_table(result)
        raise typer.Exit(1 if failed and failed == len(files) else 0)
