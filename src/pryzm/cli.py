"""The `pryzm` command."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pryzm.config import Settings
from pryzm.errors import ConfigError, MigrationError, PryzmError

app = typer.Typer(help="PRYZM: collaborative BIM in the browser.", no_args_is_help=True,
                  add_completion=False)
console = Console(stderr=True, highlight=False, soft_wrap=True)

_APPS = {"gateway": "api-gateway", "sync": "sync-server", "bake": "bake-worker", "web": "editor"}


@app.command()
def up() -> None:
    """Run the whole stack on this machine (embedded PostgreSQL unless PRYZM_DATABASE_URL)."""
    from pryzm import logs
    from pryzm.supervisor import Supervisor

    logs.configure("pryzm", prefix=f"{'pryzm':>11} | ")
    try:
        code = asyncio.run(Supervisor(Settings.from_env()).run())
    except (ConfigError, MigrationError) as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    raise typer.Exit(code)


@app.command()
def serve(service: Annotated[str, typer.Argument(help="gateway | sync | bake | web")]) -> None:
    """Run one service in the foreground (as its container does)."""
    import uvicorn

    from pryzm import logs

    if service not in _APPS:
        console.print(f"[red]error:[/] unknown service {service!r}; one of "
                      f"{', '.join(_APPS)}")
        raise typer.Exit(2)
    try:
        settings = Settings.from_env()
        if service != "web":
            settings.require_secret()
            if not settings.database_url:
                raise ConfigError("PRYZM_DATABASE_URL is not set (`pryzm up` sets it).")
    except ConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    logs.configure(_APPS[service], settings.log_format)
    if service == "gateway":
        from pryzm.gateway.app import create_app
        port = settings.gateway_port
    elif service == "sync":
        from pryzm.sync.app import create_app
        port = settings.sync_port
    elif service == "bake":
        from pryzm.bake.app import create_app
        port = settings.bake_port
    else:
        from pryzm.web.app import create_app
        port = settings.web_port
    config = uvicorn.Config(
        create_app(settings), host=settings.bind_host, port=port, lifespan="on",
        log_level="warning", ws_max_size=settings.max_message_bytes,
        ws_ping_interval=settings.ping_interval, ws_ping_timeout=settings.ping_interval,
        timeout_graceful_shutdown=5, access_log=False)
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(3)


@app.command()
def migrate() -> None:
    """Apply pending schema migrations to PRYZM_DATABASE_URL (or the embedded database)."""
    from pryzm.embedded import EmbeddedPostgres
    from pryzm.store.migrations import migrate as run_migrations

    settings = Settings.from_env()
    embedded = None
    url = settings.database_url
    if not url:
        embedded = EmbeddedPostgres(settings.home)
        url = embedded.start()
    try:
        applied = asyncio.run(run_migrations(url))
    except PryzmError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    finally:
        if embedded:
            embedded.stop()
    console.print(f"applied: {', '.join(applied)}" if applied else "schema is up to date")


@app.command()
def backup(target: Annotated[Path, typer.Argument(help="a new, empty folder")]) -> None:
    """Back up PRYZM_HOME (database dump, objects, secret key); the stack may be running."""
    from pryzm.backup import backup as run_backup

    try:
        run_backup(Settings.from_env(), target)
    except PryzmError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"backup written to {target}")


@app.command()
def restore(source: Annotated[Path, typer.Argument(help="a folder made by `pryzm backup`")],
            home: Annotated[Path | None, typer.Option(help="the PRYZM_HOME to restore into "
                                                           "(new or empty)")] = None) -> None:
    """Restore a backup into a new PRYZM home (refused while PRYZM runs there)."""
    from pryzm.backup import restore as run_restore

    target = home or Settings.from_env().home
    try:
        run_restore(source, target)
    except PryzmError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"restored into {target}; start it with PRYZM_HOME={target} pryzm up")


@app.command()
def health(url: Annotated[str, typer.Argument(help="a health route, e.g. "
                                                   "http://127.0.0.1:5101/v1/health")],
           timeout: Annotated[float, typer.Option(help="seconds before a hung service "
                                                       "counts as unhealthy")] = 5.0) -> None:
    """Exit 0 when the health route answers 200 in time, 1 otherwise (container healthchecks)."""
    import httpx

    try:
        ok = httpx.get(url, timeout=timeout).status_code == 200
    except Exception:  # any failure to get a 200 is "unhealthy", never another exit code
        ok = False
    raise typer.Exit(0 if ok else 1)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="an .ifc, .ifczip, .dxf or .3dm file",
                                         exists=True, dir_okay=False, readable=True)],
    project: Annotated[str, typer.Option("--project", help="the project's id")],
    token: Annotated[str, typer.Option(envvar="PRYZM_TOKEN", help="a session token "
                                       "(default: $PRYZM_TOKEN)")] = "",
    url: Annotated[str, typer.Option(help="PRYZM's address (default: PRYZM_PUBLIC_URL)")] = "",
    level: Annotated[str, typer.Option(help="DXF/3dm: the level to place it on")] = "",
    wall_layer: Annotated[str, typer.Option(help="DXF: lines on this layer become "
                                                 "walls")] = "",
    units: Annotated[str, typer.Option(help="DXF/3dm: units when the file has none "
                                            "(mm, cm, m, in, ft)")] = "",
) -> None:
    """Upload FILE, import it into a project as a job, follow its progress, print the report."""
    from pryzm.interop.cli import run_import

    if not token:
        console.print("[red]error:[/] no token: pass --token or set PRYZM_TOKEN")
        raise typer.Exit(2)
    options = {k: v for k, v in {"level_id": level, "wall_layer": wall_layer,
                                 "units": units}.items() if v}
    base = url or Settings.from_env().public_url
    raise typer.Exit(run_import(base, token, project, file, options, console))


if __name__ == "__main__":
    app()
