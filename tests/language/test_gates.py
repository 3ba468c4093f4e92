"""Quality gates on the northfield dev set (issue 5), enforced as tests.

Read docs/models.md before trusting these numbers: the rules were written with
the dev set in view, so these are in-sample figures. The honest, out-of-sample
figures (author-written held-out sets, public data) are in the model card and
guarded, at their measured level, by test_heldout.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector
from postguard.evaluation.comments import score_comments

REFERENCE_DATE = date(2026, 11, 23)


@pytest.fixture(scope="module")
def comment_scores(northfield_dir: Path) -> dict[str, Any]:
    return score_comments(northfield_dir, today=REFERENCE_DATE)


def test_comments_macro_f1(comment_scores: dict[str, Any]) -> None:
    assert comment_scores["macro_f1"] >= 0.80, comment_scores["misclassified"]


def test_comments_safeguarding_recall(comment_scores: dict[str, Any]) -> None:
    assert comment_scores["safeguarding_recall"] >= 0.90, comment_scores["misclassified"]


def test_ok_comments_wrongly_hidden(comment_scores: dict[str, Any]) -> None:
    assert comment_scores["ok_wrongly_hidden"] <= 0.05, comment_scores["misclassified"]


def test_confusion_matrix_counts_every_comment(comment_scores: dict[str, Any]) -> None:
    matrix = comment_scores["confusion"]["matrix"]
    assert sum(sum(row) for row in matrix) == comment_scores["n"] == 260


def _unprofessional_scores(northfield_dir: Path) -> tuple[float, float]:
    detector = UnprofessionalDetector()
    context = DetectionContext(today=REFERENCE_DATE)
    matched_findings = findings = matched_items = items = 0
    for line in (northfield_dir / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        text = raw["text"]
        spans = [
            (text.index(e["quote"]), text.index(e["quote"]) + len(e["quote"]))
            for e in raw["expected"]
            if e["kind"] == "unprofessional"
        ]
        found = detector.detect(post(text, images=raw.get("images", 0)), context)
        findings += len(found)
        matched_findings += sum(any(d.location.overlaps(s, e) for s, e in spans) for d in found)
        items += len(spans)
        matched_items += sum(any(d.location.overlaps(s, e) for d in found) for s, e in spans)
    return matched_findings / max(findings, 1), matched_items / max(items, 1)


def test_unprofessional_posts_precision_and_recall(northfield_dir: Path) -> None:
    precision, recall = _unprofessional_scores(northfield_dir)
    assert precision >= 0.80
    assert recall >= 0.80
