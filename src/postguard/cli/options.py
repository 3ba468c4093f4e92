"""Options several commands share, declared once so their names and help agree."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from postguard.cli.loading import CommandError

RosterDir = Annotated[
    Path | None, typer.Option(help="Roster folder (default: POSTGUARD_ROSTER_DIR or demo).")
]
PolicyFile = Annotated[
    Path | None, typer.Option(help="Policy file (default: POSTGUARD_POLICY or bundled).")
]
Today = Annotated[
    str | None,
    typer.Option(help="The date to judge ages, consent and leaving dates by (YYYY-MM-DD)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


def parse_day(value: str | None) -> date | None:
    """``--today`` as a date; a malformed value is a :class:`CommandError` (exit 3)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a YYYY-MM-DD date") from None
