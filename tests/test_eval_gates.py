"""Quality gates on the labelled northfield data: precision and recall floors per kind.

These are the figures the issues promise; a change that drops below them fails CI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postguard.cli.eval import run_eval

REFERENCE_DATE = date(2026, 11, 23)  # the northfield dataset's reference date

FLOORS = {
    # kind: (min precision, min recall)
    "pupil_name": (0.95, 0.97),
    "pii": (0.90, 0.95),
    "link": (0.90, 0.95),
    "unprofessional": (0.80, 0.80),
}


@pytest.fixture(scope="module")
def northfield_scores(northfield_dir: Path) -> dict[str, Any]:
    return run_eval(northfield_dir, None, REFERENCE_DATE, None)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_northfield_posts_meet_the_floor(northfield_scores: dict[str, Any], kind: str) -> None:
    min_p, min_r = FLOORS[kind]
    s = northfield_scores["posts"][kind]
    assert "status" not in s, f"{kind}: {s.get('status')}"
    detail = f"misses={s['misses'][:10]} false_alarms={s['false_alarms'][:10]}"
    assert s["recall"] >= min_r, f"{kind} recall {s['recall']:.3f} < {min_r}; {detail}"
    assert s["precision"] >= min_p, f"{kind} precision {s['precision']:.3f} < {min_p}; {detail}"
