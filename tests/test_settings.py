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
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_production_accepts_a_real_secret() -> None:
    s = load_settings({"POSTGUARD_ENV": "production", "POSTGUARD_SECRET_KEY": "x" * 40})
    assert not s.is_development
