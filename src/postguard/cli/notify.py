"""``postguard notify ...``: the daily summary e-mail, and delivering waiting notifications.

``postguard notify daily`` writes today's summary for each person of each trust
whose roles have something waiting (:func:`postguard.workflows.reminders.daily_summary`;
once a day: a second run the same day writes nothing), then delivers every
notification not yet sent. ``postguard notify deliver`` only delivers. Both print
``sent N, failed N, waiting N`` and exit 1 when some message could not be handed
to the relay (``POSTGUARD_SMTP_HOST``); those stay undelivered for the next run.
Run ``daily`` once each morning from cron, e.g.::

    30 6 * * *  postguard notify daily
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy import Engine, select

from postguard.cli.db import EXIT_INVALID, cli_actor, open_database, settings_or_exit, transaction
from postguard.mail import mailer_for
from postguard.policy.errors import PolicyError
from postguard.policy.loader import load_policy
from postguard.policy.models import Policy
from postguard.settings import Settings
from postguard.store.models import Notification, Trust
from postguard.workflows.notifications import deliver
from postguard.workflows.reminders import daily_summary

EXIT_FAILED = 1

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Notifications: deliver them, send the daily summary.",
)


@app.callback()
def _group() -> None:
    """Notifications: deliver them, send the daily summary."""


def _policy(settings: Settings) -> Policy:
    try:
        return load_policy(settings.policy_path)
    except PolicyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def _day(value: str | None, settings: Settings) -> date:
    if value is None:
        return settings.today or date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: --today {value!r} is not a YYYY-MM-DD date", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def _deliver(settings: Settings, engine: Engine) -> None:
    """Send what waits, print the counts; exit 1 when some failed."""
    mailer = mailer_for(settings.mail)
    with transaction(engine) as session:
        result = deliver(session, mailer, base_url=settings.base_url)
    typer.echo(f"sent {result.sent}, failed {result.failed}, waiting {result.waiting}")
    if mailer is None and result.waiting:
        typer.echo(
            "no mail relay is configured (POSTGUARD_SMTP_HOST): notifications wait in the app"
        )
    if result.failed:
        with transaction(engine) as session:
            errors = session.scalars(
                select(Notification.last_error)
                .where(Notification.sent_at.is_(None), Notification.last_error != "")
                .distinct()
                .limit(3)
            ).all()
        for error in errors:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_FAILED)


@app.command("daily")
def daily_command(
    today: Annotated[
        str | None,
        typer.Option(help="The day of the summary, YYYY-MM-DD (default: today)."),
    ] = None,
    trust: Annotated[
        str | None, typer.Option(help="Only this trust (default: every trust).")
    ] = None,
) -> None:
    """Write today's summary for each person with something waiting, then deliver."""
    settings = settings_or_exit()
    day = _day(today, settings)
    policy = _policy(settings)
    with open_database(settings) as engine:
        with transaction(engine) as session:
            query = select(Trust).order_by(Trust.id)
            if trust is not None:
                query = query.where(Trust.name == trust)
            trusts = session.scalars(query).all()
            if trust is not None and not trusts:
                typer.echo(f"error: no trust named {trust!r}", err=True)
                raise typer.Exit(EXIT_INVALID)
            written = 0
            for t in trusts:
                written += len(
                    daily_summary(
                        session,
                        t,
                        day,
                        policy,
                        actor=cli_actor(),
                        base_url=settings.base_url,
                    )
                )
        typer.echo(f"daily summary for {day.isoformat()}: {written} written")
        _deliver(settings, engine)


@app.command("deliver")
def deliver_command() -> None:
    """Send every notification not yet sent (e.g. after the relay was down)."""
    settings = settings_or_exit()
    with open_database(settings) as engine:
        _deliver(settings, engine)
