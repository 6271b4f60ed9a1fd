"""`fieldwise serve | keys | migrate`: run and administer a server on this machine."""

from __future__ import annotations

import socket
from typing import Any

import typer

from fieldwise.cli.app import App
from rich.console import Console

from fieldwise.settings import Settings

keys_app = App(no_args_is_help=True, help="API keys (each belongs to one organization).")


def _database(settings: Settings):  # noqa: ANN202
    from fieldwise.store.db import Database

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.resolved_database_url)
    db.migrate()
    return db


@keys_app.command("create")
def create_key(org: str = typer.Option(..., "--org", help="organization name (created if new)")) -> None:
    """Create an API key for an organization; the key is the last line printed.

    Example: fieldwise keys create --org acme
    """
    from fieldwise.store import accounts

    settings = Settings()
    db = _database(settings)
    with db.session() as session:
        organization, key = accounts.create_key(session, org)
        org_id = organization.id
    typer.echo(f"organization {org} ({org_id}); keep this key, it is not shown again:", err=False)
    typer.echo(key)


@keys_app.command("list")
def list_keys() -> None:
    """List every key: its id, printed prefix, organization, when it was made and whether it is revoked.

    Example: fieldwise keys list
    """
    from fieldwise.store import accounts

    with _database(Settings()).session() as session:
        rows = accounts.list_keys(session)
        typer.echo("id\tprefix\torganization\tcreated_at\trevoked_at")
        for key, org_name in rows:
            revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
            typer.echo(f"{key.id}\t{key.prefix}\t{org_name}\t{key.created_at.isoformat(timespec='seconds')}\t"
                       f"{revoked}")


@keys_app.command("revoke")
def revoke_key(key: str = typer.Argument(..., help="the key's id or its prefix, as `fieldwise keys list` shows")
               ) -> None:
    """Revoke a key: it answers 401 everywhere (within the servers' few-second key cache) and its review
    sessions end now.

    Example: fieldwise keys revoke fw_AbC1234
    """
    from fieldwise.store import accounts

    try:
        with _database(Settings()).session() as session:
            revoked = accounts.revoke_key(session, key)
            key_id = revoked.id if revoked else None
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if key_id is None:
        typer.echo(f"no key with id or prefix {key!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked key {key_id}")


slack_app = App(no_args_is_help=True, help="Slack incoming webhooks for v3 slack_alert nodes.")


@slack_app.command("add")
def add_slack_channel(
    org: str = typer.Option(..., "--org", help="organization name"),
    channel: str = typer.Option(..., "--channel", help="the channel_id slack_alert nodes name, e.g. C0123ABC"),
    url: str = typer.Option(..., "--url", help="the channel's incoming-webhook URL (https://hooks.slack.com/...)"),
) -> None:
    """Let the organization's slack_alert nodes post to a channel, through the webhook outbox.

    Example: fieldwise slack add --org acme --channel C0123ABC --url https://hooks.slack.com/services/...
    """
    from sqlalchemy import select

    from fieldwise.store import slack
    from fieldwise.store.tables import Organization
    from fieldwise.webhooks.targets import check_url

    settings = Settings()
    try:
        checked = check_url(url, allow_private=settings.webhook_allow_private)
    except Exception as exc:  # the guard's reason, as a usage error
        typer.echo(f"refused: {getattr(exc, 'detail', exc)}", err=True)
        raise typer.Exit(2) from None
    db = _database(settings)
    with db.session() as session:
        organization = session.scalars(select(Organization).where(Organization.name == org)).first()
        if organization is None:
            typer.echo(f"no organization named {org!r}; create a key for it first", err=True)
            raise typer.Exit(2)
        slack.add(session, organization.id, channel, checked)
    typer.echo(f"slack_alert nodes of {org} naming {channel} now post to {checked}")


def _first_key(settings: Settings, host: str, port: int) -> None:
    from fieldwise.store import accounts

    db = _database(settings)
    with db.session() as session:
        if accounts.has_any_key(session):
            return
        _org, key = accounts.create_key(session, "default")
    console = Console(stderr=True)
    console.print("[bold]No API key existed, so one was created for organization 'default'.[/bold]")
    console.print("It is shown once; keep it:")
    console.print(f"  {key}", highlight=False)
    console.print("Try it:", highlight=False)
    console.print(f"  curl -H 'Authorization: Bearer {key}' http://{host}:{port}/v2/workflows/", highlight=False,
                  soft_wrap=True)
    db.dispose()


def _run_server(app: Any, host: str, port: int) -> None:
    """uvicorn's server, saying once where it listens when its sockets are open (uvicorn's own line is hidden
    with the rest of its info logs)."""
    import uvicorn

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                url = f"http://{host}:{port}"
                typer.echo(f"fieldwise is listening on {url} (API docs: {url}/docs/); Ctrl-C stops it")

    AnnouncingServer(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                    proxy_headers=False)).run()  # forwarded headers: FIELDWISE_TRUSTED_PROXIES only


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.add_typer(slack_app, name="slack")

    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", help="address to listen on"),
        port: int = typer.Option(8000, help="port to listen on"),
    ) -> None:
        """Start the API server on the embedded default (SQLite, local files, worker processes in the server).

        Example: FIELDWISE_DATA_DIR=./data fieldwise serve --port 8000
        """
        from fieldwise.api.app import create_app
        from fieldwise.logs import configure_logging

        settings = Settings()
        configure_logging(settings, "api")
        _first_key(settings, host, port)
        _run_server(create_app(settings), host, port)

    @app.command("migrate")
    def migrate() -> None:
        """Apply database migrations and exit (the server also applies them at start)."""
        _database(Settings()).dispose()
        typer.echo("database is at the newest schema")
