"""The names detector on the labelled northfield posts: exact findings for some, and the floors.

The whole-corpus check scores exactly as ``postguard eval`` does (a detection
matches an expected item when its span overlaps an occurrence of the quote and
the UPN is among its candidates), on the detector alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.names import NamesDetector
from postguard.findings import Detection
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def northfield(northfield_dir: Path) -> tuple[DetectionContext, dict[str, dict[str, Any]]]:
    roster = load_roster(northfield_dir)
    context = DetectionContext(roster=roster, names=RosterIndex.build(roster, TODAY), today=TODAY)
    lines = (northfield_dir / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = {p["id"]: p for p in map(json.loads, lines)}
    return context, posts


def _detect(context: DetectionContext, p: dict[str, Any]) -> list[Detection]:
    content = post(p["text"], images=p["images"], school=p["school"], platform=p["platform"])
    return list(NamesDetector().detect(content, context))


@pytest.mark.parametrize(
    "post_id, expected",
    [
        # full names beside staff ("Mr Baker", "Mr Hughes") and an initial
        ("dev-p024", [("Oscar Hall", "full_name"), ("King Afolabi", "full_name"),
                      ("Sky Mills", "full_name"), ("Tyler B.", "initial"),
                      ("Marcus Bailey", "full_name")]),
        # a family reference and two forenames with their year
        ("dev-p107", [("the Brennan family", "family"), ("Lizzie", "forename"),
                      ("Will", "forename")]),
        # a staff member who shares a pupil's forename
        ("dev-p190", [("Will Brennan", "full_name")]),
        # the mum ("Adaeze") is not a pupil
        ("dev-p147", [("Kamsi", "forename"), ("Ebube's", "forename")]),
        # an alumnus, then by title
        ("dev-p057", [("Callum Fraser", "full_name"), ("Dr Fraser", "surname")]),
        # hard negatives: staff with titles, "without Grace knowing", ordinary words
        ("dev-p048", []),
        ("dev-p041", []),  # "was George right?" about Of Mice and Men
        ("dev-p015", []),
        ("dev-p115", [("Seun", "forename"), ("Harriet", "forename")]),
        ("dev-p213", [("Faith Ogunleye", "full_name"), ("Daniel Hope", "full_name")]),
        ("dev-p127", [("M a r k   Y o u n g", "full_name")]),
        ("dev-p171", [("@kingafolabi_23", "handle")]),
    ],
)  # fmt: skip
def test_realistic_posts_exact_findings(
    northfield: tuple[DetectionContext, dict[str, dict[str, Any]]],
    post_id: str,
    expected: list[tuple[str, str]],
) -> None:
    context, posts = northfield
    p = posts[post_id]
    found = _detect(context, p)
    assert [(d.quote, d.subtype) for d in found] == expected
    named = {e["upn"] for e in p["expected"] if e["kind"] == "pupil_name"}
    for d in found:
        assert named & {c.upn for c in d.candidates}, d.quote


def test_northfield_recall_and_precision(
    northfield: tuple[DetectionContext, dict[str, dict[str, Any]]],
) -> None:
    context, posts = northfield
    hit_items = total_items = matched = found_total = 0
    for p in posts.values():
        text = p["text"]
        found = _detect(context, p)
        items = [e for e in p["expected"] if e["kind"] == "pupil_name"]
        used: set[int] = set()
        for e in items:
            spans = [(i, i + len(e["quote"])) for i in _all(text, e["quote"])]
            ok = [
                k
                for k, d in enumerate(found)
                if any(d.location.overlaps(a, b) for a, b in spans)
                and e["upn"] in {c.upn for c in d.candidates}
            ]
            used.update(ok)
            hit_items += bool(ok)
        total_items += len(items)
        matched += len(used)
        found_total += len(found)
    recall, precision = hit_items / total_items, matched / found_total
    assert recall >= 0.98, f"recall {recall:.3f}"
    assert precision >= 0.97, f"precision {precision:.3f}"


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out
