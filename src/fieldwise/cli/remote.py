"""`fieldwise submit | results | workflows | webhooks`: use a fieldwise server from the command line. These
commands talk to the server only through `fieldwise.client`, so they work against any machine's server.

Every command takes `--base-url` (or FIELDWISE_BASE_URL; default http://127.0.0.1:8000) and `--api-key` (or
FIELDWISE_API_KEY). Exit codes: 0 all done, 1 some file failed (or the server refused), 2 usage error,
130 interrupted by Ctrl-C.

A complete example, from nothing to a CSV:

    $ fieldwise serve &                                  # in another terminal, or as a service
    $ export FIELDWISE_API_KEY=$(fieldwise keys create --org acme | tail -n 1)
    $ fieldwise submit invoices/ --schema invoice.yaml --out invoices.csv
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fieldwise.cli.remote_common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ApiKey,
    BaseUrl,
    api_errors,
    command,
    connect,
    err,
    print_json,
)
from fieldwise.cli.remote_groups import webhooks_app, workflows_app
from fieldwise.cli.remote_output import (
    OUT_FORMATS,
    DefinitionError,
    cell,
    load_definition,
    out_format,
    write_jsonl_line,
    write_results,
)
from fieldwise.cli.remote_progress import reporter_for
from fieldwise.cli.remote_submit import Batch, run_batch, walk
from fieldwise.client import (
    AsyncFieldwise,
    BadRequestError,
    ConfigurationError,
    ExtractedField,
    FieldwiseClientError,
    NotFoundError,
    PreconditionFailedError,
)
from fieldwise.client.models import plain_values
from fieldwise.display import number_text

SUBMIT_RETRIES = 8


def register(app: typer.Typer) -> None:
    command(app, "submit")(submit)
    command(app, "results")(results)
    app.add_typer(workflows_app, name="workflows")
    app.add_typer(webhooks_app, name="webhooks")


def submit(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders; folders are walked.", show_default=False)],
    workflow: Annotated[Optional[str], typer.Option("--workflow", "-w", help="Id of the workflow to run.")] = None,
    schema: Annotated[Optional[Path], typer.Option(
        "--schema", "-s", help="A workflow definition (.json or .yaml) to create, then run.")] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=64,
                                             help="Files in flight at once.")] = 4,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write results to .jsonl, .csv or .xlsx (default: JSON lines on stdout).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each file.", min=1)] = 600,
    base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """Run files through a workflow on a server, N at a time, and collect their results.

    On a terminal a live bar shows files done, failed, pages per second and the ETA; otherwise one line per
    file goes to stderr. A file that fails is reported and the rest go on. Ctrl-C stops at once, writes what
    finished and says which runs were still processing.

    Examples:

        $ fieldwise submit invoices/ --workflow 069dcc2c-e14c-7606-8000-2ee4fb17b4e1 --out invoices.csv

        $ fieldwise submit scans/*.png contract.pdf --schema invoice.yaml --concurrency 8 --out out.xlsx

    Exit codes: 0 all processed; 1 some failed (or the server could not be reached); 2 usage error, nothing
    submitted; 130 interrupted.
    """
    if (workflow is None) == (schema is None):
        raise typer.BadParameter("pass exactly one of them", param_hint="'--workflow' / '--schema'")
    if out is not None and out_format(out) is None:
        raise typer.BadParameter(f"use a name ending in {', '.join(OUT_FORMATS)}", param_hint="--out")
    if out is not None and not out.resolve().parent.is_dir():  # found now, not after an hour of processing
        raise typer.BadParameter(f"no folder {out.parent} to write {out.name} in", param_hint="--out")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    files = walk(paths)
    if not files:
        raise typer.BadParameter("no files found in the folders given", param_hint="PATHS")
    try:
        definition = load_definition(schema) if schema is not None else None
        client = AsyncFieldwise(base_url=base_url, api_key=api_key)
    except DefinitionError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--schema'") from exc
    except ConfigurationError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--base-url' / '--api-key'") from exc
    code = asyncio.run(_submit(client, files, workflow_id=workflow, definition=definition, concurrency=concurrency,
                               out=out, timeout=timeout))
    raise typer.Exit(code)


async def _submit(client: AsyncFieldwise, files: list[Path], *, workflow_id: str | None,
                  definition: dict[str, Any] | None, concurrency: int, out: Path | None, timeout: float) -> int:
    async with client:
        try:
            if definition is not None:
                found = await client.workflows.create(definition=definition)
                err.print(f"created workflow {escape(found.name or '')} {found.id} (reuse it: --workflow {found.id})")
            else:
                found = await client.workflows.retrieve(workflow_id or "")
        except (NotFoundError, BadRequestError) as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            return EXIT_USAGE
        except FieldwiseClientError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            return EXIT_FAILED
        except asyncio.CancelledError:
            err.print("interrupted before any file was submitted")
            return EXIT_INTERRUPTED
        # The server answered, so from here on wait out rate limits (Retry-After) rather than fail files.
        client.retry = dataclasses.replace(client.retry, max_retries=SUBMIT_RETRIES)
        batch = Batch(files)
        reporter = reporter_for(len(files))

        def on_done(outcome: Any) -> None:
            reporter.finished(outcome)
            if out is None:
                write_jsonl_line(outcome)

        try:
            with reporter:
                await run_batch(client, batch, workflow_id=found.id, concurrency=concurrency, timeout=timeout,
                                on_done=on_done)
        finally:
            if out is not None:
                write_results(out, batch.ordered, [f.name for f in found.fields or []])
    tally = reporter.tally
    reporter.say(tally.summary() + (f"; results in {out}" if out is not None and batch.outcomes else ""))
    if batch.interrupted:
        reporter.say(f"interrupted: {tally.done} of {tally.total} files finished ({tally.processed} processed, "
                     f"{tally.failed} failed); {len(batch.unfinished)} not finished")
        for path, collection_id in batch.in_flight.items():
            reporter.say(f"  still processing on the server: {path} (fieldwise results {collection_id})")
        return EXIT_INTERRUPTED
    return EXIT_OK if tally.failed == 0 else EXIT_FAILED


def results(
    collection: Annotated[str, typer.Argument(help="Collection id (the id a run answered).")],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="json, csv or table (default: table on a terminal, json otherwise).")] = None,
    workflow: Annotated[Optional[str], typer.Option(
        "--workflow", "-w", help="The run's workflow: prints the full results envelope (parse, splits...).")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait until processed (needs --workflow).")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to --wait.", min=1)] = 600,
    base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """Print the results of one collection.

    Examples:

        $ fieldwise results 069dcc2c-e14c-7606-8000-2ee4fb17b4e1

        $ fieldwise results 069dcc2c-e14c-7606-8000-2ee4fb17b4e1 --workflow 069dcc2b-... --wait --format json

    Exit codes: 0 printed; 1 not ready yet, failed, or unknown; 2 usage error.
    """
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt not in ("json", "csv", "table"):
        raise typer.BadParameter("use json, csv or table", param_hint="--format")
    if wait and not workflow:
        raise typer.BadParameter("--wait needs the run's workflow id", param_hint="'--workflow'")
    with api_errors(), connect(base_url, api_key) as client:
        whole: Any
        try:
            if workflow:
                envelope = (client.results.wait(collection, workflow_id=workflow, timeout=timeout) if wait
                            else client.results.get(collection, workflow_id=workflow))
                fields, whole = envelope.fields, envelope
            else:
                fields = client.results.extraction(collection)
                whole = {k: v.model_dump(mode="json") if isinstance(v, ExtractedField) else v
                         for k, v in fields.items()}
        except PreconditionFailedError as exc:
            err.print(f"not ready yet: {escape(str(exc.detail or exc))} (add --workflow ID --wait to wait)")
            raise typer.Exit(EXIT_FAILED) from exc
    if fmt == "json":
        print_json(whole)
    elif fmt == "csv":
        values = plain_values(fields)
        writer = csv.writer(sys.stdout)
        writer.writerow([column for name in values for column in (name, f"{name}.confidence")])
        writer.writerow([text for name, value in values.items()
                         for text in (_shown(fields[name], value), _confidence(fields[name]))])
    else:
        _field_table(fields)


def _field_table(fields: dict[str, Any]) -> None:
    table = Table("field", "value", "confidence", "page", title_justify="left")
    for name, entry in fields.items():
        if isinstance(entry, ExtractedField):
            page = entry.evidence[0].page_number if entry.evidence else None
            table.add_row(name, escape(_shown(entry, entry.final)), _text(entry.confidence), _text(page))
        else:
            table.add_row(name, _text(plain_values({name: entry})[name]), "", "")
    Console().print(table)


def _shown(entry: Any, value: Any) -> str:
    """A field's value as a cell: a number as the document printed it, rows and lists as JSON."""
    if value is None:
        return ""
    if isinstance(entry, ExtractedField) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, [{"text": e.text} for e in entry.evidence])
    return str(cell(value))


def _confidence(entry: Any) -> Any:
    if isinstance(entry, ExtractedField):
        return "" if entry.confidence is None else round(entry.confidence)
    cells = [round(c.confidence) for row in entry for c in row.values() if c.confidence is not None]
    return min(cells, default="")  # a table's least sure cell


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))

