"""`dyads serve`: the dashboard and JSON API over a store, read-only (docs/web.md, docs/cli.md)."""

from __future__ import annotations

import ipaddress

import click

from dyads.store.db import DEFAULT_DB

LOOPBACK = ("localhost",)


@click.command("serve")
@click.argument("store", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--db",
    default=None,
    type=click.Path(dir_okay=False),
    help=f"the DuckDB store (default {DEFAULT_DB}; may also be given as the argument)",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="address to listen on; anything but a loopback address exposes the store to the network",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="port to listen on")
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="allow pages of ORIGIN (e.g. http://localhost:3000) to call the API; repeatable; none by default",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="also answer requests for this Host name (a proxy's or the machine's name); repeatable. "
    "Requests for any other Host than the bound address and localhost get 400",
)
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    store: str | None,
    db: str | None,
    host: str,
    port: int,
    cors_origins: tuple[str, ...],
    allow_hosts: tuple[str, ...],
) -> None:
    """Serve the dashboard and JSON API over the store, read-only, on http://127.0.0.1:8000.

    The store is opened per request and closed when idle, so `dyads ingest` can add to it
    while the server runs; pages show what is committed when they are asked for.

    Pages: overview, dyad timelines with every event's evidence, articles, actors,
    quote search. The API lives under /api and is described at /openapi.json.
    Everything is served from the installed package: no network needed.
    """
    from dyads.cli.common import Failure, _settings
    from dyads.errors import DyadsError

    settings = _settings(ctx)
    if store and db and store != db:
        raise click.UsageError(f"two stores given: {store} and --db {db}; give one")
    path = store or db or DEFAULT_DB
    try:
        import uvicorn

        from dyads.web.app import create_app

        app = create_app(
            path,
            cors_origins=cors_origins,
            allowed_hosts=allowed_hosts(host, allow_hosts),
            lock_wait=settings.lock_wait,
        )
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
    if not _loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the store", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"dyads serve: http://{shown}:{port}/ over {path} (read-only); Ctrl+C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The Host names `dyads serve` answers: the bound address, localhost and its addresses, and `extra`."""
    names = [host, "localhost", "127.0.0.1", "::1", *extra]
    if host in ("0.0.0.0", "::"):  # bound to every interface: only the names given
        names = names[1:]
    return names


def _loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
