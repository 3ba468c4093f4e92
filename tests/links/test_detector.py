"""The links detector: detection shape, and the northfield corpus link by link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postguard.content import comment, post
from postguard.detectors.base import DetectionContext
from postguard.detectors.links import LinkPolicy, LinksDetector, normalise_url
from postguard.detectors.links.detector import LinksParams
from postguard.findings import Detection
from postguard.roster.importer import load_roster

DETECTOR = LinksDetector()
CONTEXT = DetectionContext(links=LinkPolicy.build(trust_domains=["stmarys.sch.uk"]))


def assert_detections(text: str, expected: list[tuple[str, str, str]]) -> None:
    """``expected``: (quote, subtype, a reason code) per detection, in order."""
    found = DETECTOR.detect(post(text), CONTEXT)
    assert [(d.quote, d.subtype) for d in found] == [(q, s) for q, s, _ in expected]
    for d, (_, _, reason) in zip(found, expected, strict=True):
        assert_shape(text, d)
        assert reason in d.attributes["reasons"]


def assert_shape(text: str, d: Detection) -> None:
    assert d.kind == "link" and d.detector_id == "links"
    assert d.location.start is not None and d.location.end is not None
    assert text[d.location.start : d.location.end] == d.quote
    assert d.location.url == normalise_url(d.quote) == d.attributes["normalised"]
    assert d.attributes["verdict"] == d.subtype
    assert d.explanation and d.fix


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Book here: bit.ly/abc!", [("bit.ly/abc", "review", "shortener")]),
        ("Pay at https://www.paypa1.com/x.", [("https://www.paypa1.com/x", "unsafe", "lookalike")]),
        ("News: https://www.stmarys.sch.uk/news and https://www.gov.uk/x", []),
        (
            "Fake: https://stmarys-sch-uk.com/login",
            [("https://stmarys-sch-uk.com/login", "unsafe", "impersonation")],
        ),
        ("Get it: hxxp://198.51.100.4/a.exe", [("hxxp://198.51.100.4/a.exe", "unsafe", "ip-host")]),
        (
            "two: is.gd/x and www.dropbox.com/s/y",
            [("is.gd/x", "review", "shortener"), ("www.dropbox.com/s/y", "review", "file-sharing")],
        ),
        (
            "[gov.uk](https://grants-portal.example.com/apply)",
            [("https://grants-portal.example.com/apply", "unsafe", "deceptive-text")],
        ),
    ],
)
def test_detections(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert_detections(text, expected)


def test_params_select_verdicts() -> None:
    only_unsafe = LinksDetector(LinksParams(verdicts=("unsafe",)))
    found = only_unsafe.detect(post("bit.ly/x and https://paypa1.com"), CONTEXT)
    assert [d.subtype for d in found] == ["unsafe"]


def test_comments_are_checked_too() -> None:
    (d,) = DETECTOR.detect(comment("win big at lucky-casino.win/promo"), CONTEXT)
    assert (d.subtype, d.attributes["reasons"]) == ("unsafe", ["gambling"])


@pytest.fixture(scope="module")
def northfield(northfield_dir: Path) -> tuple[DetectionContext, list[dict[str, object]]]:
    roster = load_roster(northfield_dir)
    lines = (northfield_dir / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [json.loads(line) for line in lines if line.strip()]
    return DetectionContext(roster=roster), posts


def test_northfield_posts_exactly(
    northfield: tuple[DetectionContext, list[dict[str, object]]],
) -> None:
    """Every expected link found with its verdict, and nothing else flagged."""
    context, posts = northfield
    detector = LinksDetector()  # defaults + the trust's domains from the roster
    for p in posts:
        text = str(p["text"])
        found = {
            d.location.url: d.subtype
            for d in detector.detect(post(text, school=str(p["school"])), context)
        }
        expected = {
            normalise_url(str(e["url"])): e["verdict"]
            for e in p["expected"]  # type: ignore[attr-defined]
            if e["kind"] == "link"
        }
        assert found == expected, p["id"]
