from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from postguard.settings import DEV_SECRET, SettingsError, load_settings


def test_defaults_are_embedded_sqlite_and_development() -> None:
    s = load_settings({})
    assert s.environment == "development"
    assert s.database_url == "sqlite:///var/postguard.sqlite3"
    assert s.secret_key == DEV_SECRET
    assert s.policy_path is None and s.roster_dir is None and s.today is None


def test_values_come_from_prefixed_environment() -> None:
    s = load_settings(
        {
            "POSTGUARD_DATA_DIR": "/srv/pg",
            "POSTGUARD_POLICY": "/etc/pg/policy.yaml",
            "POSTGUARD_ROSTER_DIR": "/srv/roster",
            "POSTGUARD_TODAY": "2026-11-23",
        }
    )
    assert s.database_url == "sqlite:////srv/pg/postguard.sqlite3"
    assert s.policy_path == Path("/etc/pg/policy.yaml")
    assert s.roster_dir == Path("/srv/roster")
    assert s.today == date(2026, 11, 23)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"POSTGUARD_ENV": "staging"}, "POSTGUARD_ENV"),
        ({"POSTGUARD_ENV": "production"}, "POSTGUARD_SECRET_KEY"),
        ({"POSTGUARD_ENV": "production", "POSTGUARD_SECRET_KEY": "short"}, "POSTGUARD_SECRET_KEY"),
        ({"POSTGUARD_TODAY": "23/11/2026"}, "POSTGUARD_TODAY"),
        ({"POSTGUARD_SMTP_HOST": "relay", "POSTGUARD_SMTP_PORT": "twenty-five"}, "SMTP_PORT"),
        ({"POSTGUARD_SMTP_HOST": "relay", "POSTGUARD_SMTP_STARTTLS": "maybe"}, "STARTTLS"),
        ({"POSTGUARD_MAX_ATTACHMENT_BYTES": "0"}, "POSTGUARD_MAX_ATTACHMENT_BYTES"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_production_accepts_a_real_secret() -> None:
    s = load_settings({"POSTGUARD_ENV": "production", "POSTGUARD_SECRET_KEY": "x" * 40})
    assert not s.is_development


def test_a_settings_file_gives_values_and_the_environment_wins(tmp_path: Path) -> None:
    f = tmp_path / "postguard.toml"
    f.write_text(
        'database_url = "postgresql://pg@db/postguard"\nroster_dir = "/srv/roster"\n',
        encoding="utf-8",
    )
    s = load_settings({"POSTGUARD_SETTINGS_FILE": str(f), "POSTGUARD_ROSTER_DIR": "/other"})
    assert s.database_url == "postgresql://pg@db/postguard"
    assert s.roster_dir == Path("/other")


@pytest.mark.parametrize(
    "body, message",
    [
        ('databse_url = "x"\n', "unknown setting 'databse_url'"),
        ("database_url = [1, 2]\n", "must be a string"),
        ("database_url = \n", "not valid TOML"),
    ],
)
def test_a_bad_settings_file_names_the_file_and_key(
    tmp_path: Path, body: str, message: str
) -> None:
    f = tmp_path / "postguard.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings({"POSTGUARD_SETTINGS_FILE": str(f)})


def test_a_missing_settings_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="POSTGUARD_SETTINGS_FILE: cannot read"):
        load_settings({"POSTGUARD_SETTINGS_FILE": str(tmp_path / "nope.toml")})


def test_mail_is_off_without_a_relay_and_configured_with_one() -> None:
    assert load_settings({}).mail is None
    s = load_settings(
        {
            "POSTGUARD_SMTP_HOST": "relay.trust.example.org",
            "POSTGUARD_SMTP_PORT": "587",
            "POSTGUARD_SMTP_FROM": "postguard@trust.example.org",
            "POSTGUARD_SMTP_STARTTLS": "true",
            "POSTGUARD_BASE_URL": "https://postguard.trust.example.org/",
        }
    )
    assert s.mail is not None
    assert (s.mail.host, s.mail.port, s.mail.sender, s.mail.starttls) == (
        "relay.trust.example.org",
        587,
        "postguard@trust.example.org",
        True,
    )
    assert s.base_url == "https://postguard.trust.example.org"
    assert s.max_attachment_bytes == 10 * 1024 * 1024
