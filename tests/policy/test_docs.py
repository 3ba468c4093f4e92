"""docs/policy.md documents every field, workflow, command and option (DESIGN style 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from pydantic import BaseModel

from postguard.cli import policy as policy_cli
from postguard.detectors.registry import DETECTORS
from postguard.policy import (
    WORKFLOWS,
    Clause,
    LinkedPolicy,
    Policy,
    Rule,
    RuleSelect,
    VersionEntry,
    load_policy,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "policy.md"
LOADER_SET = {"source", "digest"}


def doc_text() -> str:
    assert DOC.is_file(), f"{DOC} is missing"
    return DOC.read_text(encoding="utf-8")


def fields(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def documented(name: str) -> str:
    return f"`{name}`"


def assert_documented(names: list[str] | tuple[str, ...], what: str) -> None:
    text = doc_text()
    missing = [n for n in names if documented(n) not in text]
    assert not missing, f"docs/policy.md does not document these {what}: {missing}"


@pytest.mark.parametrize("model", [Policy, Clause, Rule, RuleSelect, VersionEntry, LinkedPolicy])
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    assert_documented(fields(model), f"{model.__name__} fields")


def test_every_workflow_detector_and_rule_is_documented() -> None:
    assert_documented(tuple(WORKFLOWS), "workflows")
    assert_documented(tuple(DETECTORS), "detectors")
    assert_documented([r.id for r in load_policy().rules], "bundled rules")


def test_every_command_and_option_is_documented() -> None:
    command = typer.main.get_command(policy_cli.app)
    text = doc_text()
    assert isinstance(command, typer.core.TyperGroup)
    for name, sub in command.commands.items():
        assert f"`postguard policy {name}" in text, name
        for param in sub.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in text, f"{name} {opt}"
    assert "POSTGUARD_POLICY" in text
