from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postguard.cli import app

RUNNER = CliRunner()


def assert_classified(stdin: str, expected: list[tuple[str, str, str]]) -> None:
    """``expected``: (id, first label, action) per output line, in input order."""
    result = RUNNER.invoke(app, ["comments", "classify", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["labels"][0], r["action"]) for r in rows] == expected
    for r in rows:
        assert set(r) == {"id", "labels", "scores", "action"}
        assert set(r["scores"]) == {
            "ok",
            "abusive",
            "profane",
            "spam",
            "personal_data",
            "safeguarding",
        }


@pytest.mark.parametrize(
    "stdin, expected",
    [
        (
            '{"id": "a", "text": "Lovely photos!"}\n{"id": "b", "text": "You absolute muppet"}\n',
            [("a", "ok", "keep"), ("b", "abusive", "hide-and-report-to-SLT")],
        ),
        (
            "Lovely photos!\n\nlol im done with life\n",
            [("1", "ok", "keep"), ("3", "safeguarding", "hide-and-refer-to-DSL")],
        ),
        (
            '{"text": "Free spins at the casino, link in bio"}\n',
            [("1", "spam", "hide-and-report-to-SLT")],
        ),
    ],
)
def test_classify_stdin(stdin: str, expected: list[tuple[str, str, str]]) -> None:
    assert_classified(stdin, expected)


def test_safeguarding_wins_the_routing_over_abuse() -> None:
    result = RUNNER.invoke(
        app, ["comments", "classify", "-"], input="you idiot, i know where the girl in red lives\n"
    )
    row = json.loads(result.stdout)
    assert row["labels"][:2] == ["safeguarding", "abusive"]
    assert row["action"] == "hide-and-refer-to-DSL"


def test_fast_skips_the_second_reader() -> None:
    text = "im so tired of pretending im fine at school\n"
    deep = RUNNER.invoke(app, ["comments", "classify", "-"], input=text)
    fast = RUNNER.invoke(app, ["comments", "classify", "-", "--fast"], input=text)
    assert deep.exit_code == 0 and fast.exit_code == 0, deep.output + fast.output
    assert json.loads(deep.stdout)["labels"] == ["safeguarding"]
    assert json.loads(fast.stdout)["labels"] == ["ok"]


def test_batches_keep_the_order(tmp_path: Path) -> None:
    lines = ["thanks!", "f*ck yes", "crypto signals group, join now"] * 5
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["comments", "classify", str(path), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    labels = [json.loads(line)["labels"][0] for line in result.stdout.splitlines()]
    assert labels == ["ok", "profane", "spam"] * 5


@pytest.mark.parametrize(
    "stdin, message",
    [
        ('{"id": 1, "text": "ok"}\n{not json\n', "stdin:2"),
        ('{"id": 1, "body": "no text field"}\n', "stdin:1"),
    ],
)
def test_bad_input_fails_with_the_line(stdin: str, message: str) -> None:
    result = RUNNER.invoke(app, ["comments", "classify", "-"], input=stdin)
    assert result.exit_code == 3
    assert message in result.output


def test_missing_file_fails_cleanly(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["comments", "classify", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 3
    assert "cannot read" in result.output
