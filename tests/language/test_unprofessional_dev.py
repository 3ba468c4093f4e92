"""Floors on the unprofessional-post development set (tests/data/unprofessional_dev.jsonl).

147 posts written for issue 5's follow-up by the engineer who then broadened the
rules: 72 with unprofessional passages (swearing, mockery, individual matters,
staff disputes, politics: 73 expected findings) and 75 hard negatives (behaviour
policies, health weeks, school-council elections, strike closure notices...).
Measured before the broadening: recall 0.219 (16/73), precision 0.889 (16/18),
2 of 75 negatives flagged. The set is in-sample for the broadened rules: these
floors guard against regressions, they do not estimate real-world accuracy
(docs/models.md has the blind held-out figure).
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

DEV = Path(__file__).resolve().parents[1] / "data" / "unprofessional_dev.jsonl"
SUBTYPES = ("swearing", "mockery", "individual_matter", "staff_dispute", "political")


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], text.find(needle)
    while start != -1:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


@pytest.fixture(scope="module")
def scored() -> dict[str, Any]:
    detector = UnprofessionalDetector()
    found_total = matched_findings = 0
    hits: Counter[str] = Counter()
    items: Counter[str] = Counter()
    flagged_negatives = negatives = 0
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
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
                for s, e in _occurrences(text, item["quote"])
            )
            for d in found
        )
        for item in expected:
            items[item["subtype"]] += 1
            spans = _occurrences(text, item["quote"])
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
    }


def test_dev_set_shape(scored: dict[str, Any]) -> None:
    assert scored["rows"] == 147
    assert scored["negatives"] == 75


def test_dev_set_recall_and_precision(scored: dict[str, Any]) -> None:
    assert scored["recall"] >= 0.95, scored
    assert scored["precision"] >= 0.90, scored


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_dev_set_recall_per_kind(scored: dict[str, Any], subtype: str) -> None:
    by_subtype = scored["by_subtype"]
    assert by_subtype[subtype] >= 0.90, by_subtype


def test_dev_set_hard_negatives_mostly_clean(scored: dict[str, Any]) -> None:
    assert scored["flagged_negatives"] <= 2, scored
