"""``postguard serve``: stays on loopback until sign-in exists; bad settings stop it cleanly."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.cli.serve import is_loopback

runner = CliRunner()


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


def test_serve_refuses_a_public_address_without_allow_remote() -> None:
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 3
    assert "sign-in is not built yet" in result.output


def test_serve_names_a_missing_roster_folder() -> None:
    result = runner.invoke(app, ["serve"], env={"POSTGUARD_ROSTER_DIR": "/nonexistent/roster"})
    assert result.exit_code == 3
    assert "roster folder not found: /nonexistent/roster" in result.output


def test_serve_names_a_bad_setting() -> None:
    result = runner.invoke(app, ["serve"], env={"POSTGUARD_TODAY": "yesterday"})
    assert result.exit_code == 3
    assert "POSTGUARD_TODAY" in result.output
