"""``postguard db``: create or upgrade the database, and import a roster into it."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from postguard.auth.roles import needs_second_factor
from postguard.roster.errors import RosterImportError
from postguard.roster.importer import import_roster
from postguard.settings import Settings, SettingsError, load_settings
from postguard.store import current_revision, head_revision, make_engine, normalise_url, upgrade
from postguard.store.engine import make_session_factory
from postguard.workflows.demo import DEMO_TRUST, seed_demo
from postguard.workflows.roster import save_roster

EXIT_NOT_MIGRATED = 2
EXIT_INVALID = 3
EXIT_UNREACHABLE = 4

app = typer.Typer(
    name="db",
    help="Create or upgrade the database (POSTGUARD_DATABASE_URL) and import rosters into it.",
    no_args_is_help=True,
    add_completion=False,
)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def shown_url(url: str) -> str:
    """The database URL without its password, for messages."""
    return normalise_url(url).render_as_string(hide_password=True)


def cli_actor() -> str:
    """Who acts from the command line, for audit events."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@contextmanager
def open_database(settings: Settings, *, migrated: bool = True) -> Iterator[Engine]:
    """The engine for the configured database; refuses one that is not fully migrated."""
    engine = make_engine(settings.database_url)
    try:
        if migrated and current_revision(engine) != head_revision():
            typer.echo(
                f"error: the database {shown_url(settings.database_url)} is not up to date: "
                "run `postguard db upgrade` first",
                err=True,
            )
            raise typer.Exit(EXIT_NOT_MIGRATED)
        yield engine
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        typer.echo(f"error: database {shown_url(settings.database_url)}: {reason}", err=True)
        raise typer.Exit(EXIT_UNREACHABLE) from None
    finally:
        engine.dispose()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session, committed if the block succeeds and rolled back otherwise."""
    with make_session_factory(engine)() as session, session.begin():
        yield session


@app.command("upgrade")
def upgrade_command(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Create the database if needed and apply the migrations (idempotent)."""
    settings = settings_or_exit()
    with open_database(settings, migrated=False) as engine:
        before = current_revision(engine)
        upgrade(engine, revision)
        after = current_revision(engine)
    where = shown_url(settings.database_url)
    if before == after:
        typer.echo(f"{where}: already at revision {after}")
    else:
        typer.echo(f"{where}: upgraded from {before or 'empty'} to revision {after}")


@app.command("current")
def current_command() -> None:
    """Print the database's revision; exit 2 when migrations are pending."""
    settings = settings_or_exit()
    with open_database(settings, migrated=False) as engine:
        now = current_revision(engine)
    head = head_revision()
    typer.echo(f"{shown_url(settings.database_url)}: revision {now or 'none'} (latest {head})")
    if now != head:
        raise typer.Exit(EXIT_NOT_MIGRATED)


@app.command("import-roster")
def import_roster_command(
    folder: Annotated[Path, typer.Argument(help="The roster folder (pupils.csv, ...).")],
    trust: Annotated[str, typer.Option(help="The trust's name (created on first import).")],
    skip_invalid: Annotated[
        bool, typer.Option(help="Import the valid rows and leave the invalid ones out.")
    ] = False,
) -> None:
    """Import a roster folder as a new roster version (history kept, audited).

    Row errors are counted here; `postguard roster import DIR --report FILE` lists them.
    """
    settings = settings_or_exit()
    today = settings.today or date.today()
    try:
        result = import_roster(folder, skip_invalid=skip_invalid, today=today)
    except RosterImportError as exc:
        typer.echo(
            f"error: the roster has {len(exc.errors)} invalid rows; nothing imported. "
            f"See `postguard roster import {folder} --report errors.csv`.",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID) from None
    with open_database(settings) as engine, transaction(engine) as session:
        saved = save_roster(session, result.roster, trust_name=trust, actor=cli_actor())
    typer.echo(f"roster version {saved.version_id} saved for {trust}")
    if result.skipped_rows:
        typer.echo(f"{result.skipped_rows} invalid rows left out")
    for key, n in sorted(saved.counts.items()):
        typer.echo(f"  {key}: {n}")


@app.command("demo")
def demo_command() -> None:
    """Load the demo trust into the database with one user per role; prints their passwords.

    Each run imports the demo roster again (a new version) and gives every demo
    user a new password, shown once here.
    """
    settings = settings_or_exit()
    with open_database(settings) as engine, transaction(engine) as session:
        saved, users = seed_demo(
            session, actor=cli_actor(), secret_key=settings.secret_key, today=settings.today
        )
    typer.echo(f"demo trust {DEMO_TRUST}: roster version {saved.version_id}")
    typer.echo("demo users (passwords shown once; TOTP secret for roles that need it):")
    for u in users:
        where = u.school or "trust-wide"
        line = f"  {u.role.value:<15} {u.email:<45} {u.password}  ({where})"
        if needs_second_factor({u.role}):
            line += f"  TOTP {u.totp_secret}"
        typer.echo(line)
