"""One typed settings object, built by a function from the environment.

Every setting is an environment variable prefixed ``POSTGUARD_`` (documented in
docs/settings.md), or a key of the TOML settings file named by
``POSTGUARD_SETTINGS_FILE`` (the variable's name without the prefix, in lower
case: ``database_url = "..."``); an environment variable wins over the file.
Nothing here connects to anything or loads a model; callers do that when they
need to. Default secrets are refused outside development.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEV_SECRET = "dev-insecure-secret-change-me"

#: Every setting this object reads (docs/settings.md documents each).
KNOWN = frozenset(
    {
        "POSTGUARD_ENV",
        "POSTGUARD_DATA_DIR",
        "POSTGUARD_DATABASE_URL",
        "POSTGUARD_SECRET_KEY",
        "POSTGUARD_POLICY",
        "POSTGUARD_ROSTER_DIR",
        "POSTGUARD_LINKS",
        "POSTGUARD_TODAY",
        "POSTGUARD_SETTINGS_FILE",
        "POSTGUARD_BASE_URL",
        "POSTGUARD_SMTP_HOST",
        "POSTGUARD_SMTP_PORT",
        "POSTGUARD_SMTP_FROM",
        "POSTGUARD_SMTP_USER",
        "POSTGUARD_SMTP_PASSWORD",
        "POSTGUARD_SMTP_STARTTLS",
        "POSTGUARD_MAX_ATTACHMENT_BYTES",
    }
)
ENVIRONMENTS = ("development", "test", "production")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class MailSettings:
    """Where PostGuard sends e-mail (an SMTP relay); absent: notifications stay in the app."""

    host: str
    port: int = 25
    sender: str = "postguard@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False


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
    base_url: str = "http://127.0.0.1:8000"
    mail: MailSettings | None = None
    max_attachment_bytes: int = 10 * 1024 * 1024

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name, "").strip()
    return Path(value).expanduser() if value else None


PREFIX = "POSTGUARD_"
FILE_VARIABLE = "POSTGUARD_SETTINGS_FILE"


def _from_file(path: Path) -> dict[str, str]:
    """The settings file's values as ``POSTGUARD_*`` variables; errors name the file and key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{FILE_VARIABLE}: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{FILE_VARIABLE}: {path}: not valid TOML ({exc})") from None
    values: dict[str, str] = {}
    for key, value in raw.items():
        name = PREFIX + key.upper()
        if name not in KNOWN or name == FILE_VARIABLE:
            raise SettingsError(f"{path}: unknown setting {key!r} (see docs/settings.md)")
        if not isinstance(value, str | int | float | bool) or isinstance(value, bool):
            raise SettingsError(f"{path}: setting {key!r} must be a string or a number")
        values[name] = str(value)
    return values


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from ``env`` (default: the process environment) and the settings file."""
    env = os.environ if env is None else env
    file_name = env.get(FILE_VARIABLE, "").strip()
    if file_name:
        env = {**_from_file(Path(file_name).expanduser()), **env}
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
        base_url=(env.get("POSTGUARD_BASE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/"),
        mail=_mail(env),
        max_attachment_bytes=_integer(env, "POSTGUARD_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024),
        environment=environment,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret_key,
        policy_path=_path(env, "POSTGUARD_POLICY"),
        roster_dir=_path(env, "POSTGUARD_ROSTER_DIR"),
        links_path=_path(env, "POSTGUARD_LINKS"),
        today=today,
    )


def _integer(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
    if value <= 0:
        raise SettingsError(f"{name}: must be greater than 0")
    return value


def _mail(env: Mapping[str, str]) -> MailSettings | None:
    host = env.get("POSTGUARD_SMTP_HOST", "").strip()
    if not host:
        return None
    starttls = env.get("POSTGUARD_SMTP_STARTTLS", "").strip().lower()
    if starttls not in ("", "0", "1", "true", "false", "yes", "no"):
        raise SettingsError(f"POSTGUARD_SMTP_STARTTLS: {starttls!r} is not true or false")
    return MailSettings(
        host=host,
        port=_integer(env, "POSTGUARD_SMTP_PORT", 25),
        sender=env.get("POSTGUARD_SMTP_FROM", "").strip() or "postguard@localhost",
        user=env.get("POSTGUARD_SMTP_USER", "").strip(),
        password=env.get("POSTGUARD_SMTP_PASSWORD", ""),
        starttls=starttls in ("1", "true", "yes"),
    )
