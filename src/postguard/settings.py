"""One typed settings object, built by a function from the environment.

Every setting is an environment variable prefixed ``POSTGUARD_`` (documented in
docs/settings.md). Nothing here connects to anything or loads a model; callers do
that when they need to. Default secrets are refused outside development.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEV_SECRET = "dev-insecure-secret-change-me"
ENVIRONMENTS = ("development", "test", "production")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    environment: str
    data_dir: Path
    database_url: str
    secret_key: str
    policy_path: Path | None
    roster_dir: Path | None
    links_path: Path | None
    today: date | None

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name, "").strip()
    return Path(value).expanduser() if value else None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    environment = env.get("POSTGUARD_ENV", "development").strip() or "development"
    if environment not in ENVIRONMENTS:
        raise SettingsError(
            f"POSTGUARD_ENV: {environment!r} is not one of {', '.join(ENVIRONMENTS)}"
        )
    data_dir = _path(env, "POSTGUARD_DATA_DIR") or Path("var")
    database_url = env.get("POSTGUARD_DATABASE_URL", "").strip() or (
        f"sqlite:///{data_dir / 'postguard.sqlite3'}"
    )
    secret_key = env.get("POSTGUARD_SECRET_KEY", "").strip() or DEV_SECRET
    if environment == "production" and (secret_key == DEV_SECRET or len(secret_key) < 32):
        raise SettingsError(
            "POSTGUARD_SECRET_KEY: set a random secret of at least 32 characters in production"
        )
    today_raw = env.get("POSTGUARD_TODAY", "").strip()
    try:
        today = date.fromisoformat(today_raw) if today_raw else None
    except ValueError:
        raise SettingsError(f"POSTGUARD_TODAY: {today_raw!r} is not a YYYY-MM-DD date") from None
    return Settings(
        environment=environment,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret_key,
        policy_path=_path(env, "POSTGUARD_POLICY"),
        roster_dir=_path(env, "POSTGUARD_ROSTER_DIR"),
        links_path=_path(env, "POSTGUARD_LINKS"),
        today=today,
    )
