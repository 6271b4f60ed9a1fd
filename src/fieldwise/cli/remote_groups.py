"""`fieldwise workflows create|list|show|delete` and `fieldwise webhooks add|list|remove|deliveries`."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Sequence
from typing import Annotated, Optional

import typer

from fieldwise.cli.app import App
from rich.console import Console
from rich.table import Table

from fieldwise.cli.remote_common import ApiKey, AsJson, BaseUrl, api_errors, command, connect, err, print_json
from fieldwise.cli.remote_output import DefinitionError, load_definition

workflows_app = App(no_args_is_help=True, help="Create, list, show and delete workflows on a server.")
webhooks_app = App(no_args_is_help=True, help="Subscribe URLs to extraction events, and see deliveries.")


def _table(title: str, columns: list[str], rows: Sequence[Sequence[object]]) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


@command(workflows_app, "create")
def workflows_create(
    file: Annotated[Path, typer.Argument(help="Definition: .json or .yaml, flat fields or a node graph.")],
    name: Annotated[Optional[str], typer.Option(help="Name (default: the file's, else its stem).")] = None,
    as_json: AsJson = False, base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """Create a workflow from a definition file and print its id.

    Example (invoice.yaml):

        name: Invoices
        fields:
          - {name: invoice_number, description: Invoice id, data_type: string}
          - {name: total, description: Total due, data_type: float}

        $ fieldwise workflows create invoice.yaml

    {EXIT_CODES}
    """
    try:
        definition = load_definition(file)
    except DefinitionError as exc:
        raise typer.BadParameter(str(exc), param_hint="FILE") from exc
    with api_errors(), connect(base_url, api_key) as client:
        workflow = client.workflows.create(definition=definition, name=name)
    if as_json:
        print_json(workflow)
    else:
        err.print(f"created workflow [bold]{workflow.name}[/bold] with {len(workflow.fields or [])} fields")
        print(workflow.id)


@command(workflows_app, "list")
def workflows_list(
    page: Annotated[int, typer.Option(min=1)] = 1,
    page_size: Annotated[int, typer.Option(min=1, max=100)] = 50,
    as_json: AsJson = False, base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """List the workflows of your organization, newest first.

    Example:

        $ fieldwise workflows list --page-size 20

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        listing = client.workflows.list(page=page, page_size=page_size)
    if as_json:
        print_json(listing)
        return
    rows = [[w.id, w.name, len(w.fields or []), w.created_at] for w in listing.results]
    _table(f"{listing.count} workflows (page {listing.page})", ["id", "name", "fields", "created"], rows)


@command(workflows_app, "show")
def workflows_show(workflow_id: Annotated[str, typer.Argument(help="Workflow id.")],
                   base_url: BaseUrl = None, api_key: ApiKey = None) -> None:
    """Print a workflow's definition as JSON.

    Example:

        $ fieldwise workflows show 069dcc2c-e14c-7606-8000-2ee4fb17b4e1

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        print_json(client.workflows.retrieve(workflow_id))


@command(workflows_app, "delete")
def workflows_delete(workflow_id: Annotated[str, typer.Argument(help="Workflow id.")],
                     base_url: BaseUrl = None, api_key: ApiKey = None) -> None:
    """Delete a workflow, with all its runs and results.

    Example:

        $ fieldwise workflows delete 069dcc2c-e14c-7606-8000-2ee4fb17b4e1

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        client.workflows.delete(workflow_id)
    err.print(f"deleted workflow {workflow_id}")


@command(webhooks_app, "add")
def webhooks_add(
    url: Annotated[str, typer.Argument(help="https:// URL that receives the events.")],
    event: Annotated[Optional[list[str]], typer.Option(
        "--event", help="extraction.completed or extraction.failed; repeat for both (default: all).")] = None,
    as_json: AsJson = False, base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """Subscribe a URL to extraction events; prints the signing secret, which is shown only this once.

    Example:

        $ fieldwise webhooks add https://example.com/hooks/fieldwise --event extraction.completed

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        hook = client.webhooks.create(url=url, events=event)
    if as_json:
        print_json(hook)
        return
    err.print(f"webhook {hook.id} for {', '.join(hook.events) or 'all events'}; "
              "its secret (keep it for verify_webhook, it is not shown again):")
    print(hook.secret)


@command(webhooks_app, "list")
def webhooks_list(as_json: AsJson = False, base_url: BaseUrl = None, api_key: ApiKey = None) -> None:
    """List webhook subscriptions.

    Example:

        $ fieldwise webhooks list --json

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        hooks = client.webhooks.list()
    if as_json:
        print_json(hooks)
        return
    rows = [[h.id, h.url, ", ".join(h.events), h.is_active, h.created_at] for h in hooks]
    _table(f"{len(hooks)} webhooks", ["id", "url", "events", "active", "created"], rows)


@command(webhooks_app, "remove")
def webhooks_remove(webhook_id: Annotated[str, typer.Argument(help="Webhook id.")],
                    base_url: BaseUrl = None, api_key: ApiKey = None) -> None:
    """Remove a webhook subscription.

    Example:

        $ fieldwise webhooks remove wh_1234567890

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        client.webhooks.delete(webhook_id)
    err.print(f"removed webhook {webhook_id}")


@command(webhooks_app, "deliveries")
def webhooks_deliveries(
    webhook_id: Annotated[str, typer.Argument(help="Webhook id.")],
    replay: Annotated[Optional[str], typer.Option(help="Send this delivery id again.")] = None,
    as_json: AsJson = False, base_url: BaseUrl = None, api_key: ApiKey = None,
) -> None:
    """List a webhook's delivery attempts, or replay one.

    Example:

        $ fieldwise webhooks deliveries wh_1234567890
        $ fieldwise webhooks deliveries wh_1234567890 --replay dlv_42

    {EXIT_CODES}
    """
    with api_errors(), connect(base_url, api_key) as client:
        if replay:
            print_json(client.webhooks.replay(webhook_id, replay))
            return
        deliveries = client.webhooks.deliveries(webhook_id)
    if as_json:
        print_json(deliveries)
        return
    rows = [[d.id, d.event, d.status, d.status_code, d.attempt, d.created_at] for d in deliveries]
    _table(f"{len(deliveries)} deliveries", ["id", "event", "status", "http", "attempt", "created"], rows)


__all__ = ["webhooks_app", "workflows_app"]
