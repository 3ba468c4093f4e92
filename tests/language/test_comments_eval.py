from __future__ import annotations

import json
from pathlib import Path

import pytest

from postguard.evaluation.comments import score_comments
from postguard.evaluation.dataset import DatasetError


def _dataset(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    (tmp_path / "comments.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    return tmp_path


def assert_scores(rows: list[dict[str, str]], expected: dict[str, float], tmp_path: Path) -> None:
    scores = score_comments(_dataset(tmp_path, rows))
    for key, value in expected.items():
        got = scores["labels"][key]["f1"] if key in scores["labels"] else scores[key]
        assert got == pytest.approx(value), (key, scores)


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [
                {"id": "1", "text": "Thank you!", "label": "ok"},
                {"id": "2", "text": "You absolute muppet", "label": "abusive"},
            ],
            {"ok": 1.0, "abusive": 1.0, "spam": 0.0, "ok_wrongly_hidden": 0.0},
        ),
        (
            [
                {"id": "1", "text": "You absolute muppet", "label": "ok"},
                {"id": "2", "text": "Thank you!", "label": "ok"},
            ],
            {"ok": 0.6667, "ok_wrongly_hidden": 0.5},
        ),
    ],
)
def test_score_comments(
    rows: list[dict[str, str]], expected: dict[str, float], tmp_path: Path
) -> None:
    assert_scores(rows, expected, tmp_path)


def test_confusion_matrix_rows_are_gold(tmp_path: Path) -> None:
    scores = score_comments(
        _dataset(tmp_path, [{"id": "1", "text": "You absolute muppet", "label": "ok"}])
    )
    names = scores["confusion"]["labels"]
    row = scores["confusion"]["matrix"][names.index("ok")]
    assert row[names.index("abusive")] == 1
    assert scores["misclassified"] == [{"id": "1", "gold": "ok", "predicted": "abusive"}]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "comments.jsonl:1"),
        ('{"id": "1", "text": "hi", "label": "rude"}', "label must be one of"),
        ('{"id": "1", "label": "ok"}', "missing field 'text'"),
    ],
)
def test_bad_dataset_lines_fail_with_the_line(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "comments.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        score_comments(tmp_path)
