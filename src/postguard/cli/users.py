"""``postguard users``: create local accounts and grant roles."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.roles import Role, needs_second_factor, parse_role
from postguard.auth.totp import provisioning_uri
from postguard.cli.db import cli_actor, open_database, settings_or_exit, transaction
from postguard.store.models import Trust
from postguard.workflows.trusts import ensure_trust
from postguard.workflows.users import UserError, create_user, find_user, grant_role

app = typer.Typer(
    name="users",
    help="Create users and grant roles (staff, subject_leader, slt, dsl, deputy_dsl, "
    "executive_head, it_admin, board).",
    no_args_is_help=True,
    add_completion=False,
)


def _roles(values: list[str]) -> list[Role]:
    try:
        return [parse_role(v) for v in values]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--role") from None


def _trust(session: Session, name: str | None) -> Trust:
    if name is not None:
        return ensure_trust(session, name, actor=cli_actor())
    trusts = session.scalars(select(Trust).order_by(Trust.id)).all()
    if len(trusts) == 1:
        return trusts[0]
    what = "no trust yet" if not trusts else f"{len(trusts)} trusts"
    typer.echo(f"error: the database holds {what}: name one with --trust", err=True)
    raise typer.Exit(2)


@app.command("create")
def create_command(
    email: Annotated[str, typer.Argument(help="The user's email address (their sign-in name).")],
    role: Annotated[list[str], typer.Option(help="A role to grant (repeatable).")],
    school: Annotated[
        str | None, typer.Option(help="The school the roles apply at (default: trust-wide).")
    ] = None,
    trust: Annotated[str | None, typer.Option(help="The trust (default: the only one).")] = None,
    name: Annotated[str, typer.Option(help="The name shown in the app.")] = "",
) -> None:
    """Create a user; the generated password (and TOTP secret) are printed ONCE."""
    roles = _roles(role)
    settings = settings_or_exit()
    with open_database(settings) as engine:
        try:
            with transaction(engine) as session:
                new = create_user(
                    session,
                    _trust(session, trust),
                    email,
                    actor=cli_actor(),
                    secret_key=settings.secret_key,
                    display_name=name,
                    grants=tuple((r, school) for r in roles),
                )
        except UserError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    where = f"at {school}" if school else "trust-wide"
    typer.echo(f"created {new.user.email} ({', '.join(r.value for r in roles)} {where})")
    typer.echo(f"password (shown once, not stored in clear): {new.password}")
    if needs_second_factor(set(roles)):
        typer.echo("these roles need a second factor: add this to an authenticator app")
        typer.echo(f"  TOTP secret: {new.totp_secret}")
        typer.echo(f"  {provisioning_uri(new.totp_secret, new.user.email)}")


@app.command("grant")
def grant_command(
    email: Annotated[str, typer.Argument(help="The user's email address.")],
    role: Annotated[list[str], typer.Option(help="A role to grant (repeatable).")],
    school: Annotated[
        str | None, typer.Option(help="The school the roles apply at (default: trust-wide).")
    ] = None,
) -> None:
    """Grant roles to an existing user."""
    roles = _roles(role)
    settings = settings_or_exit()
    with open_database(settings) as engine:
        try:
            with transaction(engine) as session:
                user = find_user(session, email)
                if user is None:
                    raise UserError("no user with this email")
                for r in roles:
                    grant_role(session, user, r, school, actor=cli_actor())
        except UserError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    typer.echo(f"granted {', '.join(r.value for r in roles)} to {email.strip().lower()}")
