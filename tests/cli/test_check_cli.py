"""``postguard check``, ``eval`` and ``demo``: exit codes, input sources, JSON, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.demo import demo_dir, demo_posts

runner = CliRunner()
NAMED = "Well done Maisie Trelawney, reader of the week!"


@pytest.mark.parametrize(
    "args, code",
    [
        (["check", "We hope everyone has a restful half term."], 0),
        (["check", "A stunning solo from Dami tonight.", "--school", "Riverside Academy"], 1),
        (["check", NAMED, "--images", "2"], 2),
        (["check", NAMED], 2),
        (["check", "--file", "/no/such/file.txt"], 3),
        (["check", "hello", "--policy", "/no/such/policy.yaml"], 3),
        (["check", "hello", "--roster", "/no/such/roster"], 3),
        (["check", "hello", "--today", "23/11/2026"], 3),
        (["check", "hello", "--file", "x.txt"], 3),
    ],
)
def test_check_exit_codes(args: list[str], code: int) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output


def test_check_reads_stdin_and_file(tmp_path: Path) -> None:
    from_stdin = runner.invoke(app, ["check", "-", "--images", "1"], input=NAMED)
    assert from_stdin.exit_code == 2
    draft = tmp_path / "draft.txt"
    draft.write_text(NAMED, encoding="utf-8")
    from_file = runner.invoke(app, ["check", "--file", str(draft), "--images", "1"])
    assert from_file.exit_code == 2
    assert "S6" in from_file.output and "Maisie Trelawney" in from_file.output


def test_check_json_shape() -> None:
    result = runner.invoke(app, ["check", NAMED, "--images", "1", "--json"])
    data = json.loads(result.output)
    assert data["outcome"] == "blocked"
    (finding,) = data["findings"]
    assert finding["rule_id"] == "S6-PUPIL-NAME-PHOTO"
    assert [c["id"] for c in finding["clauses"]] == ["S6", "S7"]
    assert NAMED[finding["start"] : finding["end"]] == "Maisie Trelawney"
    assert finding["fix"]


def test_errors_are_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("schema_version: 1\nid: x\nrules: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "hello", "--policy", str(bad)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "policy.yaml" in result.output


def test_eval_json_on_the_demo_trust() -> None:
    result = runner.invoke(app, ["eval", str(demo_dir()), "--json", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = data["posts"]["pupil_name"]
    for key in ("precision", "recall", "f1", "tp", "fp", "fn", "misses", "false_alarms"):
        assert key in names
    assert names["tp"] > 0


def test_eval_refuses_a_missing_or_malformed_dataset(tmp_path: Path) -> None:
    assert runner.invoke(app, ["eval", str(tmp_path / "nope")]).exit_code == 3
    (tmp_path / "posts.jsonl").write_text('{"id": "p1", "text": "hi"\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 3
    assert "posts.jsonl:1" in result.output


def test_demo_checks_every_sample_post() -> None:
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == [p["id"] for p in demo_posts()]
    assert {line["outcome"] for line in lines} >= {"publish", "blocked"}


@pytest.mark.parametrize(
    "args, code",
    [
        (["check", "hello", "--images", "-1"], 3),  # a usage error is never "blocked" (2)
        (["no-such-command"], 3),
        (["check", NAMED, "--images", "1"], 2),
        (["version"], 0),
    ],
)
def test_the_real_entry_point_keeps_usage_errors_apart_from_verdicts(
    args: list[str], code: int
) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "postguard", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == code, done.stderr
