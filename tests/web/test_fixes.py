"""One-click fixes: the edit each finding gets, and edits applied to the text."""

from __future__ import annotations

from datetime import date

import pytest

from postguard.findings import Action, Candidate, ClauseRef, Detection, Finding, Location
from postguard.roster.models import Pupil, Roster
from postguard.roster.phrases import year_label
from postguard.web.fixes import Edit, apply_edits, edit_for

ROSTER = Roster(
    pupils=(
        Pupil("P5", "Ada", "Lovelace", "Ada", "Lovelace", "5", "5L", date(2015, 1, 1), "School"),
        Pupil("PR", "Ben", "Okafor", "Ben", "Okafor", "R", "RB", date(2020, 1, 1), "School"),
        Pupil("P3", "Cara", "Moss", "Cara", "Moss", "3", "3M", date(2017, 1, 1), "School"),
        Pupil("P4", "Cara", "Hill", "Cara", "Hill", "4", "4H", date(2016, 1, 1), "School"),
        Pupil("PX", "Dev", "Rao", "Dev", "Rao", "Y?", "X", date(2016, 1, 1), "School"),
    )
)


def finding(
    text: str,
    quote: str,
    kind: str = "pupil_name",
    subtype: str | None = "full_name",
    candidates: tuple[tuple[str, float], ...] = (("P5", 1.0),),
    context: str = "text",
    occurrence: int = 0,
) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    detection = Detection(
        detector_id="test",
        kind=kind,
        location=Location(start=start, end=start + len(quote)),
        quote=quote,
        score=0.9,
        explanation="test",
        subtype=subtype,
        candidates=tuple(Candidate(u, c) for u, c in candidates),
        attributes={"context": context},
    )
    return Finding("R1", (ClauseRef("S6", "No names"),), Action.BLOCK, detection)


def assert_fixed(text: str, f: Finding, expected: str | None) -> None:
    edit = edit_for(f, text, ROSTER)
    if expected is None:
        assert edit is None
    else:
        assert edit is not None
        assert apply_edits(text, [edit]) == expected


@pytest.mark.parametrize(
    "text, quote, kwargs, expected",
    [
        ("Well done Ada Lovelace!", "Ada Lovelace", {}, "Well done a Year 5 pupil!"),
        ("Ada Lovelace won.", "Ada Lovelace", {}, "A Year 5 pupil won."),
        ("Great day. Ada Lovelace won.", "Ada Lovelace", {}, "Great day. A Year 5 pupil won."),
        ("Hi!\nAda won.", "Ada", {"subtype": "forename"}, "Hi!\nA Year 5 pupil won."),
        ("Ada's painting", "Ada", {"subtype": "forename"}, "A Year 5 pupil's painting"),
        ("Ada Lovelace's mum", "Ada Lovelace's", {}, "A Year 5 pupil's mum"),
        ("Ada\u2019s mum", "Ada\u2019s", {"subtype": "forename"}, "A Year 5 pupil\u2019s mum"),
        ("Lovelace' prize", "Lovelace'", {"subtype": "surname"}, "A Year 5 pupil's prize"),
        ("Go Ben!", "Ben", {"candidates": (("PR", 1.0),)}, "Go a Reception pupil!"),
        # candidates in different years: no year is given away
        ("Go Cara!", "Cara", {"candidates": (("P3", 0.5), ("P4", 0.5))}, "Go a pupil!"),
        # a far weaker second candidate does not blur the year
        ("Go Cara!", "Cara", {"candidates": (("P3", 0.9), ("P4", 0.2))}, "Go a Year 3 pupil!"),
        ("Go Dev!", "Dev", {"candidates": (("PX", 1.0),)}, "Go a pupil!"),
        ("Go Zed!", "Zed", {"candidates": (("NOPE", 1.0),)}, "Go a pupil!"),
        (
            "The Lovelace family came.",
            "The Lovelace family",
            {"subtype": "family"},
            "A Year 5 pupil's family came.",
        ),
        ("Well done #AdaLovelace today", "AdaLovelace", {"context": "hashtag"}, "Well done today"),
        ("see site.example/ada-lovelace", "ada-lovelace", {"context": "url"}, None),
        ("Call 07700 900123 today", "07700 900123", {"kind": "pii"}, "Call today"),
        ("Call us on 07700 900123.", "07700 900123", {"kind": "pii"}, "Call us on."),
        ("07700 900123 is the number", "07700 900123", {"kind": "pii"}, "is the number"),
        ("Read https://evil.example now", "https://evil.example", {"kind": "link"}, "Read now"),
        ("Too much wine tonight", "wine", {"kind": "unprofessional"}, None),
    ],
)
def test_fix_for_each_kind(
    text: str, quote: str, kwargs: dict[str, object], expected: str | None
) -> None:
    assert_fixed(text, finding(text, quote, **kwargs), expected)  # type: ignore[arg-type]


def test_a_stale_span_is_never_edited() -> None:
    original = "Well done Ada Lovelace!"
    f = finding(original, "Ada Lovelace")
    assert_fixed("Well done Bob Lovelace!", f, None)


@pytest.mark.parametrize(
    "text, edits, expected",
    [
        ("Ada and Ben", [Edit(0, 3, "X"), Edit(8, 11, "Y")], "X and Y"),
        # overlapping edits: the later one is kept, the earlier skipped
        ("abcdef", [Edit(0, 4, "X"), Edit(2, 6, "Y")], "abY"),
        ("a, b", [], "a, b"),
    ],
)
def test_apply_edits(text: str, edits: list[Edit], expected: str) -> None:
    assert apply_edits(text, edits) == expected


@pytest.mark.parametrize(
    "year, expected",
    [("5", "Year 5"), ("05", "Year 5"), ("R", "Reception"), ("N1", "Nursery"), ("X", None)],
)
def test_year_label(year: str, expected: str | None) -> None:
    assert year_label(year) == expected


@pytest.mark.parametrize(
    "edit, expected",
    [(Edit(0, 1, ""), "Remove it"), (Edit(0, 1, "a pupil"), "Replace with \u201ca pupil\u201d")],
)
def test_button_label(edit: Edit, expected: str) -> None:
    assert edit.label() == expected
