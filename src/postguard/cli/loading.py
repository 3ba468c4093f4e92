"""Assembling what a command needs from its options and the settings.

Errors become :class:`CommandError` with a readable message and exit code 3, so no
command ever shows a traceback for bad input.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from postguard.roster.importer import load_roster
from postguard.roster.models import Roster
from postguard.runtime import Runtime, StartupError, load_runtime
from postguard.settings import Settings, SettingsError, load_settings

EXIT_ERROR = 3


class CommandError(Exception):
    """Bad input to a command: printed as one clear message, exit code 3."""


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise CommandError(str(exc)) from None


def load(
    policy_path: Path | None = None,
    roster_dir: Path | None = None,
    today: date | None = None,
    *,
    default_roster: Path | None = None,
) -> Runtime:
    """Policy + roster + name index + checker, from options, then settings, then defaults."""
    current = settings()
    folder = roster_dir or current.roster_dir or default_roster
    try:
        return load_runtime(current, policy_path=policy_path, roster_dir=folder, today=today)
    except StartupError as exc:
        raise CommandError(str(exc)) from None


def roster(folder: Path) -> Roster:
    """Just a roster folder (for commands that need no policy)."""
    if not folder.is_dir():
        raise CommandError(f"roster folder not found: {folder}")
    try:
        return load_roster(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise CommandError(f"roster {folder}: {exc}") from None
