"""PiiDetector on the labelled northfield posts: exact findings, post by post.

Every post (clean ones included, with their hard negatives: the official phones
and emails, a staff baby's birth date, an age with no name) must give exactly the
``pii`` items a careful DSL listed, with the same type and the same quote. Ages
tied to a name need the roster's name index, so they are checked on their own.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.pii import PiiDetector
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex

REFERENCE_DATE = date(2026, 11, 23)
POSTS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "northfield" / "posts.jsonl"
)


def _posts() -> list[dict[str, Any]]:
    if not POSTS.is_file():
        return []
    return [json.loads(line) for line in POSTS.read_text(encoding="utf-8").splitlines() if line]


ALL_POSTS = {p["id"]: p for p in _posts()}
AGE_POSTS = [
    i for i, p in ALL_POSTS.items() if any(e.get("type") == "age_with_name" for e in p["expected"])
]


@pytest.fixture(scope="module")
def context(northfield_dir: Path) -> DetectionContext:
    roster = load_roster(northfield_dir)
    names = RosterIndex.build(roster, today=REFERENCE_DATE)
    return DetectionContext(roster=roster, names=names, today=REFERENCE_DATE)


def assert_post(context: DetectionContext, post_id: str, types: set[str]) -> None:
    """The post's detections of ``types`` are exactly its expected items of those types."""
    item = ALL_POSTS[post_id]
    content = post(item["text"], school=item["school"], platform=item["platform"])
    found = PiiDetector().detect(content, context)
    for d in found:
        assert d.location.start is not None and d.location.end is not None
        assert item["text"][d.location.start : d.location.end] == d.quote
    expected = sorted(
        (e["type"], e["quote"])
        for e in item["expected"]
        if e["kind"] == "pii" and e["type"] in types
    )
    assert sorted((d.subtype, d.quote) for d in found if d.subtype in types) == expected


def test_the_corpus_is_there() -> None:
    assert len(ALL_POSTS) == 220 and len(AGE_POSTS) == 5


@pytest.mark.parametrize("post_id", sorted(ALL_POSTS))
def test_post_gives_exactly_its_pii(context: DetectionContext, post_id: str) -> None:
    types = {"phone", "email", "postal_address", "postcode", "date_of_birth", "upn"}
    assert_post(context, post_id, types)


@pytest.mark.parametrize("post_id", sorted(ALL_POSTS))
def test_post_gives_exactly_its_ages_with_names(context: DetectionContext, post_id: str) -> None:
    assert_post(context, post_id, {"age_with_name"})
