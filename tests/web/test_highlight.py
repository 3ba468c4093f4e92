"""Findings highlighted in place: the text cut at every span, each piece knowing its findings."""

from __future__ import annotations

import pytest

from postguard.findings import Action, ClauseRef, Detection, Finding, Location
from postguard.web.highlight import pieces


def span(start: int | None, end: int | None, action: Action = Action.BLOCK) -> Finding:
    d = Detection("t", "pii", Location(start=start, end=end), "", 1.0, "x")
    return Finding("R", (ClauseRef("S7", "t"),), action, d)


def rendered(text: str, findings: list[Finding]) -> str:
    """Pieces as ``[text|numbers|action|ends]`` for marked ones, plain text otherwise."""
    out = []
    for p in pieces(text, findings):
        if p.marked:
            assert p.action is not None
            nums = ",".join(map(str, p.numbers))
            ends = ",".join(map(str, p.ends))
            out.append(f"[{p.text}|{nums}|{p.action.value}|{ends}]")
        else:
            out.append(p.text)
    return "".join(out)


@pytest.mark.parametrize(
    "text, findings, expected",
    [
        ("no findings", [], "no findings"),
        ("call 0770 now", [span(5, 9)], "call [0770|1|block|1] now"),
        ("ab", [span(0, 2)], "[ab|1|block|1]"),
        # overlapping spans: cut at each boundary, strongest action wins the overlap
        (
            "abcdef",
            [span(0, 4, Action.REVIEW), span(2, 6)],
            "[ab|1|review|][cd|1,2|block|1][ef|2|block|2]",
        ),
        # nested spans
        (
            "abcdef",
            [span(0, 6, Action.ADVISE), span(2, 3)],
            "[ab|1|advise|][c|1,2|block|2][def|1|advise|1]",
        ),
        # findings without a span (an image, a URL only) are not marked
        ("abc", [span(None, None)], "abc"),
        # spans past the end are clipped, empty spans dropped
        ("abc", [span(1, 99), span(2, 2)], "a[bc|1|block|1]"),
    ],
)
def test_pieces(text: str, findings: list[Finding], expected: str) -> None:
    assert rendered(text, findings) == expected


def test_pieces_join_back_to_the_text() -> None:
    text = "Well done Ada, call 07700 900123!"
    assert "".join(p.text for p in pieces(text, [span(10, 13), span(20, 32)])) == text
