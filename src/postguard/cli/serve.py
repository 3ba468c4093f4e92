"""``postguard serve``: run the web app (post checker, policy page, JSON API) with uvicorn."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.runtime import StartupError
from postguard.web.middleware import LOOPBACK_HOSTS

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Listen on a non-loopback address although sign-in is not built yet.",
        ),
    ] = False,
) -> None:
    """Run the web app: the post checker, the policy page and the JSON API (one worker)."""
    err = Console(stderr=True)
    if not is_loopback(host) and not allow_remote:
        err.print(
            f"[red]error:[/red] {host} is reachable from other machines, and sign-in is not "
            "built yet: anyone could check posts and probe the roster. Use 127.0.0.1, or "
            "--allow-remote behind your own access control."
        )
        raise typer.Exit(loading.EXIT_ERROR)
    import uvicorn

    from postguard.web.app import create_app

    try:
        app = create_app(
            loading.settings(), allowed_hosts=LOOPBACK_HOSTS | {host} if is_loopback(host) else None
        )
    except (StartupError, loading.CommandError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    shown = f"[{host}]" if ":" in host else host
    err.print(f"PostGuard is running at http://{shown}:{port}/  (Ctrl+C stops it)")
    uvicorn.run(app, host=host, port=port, workers=1, log_level="info", server_header=False)
