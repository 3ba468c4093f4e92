"""Guards at the level measured on text the rules and models were not tuned on.

``fresh_comments_4.jsonl`` was written by the rules' author after the rules, and
is never read by training (train/train_concern.py holds it out); the Perspective
sample is public Wikipedia talk text. These floors are the honest figures of
docs/models.md minus a small margin: a change that loses recall or hides more
clean comments fails here even if the (in-sample) dev-set gates still pass.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from postguard.language.classifier import classify_texts

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]
PERSPECTIVE = (
    REPO.parent
    / "shared/data/public/perspective-wiki-2k-scores"
    / "perspective_wikipedia_2k_score_sample_20180829.csv"
)


def _rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _recall_and_hidden(rows: list[dict[str, str]], label: str) -> tuple[float, float]:
    got = [a.label.value for a in classify_texts([r["text"] for r in rows])]
    gold = [r["label"] for r in rows]
    positives = [g == label for g in gold]
    recall = sum(p and g == label for p, g in zip(positives, got, strict=True)) / sum(positives)
    ok = [g for g, r in zip(got, gold, strict=True) if r == "ok"]
    return recall, sum(g != "ok" for g in ok) / len(ok)


@pytest.mark.parametrize(
    "name, label, min_recall, max_hidden",
    [
        # Issue #5 retrain (benign dev set, threshold 0.55 -> 0.47): recall 16 -> 17 of
        # 25 and ok hidden 3 -> 4 of 25 (0.16): the floor moved from 0.15 with it.
        ("fresh_comments_4.jsonl", "safeguarding", 0.64, 0.17),
        ("fresh_comments_3.jsonl", "abusive", 0.50, 0.05),
        ("fresh_comments_3.jsonl", "spam", 0.55, 0.05),
        # Set 5's first run (written after reading the rules: an upper bound).
        ("fresh_comments_5.jsonl", "safeguarding", 0.83, 0.17),
        ("fresh_comments_5.jsonl", "abusive", 0.75, 0.17),
        # Set 6 was written by a helper who never read the rules. First run (the honest
        # figure): macro-F1 0.819, safeguarding 14/23, personal data 7/12, ok hidden 4/45.
        # The rules were then broadened with general phrasings; these floors are in-sample
        # and guard the broadening (docs/models.md, "Set 6").
        ("fresh_comments_6.jsonl", "safeguarding", 0.95, 0.05),
        ("fresh_comments_6.jsonl", "abusive", 0.9, 0.05),
        ("fresh_comments_6.jsonl", "personal_data", 0.9, 0.05),
        ("fresh_comments_6.jsonl", "spam", 0.9, 0.05),
        # Set 7, by another helper, scored blind once after set 6's broadening: macro-F1
        # 0.891, safeguarding 19/23, ok hidden 4/45 (the rules as this session began:
        # 0.858, 18/23, 5/45). Then broadened; in-sample since.
        ("fresh_comments_7.jsonl", "safeguarding", 0.95, 0.05),
        ("fresh_comments_7.jsonl", "abusive", 0.9, 0.05),
        ("fresh_comments_7.jsonl", "spam", 0.9, 0.05),
        # Set 8 (37 safeguarding of 120), scored blind once after set 7's broadening:
        # macro-F1 0.894, safeguarding 31/37, ok hidden 3/40 (the rules as this session
        # began: 0.842, 30/37, 4/40). Then broadened; in-sample since.
        ("fresh_comments_8.jsonl", "safeguarding", 0.95, 0.05),
        ("fresh_comments_8.jsonl", "abusive", 0.9, 0.05),
        ("fresh_comments_8.jsonl", "personal_data", 0.85, 0.05),
        # Set 9 (37 safeguarding of 120), scored blind once after set 8's broadening:
        # macro-F1 0.879, safeguarding 28/37, ok hidden 6/40 (the rules as this session
        # began: 0.841, 26/37, 9/40). Then broadened; in-sample since.
        ("fresh_comments_9.jsonl", "safeguarding", 0.95, 0.08),
        ("fresh_comments_9.jsonl", "spam", 0.9, 0.08),
        # Set 10 (37 safeguarding of 120), scored blind once after set 9's broadening:
        # macro-F1 0.879, safeguarding 28/37, ok hidden 3/40 (the rules as this session
        # began: 0.787, 27/37, 4/40). Then broadened; in-sample since.
        ("fresh_comments_10.jsonl", "safeguarding", 0.95, 0.05),
        ("fresh_comments_10.jsonl", "abusive", 0.85, 0.05),
        # Set 11: held back from the rules and from the second reader's training, scored
        # once: safeguarding 35/37 with the second reader (24/37 without), ok hidden 6/40.
        # Not in-sample for anything: these floors guard the blind figure.
        ("fresh_comments_11.jsonl", "safeguarding", 0.9, 0.16),
    ],
)
def test_authored_heldout_floor(
    name: str, label: str, min_recall: float, max_hidden: float
) -> None:
    recall, hidden = _recall_and_hidden(_rows(name), label)
    assert recall >= min_recall, f"{label} recall {recall:.2f} on {name}"
    assert hidden <= max_hidden, f"ok hidden {hidden:.2f} on {name}"


def test_clean_public_comments_are_rarely_hidden() -> None:
    with PERSPECTIVE.open(encoding="utf-8") as fh:
        clean = [r["comment_text"] for r in csv.DictReader(fh) if float(r["TOXICITY@6"]) <= 0.3]
    hidden = sum(a.label.value != "ok" for a in classify_texts(clean))
    assert hidden / len(clean) <= 0.03, f"{hidden} of {len(clean)} clean comments hidden"
