"""``postguard serve``: refuses an unmigrated or unreachable database; bad settings stop it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.cli.serve import database_problem, is_loopback
from postguard.store import make_engine, upgrade

runner = CliRunner()


@pytest.fixture
def migrated_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize(
    "host, expected",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = runner.invoke(app, ["serve"], env={"POSTGUARD_DATABASE_URL": url})
    assert result.exit_code == 3
    assert "not up to date: run `postguard db upgrade` first" in " ".join(result.output.split())


def test_a_migrated_database_has_no_problem(migrated_url: str) -> None:
    assert database_problem(migrated_url) is None


def test_an_unreachable_database_is_named_without_its_password() -> None:
    problem = database_problem("postgresql://pg:hunter2@127.0.0.1:1/none")
    assert problem is not None
    assert problem.startswith("database postgresql+psycopg://pg:***@127.0.0.1:1/none: ")
    assert "hunter2" not in problem


def test_serve_names_a_missing_roster_folder(migrated_url: str) -> None:
    env = {"POSTGUARD_ROSTER_DIR": "/nonexistent/roster", "POSTGUARD_DATABASE_URL": migrated_url}
    result = runner.invoke(app, ["serve"], env=env)
    assert result.exit_code == 3
    assert "roster folder not found: /nonexistent/roster" in result.output


def test_serve_names_a_bad_setting() -> None:
    result = runner.invoke(app, ["serve"], env={"POSTGUARD_TODAY": "yesterday"})
    assert result.exit_code == 3
    assert "POSTGUARD_TODAY" in result.output
