"""Consistency: every command and every setting is documented (DESIGN style 5)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from postguard.cli import app

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "postguard"


def _commands(command: Any, prefix: str) -> list[str]:
    subcommands = getattr(command, "commands", None)
    if subcommands:
        out: list[str] = []
        for name, sub in subcommands.items():
            out.extend(_commands(sub, f"{prefix} {name}"))
        return out
    return [prefix]


COMMANDS = _commands(typer.main.get_command(app), "postguard")
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
)


def test_the_cli_has_commands() -> None:
    assert {"postguard check", "postguard eval", "postguard demo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`{command}" in readme, f"{command} is not documented in README.md"


SETTINGS = sorted(
    set(
        re.findall(
            r"POSTGUARD_[A-Z_]+[A-Z]",
            "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")),
        )
    )
)


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_is_documented(setting: str) -> None:
    settings_doc = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert f"`{setting}`" in settings_doc, f"{setting} is not in docs/settings.md"


def test_docs_mention_every_clause_id_of_the_bundled_policy() -> None:
    from postguard.policy.loader import load_policy

    policy_doc = DOCS
    for clause in load_policy().clauses:
        assert clause.id in policy_doc
