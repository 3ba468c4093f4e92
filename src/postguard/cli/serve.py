"""``postguard serve``: run the web app (sign-in, post checker, dashboards, JSON API) with uvicorn.

The app uses the database of ``POSTGUARD_DATABASE_URL`` (SQLite under
``POSTGUARD_DATA_DIR`` by default) for users, sessions, checks and the audit
log; it refuses to start on a database that is not migrated. Every page needs
sign-in. On a loopback address requests naming any other host are refused (a
DNS-rebinding page in a browser); on other addresses put PostGuard behind a
TLS-terminating proxy (the session cookie is then Secure).
"""

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


def database_problem(url: str) -> str | None:
    """Why the database cannot serve the app (unreachable, not migrated), or None."""
    from sqlalchemy.exc import SQLAlchemyError

    from postguard.store import current_revision, head_revision, make_engine, normalise_url

    shown = normalise_url(url).render_as_string(hide_password=True)
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"database {shown}: {reason}"
    finally:
        engine.dispose()
    if current != head_revision():
        return f"the database {shown} is not up to date: run `postguard db upgrade` first"
    return None


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Run the web app on one worker: sign-in, the post checker, dashboards and the JSON API."""
    err = Console(stderr=True)
    import uvicorn

    from postguard.web.app import create_app

    try:
        settings = loading.settings()
        problem = database_problem(settings.database_url)
        if problem is not None:
            raise loading.CommandError(problem)
        app = create_app(
            settings, allowed_hosts=LOOPBACK_HOSTS | {host} if is_loopback(host) else None
        )
    except (StartupError, loading.CommandError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(loading.EXIT_ERROR) from None
    shown = f"[{host}]" if ":" in host else host
    err.print(f"PostGuard is running at http://{shown}:{port}/  (Ctrl+C stops it)", highlight=False)
    if not is_loopback(host):
        err.print(
            "Listening beyond this machine: serve it over HTTPS (a reverse proxy); the "
            "session cookie is marked Secure.",
            highlight=False,
        )
    uvicorn.run(app, host=host, port=port, workers=1, log_level="info", server_header=False)
