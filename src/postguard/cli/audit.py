"""``postguard audit``: verify the hash chain, and print a signed checkpoint of its head."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from postguard import audit
from postguard.cli.db import open_database, settings_or_exit, transaction

EXIT_BROKEN = 1

app = typer.Typer(
    name="audit",
    help="Check the tamper-evident audit trail.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("verify")
def verify_command(
    checkpoint: Annotated[
        Path | None,
        typer.Option(help="A checkpoint file printed by `postguard audit checkpoint`."),
    ] = None,
) -> None:
    """Walk the chain and name the first bad row (exit 1 if the chain is broken)."""
    settings = settings_or_exit()
    cp = None
    if checkpoint is not None:
        try:
            cp = audit.Checkpoint.from_json(checkpoint.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {checkpoint}: {exc}", err=True)
            raise typer.Exit(2) from None
    with open_database(settings) as engine, transaction(engine) as session:
        result = audit.verify(session, cp, secret_key=settings.secret_key)
    typer.echo(result.describe())
    if not result.ok:
        raise typer.Exit(EXIT_BROKEN)


@app.command("checkpoint")
def checkpoint_command(
    output: Annotated[
        Path | None, typer.Option(help="Also write the checkpoint to this file.")
    ] = None,
) -> None:
    """Print the signed head of the chain (seq, hash, HMAC): keep it outside the database."""
    settings = settings_or_exit()
    with open_database(settings) as engine, transaction(engine) as session:
        result = audit.verify(session)
        if not result.ok:
            typer.echo(result.describe(), err=True)
            typer.echo("error: refusing to sign a broken chain", err=True)
            raise typer.Exit(EXIT_BROKEN)
        cp = audit.checkpoint(session, settings.secret_key)
    text = cp.to_json()
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)
