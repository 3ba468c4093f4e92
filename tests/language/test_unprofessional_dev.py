"""Floors on the unprofessional-post development sets.

``tests/data/unprofessional_dev.jsonl``: 147 posts written for issue 5's follow-up by
the engineer who then broadened the rules: 72 with unprofessional passages (swearing,
mockery, individual matters, staff disputes, politics: 73 expected findings) and 75
hard negatives (behaviour policies, health weeks, school-council elections, strike
closure notices...). Measured before the broadening: recall 0.219 (16/73), precision
0.889 (16/18), 2 of 75 negatives flagged.

``tests/data/unprofessional_fresh.jsonl``: 130 posts (72 findings, 60 hard negatives)
written by a helper who never read the rules. First run, as written: recall 0.319
(23/72), precision 0.917, 2 of 60 negatives flagged ("Bloody Sunday", "a bloody nose").

``tests/data/unprofessional_fresh_2.jsonl``: 130 posts (71 findings, 60 hard negatives)
by another helper who never read the rules, scored blind once after the first set's
broadening: recall 0.380 (27/71), precision 0.931, 0 of 60 negatives flagged (the rules
as this session began: 0.296, 0.875, 1 of 60).

``tests/data/unprofessional_fresh_3.jsonl``: 130 posts (72 findings) by a third helper,
scored blind once after the second set's broadening: recall 0.431 (31/72), precision
0.941, 1 of 60 negatives flagged (the rules as this session began: 0.264, 0.905, 1 of 60).

``tests/data/unprofessional_fresh_4.jsonl``: 130 posts (73 findings) by a fourth helper,
held back from everything and scored with the rules and the tone model: recall 0.740,
precision 0.871, 3 of 60 negatives flagged at the first threshold (0.93), 0.658 / 0.857 at
the shipped one (0.95); rules alone 0.589; at the session's start 0.342. Its floors guard
that figure; it is not in-sample for anything.

The first four sets are in-sample for the broadened rules: these floors guard against
regressions, they do not estimate real-world accuracy (docs/models.md has the blind
figures).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector
from postguard.evaluation.posts import occurrences

DATA = Path(__file__).resolve().parents[1] / "data"
#: file, rows, hard negatives, recall floor, precision floor, per-kind floor, negatives flagged
SETS = {
    "dev": ("unprofessional_dev.jsonl", 147, 75, 0.95, 0.90, 0.90, 2),
    "fresh": ("unprofessional_fresh.jsonl", 130, 60, 0.85, 0.88, 0.75, 1),
    "fresh_2": ("unprofessional_fresh_2.jsonl", 130, 60, 0.9, 0.9, 0.85, 1),
    "fresh_3": ("unprofessional_fresh_3.jsonl", 130, 60, 0.9, 0.9, 0.85, 1),
    # Not trained on by the tone model, not read for rules: the blind figure, guarded.
    "fresh_4": ("unprofessional_fresh_4.jsonl", 130, 60, 0.62, 0.83, 0.45, 3),
}
SUBTYPES = ("swearing", "mockery", "individual_matter", "staff_dispute", "political")


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request: pytest.FixtureRequest) -> dict[str, Any]:
    name, n_rows, n_negatives, recall, precision, per_kind, flagged = SETS[request.param]
    detector = UnprofessionalDetector()
    found_total = matched_findings = 0
    hits: Counter[str] = Counter()
    items: Counter[str] = Counter()
    flagged_negatives = negatives = 0
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    for row in rows:
        text = row["text"]
        found = detector.detect(post(text), DetectionContext())
        expected = row["expected"]
        for d in found:
            assert d.quote == text[d.location.start : d.location.end]
        found_total += len(found)
        matched_findings += sum(
            any(
                d.location.overlaps(s, e)
                for item in expected
                for s, e in occurrences(text, item["quote"])
            )
            for d in found
        )
        for item in expected:
            items[item["subtype"]] += 1
            spans = occurrences(text, item["quote"])
            if any(d.location.overlaps(s, e) for d in found for s, e in spans):
                hits[item["subtype"]] += 1
        if not expected:
            negatives += 1
            flagged_negatives += bool(found)
    return {
        "rows": len(rows),
        "precision": matched_findings / max(found_total, 1),
        "recall": sum(hits.values()) / sum(items.values()),
        "by_subtype": {k: hits[k] / items[k] for k in SUBTYPES},
        "flagged_negatives": flagged_negatives,
        "negatives": negatives,
        "floors": {
            "rows": n_rows,
            "negatives": n_negatives,
            "recall": recall,
            "precision": precision,
            "per_kind": per_kind,
            "flagged": flagged,
        },
    }


def test_set_shape(scored: dict[str, Any]) -> None:
    assert scored["rows"] == scored["floors"]["rows"]
    assert scored["negatives"] == scored["floors"]["negatives"]


def test_set_recall_and_precision(scored: dict[str, Any]) -> None:
    assert scored["recall"] >= scored["floors"]["recall"], scored
    assert scored["precision"] >= scored["floors"]["precision"], scored


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_set_recall_per_kind(scored: dict[str, Any], subtype: str) -> None:
    by_subtype = scored["by_subtype"]
    assert by_subtype[subtype] >= scored["floors"]["per_kind"], by_subtype


def test_set_hard_negatives_mostly_clean(scored: dict[str, Any]) -> None:
    assert scored["flagged_negatives"] <= scored["floors"]["flagged"], scored
