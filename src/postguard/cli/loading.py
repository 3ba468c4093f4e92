"""Assembling what a command needs (policy, roster, detection context) from options and settings.

Errors become :class:`CommandError` with a readable message and exit code 3, so no
command ever shows a traceback for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from postguard.checker import Checker
from postguard.detectors.base import DetectionContext
from postguard.policy.loader import PolicyError, load_policy
from postguard.policy.models import Policy
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex
from postguard.roster.models import Roster
from postguard.settings import Settings, SettingsError, load_settings

EXIT_ERROR = 3


class CommandError(Exception):
    """Bad input to a command: printed as one clear message, exit code 3."""


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    policy: Policy
    roster: Roster
    roster_source: str
    context: DetectionContext
    checker: Checker


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise CommandError(str(exc)) from None


def policy(path: Path | None, current: Settings) -> Policy:
    try:
        return load_policy(path or current.policy_path)
    except PolicyError as exc:
        raise CommandError(str(exc)) from None


def roster(folder: Path) -> Roster:
    if not folder.is_dir():
        raise CommandError(f"roster folder not found: {folder}")
    try:
        return load_roster(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise CommandError(f"roster {folder}: {exc}") from None


def load(
    policy_path: Path | None = None,
    roster_dir: Path | None = None,
    today: date | None = None,
    *,
    default_roster: Path | None = None,
) -> Loaded:
    """Policy + roster + name index + checker, from options, then settings, then defaults."""
    current = settings()
    the_policy = policy(policy_path, current)
    folder = roster_dir or current.roster_dir or default_roster
    if folder is None:
        from postguard.demo import demo_dir

        folder = demo_dir()
        source = "the bundled demo trust (set POSTGUARD_ROSTER_DIR or --roster)"
    else:
        source = str(folder)
    the_roster = roster(folder)
    day = today or current.today or date.today()
    context = DetectionContext(
        roster=the_roster, names=RosterIndex.build(the_roster, today=day), today=day
    )
    return Loaded(current, the_policy, the_roster, source, context, Checker(the_policy, context))
