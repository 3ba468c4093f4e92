"""``postguard notify ...``: e-mail waiting notifications and the daily summary (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="Notifications: deliver them, send the daily summary.")


@app.callback()
def _group() -> None:
    """Notifications: deliver them, send the daily summary."""
