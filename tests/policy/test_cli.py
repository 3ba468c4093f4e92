"""``postguard policy validate | show | status``: exit codes, messages, JSON shape."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from postguard.cli import policy as policy_cli
from postguard.detectors.registry import detector_class
from postguard.policy import bundled_policy_path, load_policy

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "valid" / "minimal.yaml"
BROKEN = HERE / "broken"
BUNDLED_OK = "OK: cockburn-mat-social-media 1.0, 23 clauses, 17 rules"

root = typer.Typer()
root.add_typer(policy_cli.app, name="policy")

CLEAN_ENV: dict[str, str | None] = {
    "POSTGUARD_POLICY": None,
    "POSTGUARD_TODAY": None,
    "POSTGUARD_ENV": "test",
    "FORCE_COLOR": None,  # plain text, whatever the CI environment asks of rich
    "TTY_COMPATIBLE": None,
}


def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(root, ["policy", *args], env={**CLEAN_ENV, **(env or {})})


def assert_run(result: Result, code: int, stdout: str = "", stderr: str = "") -> None:
    """Exit ``code``, with ``stdout`` in the standard output and ``stderr`` in the error output."""
    detail = f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.exit_code == code, detail
    assert stdout in result.stdout, detail
    assert stderr in result.stderr, detail


@pytest.mark.parametrize(
    "args, env, code, stdout, stderr",
    [
        (["validate"], {}, 0, BUNDLED_OK, ""),
        (["validate", str(bundled_policy_path())], {}, 0, BUNDLED_OK, ""),
        (["validate", str(MINIMAL)], {}, 0, "OK: example-trust 2.1, 3 clauses, 2 rules", ""),
        (["validate", "--policy", str(MINIMAL)], {}, 0, "OK: example-trust 2.1", ""),
        (["validate"], {"POSTGUARD_POLICY": str(MINIMAL)}, 0, "OK: example-trust 2.1", ""),
        (
            ["validate", str(BROKEN / "unknown_clause.yaml")],
            {},
            3,
            "",
            f"{BROKEN / 'unknown_clause.yaml'}: rule C1-NAME-PHOTO: field 'clauses': "
            "unknown clause 'C66' (line 36)",
        ),
        (
            ["validate"],
            {"POSTGUARD_POLICY": str(BROKEN / "bad_action.yaml")},
            3,
            "",
            "rule C1-NAME-PHOTO: field 'action'",
        ),
        (["validate", str(HERE / "absent.yaml")], {}, 3, "", "cannot read file"),
        (["validate"], {"POSTGUARD_ENV": "staging"}, 3, "", "POSTGUARD_ENV"),
    ],
)
def test_validate(
    args: list[str], env: dict[str, str], code: int, stdout: str, stderr: str
) -> None:
    assert_run(run(*args, env=env), code, stdout, stderr)


DOCUMENT = HERE.parents[2] / "shared" / "policy" / "cockburn-mat-social-media-policy-2021.txt"


def bundled_line(words: str) -> int:
    lines = bundled_policy_path().read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if words in line)


@pytest.mark.parametrize(
    "edit, code, stdout, stderr",
    [
        (None, 0, BUNDLED_OK + "; every clause word for word in ", ""),
        (
            ("appropriate and safe", "safe"),
            3,
            "",
            "clause S8: field 'text': not word for word in the policy document: after "
            "'external sites from the account are' the clause has 'appropriate and safe.' "
            f"(line {bundled_line('Care must be taken') - 1})",
        ),
        (("Reviewed by", "Approved by"), 3, "", "clause M1: field 'text'"),
    ],
)
def test_validate_against_the_document(
    tmp_path: Path, edit: tuple[str, str] | None, code: int, stdout: str, stderr: str
) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit)
    document = tmp_path / "policy.txt"
    document.write_text(text, encoding="utf-8")
    assert_run(run("validate", "--document", str(document)), code, stdout, stderr)


def test_validate_with_a_missing_document() -> None:
    missing = HERE / "absent.txt"
    assert_run(
        run("validate", "--document", str(missing)), 3, "", "cannot read the policy document"
    )


def test_validate_prints_every_problem_on_stderr() -> None:
    path = BROKEN / "multiple_errors.yaml"
    result = run("validate", str(path))
    assert_run(result, 3, "", f"INVALID: 4 problems in {path}")
    error_lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert len(error_lines) == 4
    assert result.stdout == ""


def test_validate_json() -> None:
    ok = json.loads(run("validate", "--json").stdout)
    assert ok["ok"] is True
    assert (ok["id"], ok["version"], ok["clauses"], ok["rules"]) == (
        "cockburn-mat-social-media",
        "1.0",
        23,
        17,
    )
    result = run("validate", "--json", str(BROKEN / "multiple_errors.yaml"))
    assert result.exit_code == 3
    bad = json.loads(result.stdout)
    assert bad["ok"] is False
    assert [(p["where"], p["field"], p["line"]) for p in bad["problems"]] == [
        ("clause C3", "title", 29),
        ("clause C3", "titel", 31),
        ("rule C1-NAME-PHOTO", "detector", 37),
        ("rule C2-COMMENT-ABUSE", "action", 52),
    ]


@pytest.mark.parametrize(
    "args, env, code, stdout, stderr",
    [
        (["status", "--today", "2023-01-01"], {}, 0, "OVERDUE since 2022-09-01 (122 days)", ""),
        (["status", "--today", "2022-03-01"], {}, 0, "due 2022-09-01 (in 184 days)", ""),
        (["status", "--today", "2022-03-01"], {}, 0, "owner       The Board", ""),
        (["status", "--today", "2022-03-01"], {}, 0, "dated       2021-09-01", ""),
        (["status", "--today", "2022-03-01"], {}, 0, "version     1.0", ""),
        (
            ["status"],
            {"POSTGUARD_TODAY": "2022-09-11"},
            0,
            "OVERDUE since 2022-09-01 (10 days)",
            "",
        ),
        (["status", "--fail-overdue", "--today", "2023-01-01"], {}, 1, "OVERDUE", ""),
        (["status", "--fail-overdue", "--today", "2022-01-01"], {}, 0, "due 2022-09-01", ""),
        (["status", "--today", "01/09/2022"], {}, 3, "", "--today: '01/09/2022' is not"),
        (
            ["status", "--today", "2025-01-01"],
            {"POSTGUARD_POLICY": str(MINIMAL)},
            0,
            "due 2025-09-01 (in 243 days)",
            "",
        ),
        (["status", "--policy", str(BROKEN / "bad_yaml.yaml")], {}, 3, "", "YAML syntax error"),
    ],
)
def test_status(args: list[str], env: dict[str, str], code: int, stdout: str, stderr: str) -> None:
    assert_run(run(*args, env=env), code, stdout, stderr)


def test_status_json() -> None:
    data = json.loads(run("status", "--json", "--today", "2023-01-01").stdout)
    assert data == {
        "id": "cockburn-mat-social-media",
        "title": "Cockburn MAT Social Media Policy",
        "version": "1.0",
        "owner": "The Board",
        "dated": "2021-09-01",
        "review_due": "2022-09-01",
        "today": "2023-01-01",
        "overdue": True,
        "overdue_since": "2022-09-01",
        "days_overdue": 122,
        "days_until_due": 0,
        "status": "OVERDUE since 2022-09-01 (122 days)",
        "versions": [{"version": "1.0", "date": "2021-09-01", "author": None, "changes": None}],
        "source": str(bundled_policy_path()),
        "digest": load_policy().digest,
    }


@pytest.mark.parametrize(
    "args, stdout",
    [
        ([], "S6 (No names with photographs of children)"),
        ([], "    rule S6-PUPIL-NAME-PHOTO  detector names  action block"),
        ([], "    rule P2-P3-SAFEGUARDING  detector comments  action block"),
        ([], "    workflow policy_review: the Board reviews the policy"),
        ([], "TRUST SANCTIONED USE OF SOCIAL MEDIA"),
        ([], "Safeguarding Vulnerable Groups Act 2006"),
        (
            ["--text"],
            "    Staff must not [...] identify by name any children featured in photographs",
        ),
        (["--policy", str(MINIMAL)], "C2 (Remove abusive comments)"),
    ],
)
def test_show(args: list[str], stdout: str) -> None:
    assert_run(run("show", *args), 0, stdout)


def test_show_lists_every_clause_with_what_carries_it() -> None:
    lines = run("show").stdout.splitlines()
    policy = load_policy()
    for clause in policy.clauses:
        at = lines.index(str(clause.ref))
        assert lines[at + 1].startswith(("    rule ", "    workflow ")), clause.id


def test_show_json() -> None:
    data = json.loads(run("show", "--json").stdout)
    assert set(data) == {"policy", "clauses", "rules", "linked_policies"}
    assert data["policy"]["id"] == "cockburn-mat-social-media"
    assert len(data["clauses"]) == 23
    s6 = next(c for c in data["clauses"] if c["id"] == "S6")
    assert s6["cite"] == "S6 (No names with photographs of children)"
    assert s6["rules"] == [
        {"id": "S6-PUPIL-NAME-PHOTO", "detector": "names", "action": "block", "implemented": True},
        {"id": "S6-PUPIL-NAME-IN-IMAGE", "detector": "ocr", "action": "block", "implemented": True},
    ]
    assert all(c["rules"] or c["workflow"] for c in data["clauses"])
    assert [r["id"] for r in data["rules"]][:2] == ["S6-PUPIL-NAME-PHOTO", "S7-PUPIL-FULL-NAME"]
    assert data["rules"][1]["select"] == {
        "subtypes": ["full_name", "handle", "family"],
        "min_score": None,
    }


def test_show_says_when_a_detector_is_not_built_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detector_class("links"), "implemented", False)
    line = "    rule S8-LINK-UNSAFE  detector links  action block  (detector not built yet)"
    assert_run(run("show"), 0, line)
    assert "not built yet" not in run("show", "--policy", str(MINIMAL)).stdout


def test_show_rejects_a_broken_policy() -> None:
    assert_run(run("show", "--policy", str(BROKEN / "unknown_detector.yaml")), 3, "", "tarot")
