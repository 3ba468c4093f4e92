"""The ``postguard`` command: a thin edge over the checker and workflows."""

from __future__ import annotations

import typer

from postguard import __version__

app = typer.Typer(
    name="postguard",
    help="PostGuard: puts a school trust's social media policy into practice.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """PostGuard: puts a school trust's social media policy into practice."""


@app.command()
def version() -> None:
    """Print PostGuard's version."""
    typer.echo(__version__)


def main() -> None:
    app()
