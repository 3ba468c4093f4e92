"""The policy models: which content a rule applies to, which detections it keeps, review status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from postguard.content import Content, ContentKind, Scope, comment, post
from postguard.findings import Detection, Location
from postguard.policy import Policy, load_policy

POLICY = load_policy()
MINIMAL = load_policy(Path(__file__).resolve().parent / "valid" / "minimal.yaml")


def detection(subtype: str | None, score: float = 0.9) -> Detection:
    return Detection(
        detector_id="x",
        kind="k",
        location=Location(0, 1),
        quote="A",
        score=score,
        explanation="",
        subtype=subtype,
    )


def profile(text: str) -> Content:
    return Content(text=text, kind=ContentKind.PROFILE)


def assert_rule(rule_id: str, result: bool, expected: bool) -> None:
    assert result is expected, f"rule {rule_id}: expected {expected}"


@pytest.mark.parametrize(
    "rule_id, content, expected",
    [
        ("S6-PUPIL-NAME-PHOTO", post("x", images=2), True),
        ("S6-PUPIL-NAME-PHOTO", post("x", images=0), False),
        ("S6-PUPIL-NAME-PHOTO", post("x", images=1, scope=Scope.PERSONAL), False),
        ("S6-PUPIL-NAME-PHOTO", comment("x"), False),
        ("S7-PUPIL-FULL-NAME", post("x"), True),
        ("S7-PUPIL-FULL-NAME", post("x", images=1), False),
        ("S7-PUPIL-FULL-NAME", comment("x"), True),
        ("S7-PUPIL-FULL-NAME", profile("x"), True),
        ("S7-PUPIL-NAME", comment("x"), False),
        ("S7-PERSONAL-DATA", post("x", images=3), True),
        ("S4-UNPROFESSIONAL", post("x"), True),
        ("S4-UNPROFESSIONAL", post("x", scope=Scope.PERSONAL), False),
        ("P7-P8-PERSONAL", post("x", scope=Scope.PERSONAL), True),
        ("P7-P8-PERSONAL", post("x"), False),
        ("S9-COMMENT-ABUSE", comment("x"), True),
        ("S9-COMMENT-ABUSE", post("x"), False),
        ("P2-P3-SAFEGUARDING", comment("x"), True),
    ],
)
def test_rule_applies(rule_id: str, content: Content, expected: bool) -> None:
    assert_rule(rule_id, POLICY.rule(rule_id).applies(content), expected)


@pytest.mark.parametrize(
    "rule_id, found, expected",
    [
        ("S7-PUPIL-FULL-NAME", detection("full_name"), True),
        ("S7-PUPIL-FULL-NAME", detection("forename"), False),
        ("S7-PUPIL-FULL-NAME", detection(None), False),
        ("S7-PUPIL-NAME", detection("initial"), True),
        ("S6-PUPIL-NAME-PHOTO", detection("forename"), True),
        ("S6-PUPIL-NAME-PHOTO", detection(None), True),
        ("S8-LINK-UNSAFE", detection("review"), False),
        ("S8-LINK-REVIEW", detection("review"), True),
        ("C2-COMMENT-ABUSE", detection("abusive", 0.5), True),
        ("C2-COMMENT-ABUSE", detection("abusive", 0.49), False),
        ("C2-COMMENT-ABUSE", detection("spam", 0.99), False),
    ],
)
def test_rule_selects(rule_id: str, found: Detection, expected: bool) -> None:
    policy = MINIMAL if rule_id.startswith("C") else POLICY
    assert_rule(rule_id, policy.rule(rule_id).selects(found), expected)


@pytest.mark.parametrize(
    "today, overdue, text",
    [
        (date(2022, 3, 1), False, "due 2022-09-01 (in 184 days)"),
        (date(2022, 8, 31), False, "due 2022-09-01 (in 1 day)"),
        (date(2022, 9, 1), False, "due today (2022-09-01)"),
        (date(2022, 9, 2), True, "OVERDUE since 2022-09-01 (1 day)"),
        (date(2023, 9, 1), True, "OVERDUE since 2022-09-01 (365 days)"),
    ],
)
def test_review_status(today: date, overdue: bool, text: str) -> None:
    status = POLICY.review_status(today)
    assert status.overdue is overdue
    assert status.overdue_since == (date(2022, 9, 1) if overdue else None)
    assert status.describe() == text


def test_clauses_print_the_same_everywhere() -> None:
    assert str(POLICY.clause("S6").ref) == "S6 (No names with photographs of children)"
    rule = POLICY.rule("S6-PUPIL-NAME-PHOTO")
    assert [str(r) for r in POLICY.refs(rule)] == [
        "S6 (No names with photographs of children)",
        "S7 (No personally identifying information)",
    ]


def test_rules_for_a_clause() -> None:
    assert [r.id for r in POLICY.rules_for("S7")] == [
        "S6-PUPIL-NAME-PHOTO",
        "S7-PUPIL-FULL-NAME",
        "S7-PUPIL-NAME",
        "S7-PERSONAL-DATA",
        "S6-PUPIL-NAME-IN-IMAGE",
        "S7-PERSONAL-DATA-IN-IMAGE",
        "S7-PHOTO-LOCATION",
        "S7-PHOTO-METADATA",
    ]
    assert POLICY.rules_for("M1") == ()


@pytest.mark.parametrize("lookup", ["clause", "rule"])
def test_unknown_ids_raise_key_error(lookup: str) -> None:
    with pytest.raises(KeyError, match="no "):
        getattr(POLICY, lookup)("NOPE")


def test_a_policy_built_in_code_is_checked_like_a_file() -> None:
    data = MINIMAL.model_dump(by_alias=True)
    data["rules"][0]["clauses"] = ("C1", "C9")
    with pytest.raises(
        ValidationError, match="rule C1-NAME-PHOTO: field 'clauses': unknown clause"
    ):
        Policy.model_validate(data)
    assert Policy.model_validate(MINIMAL.model_dump(by_alias=True)) == MINIMAL


def test_policies_are_frozen() -> None:
    with pytest.raises(ValidationError):
        POLICY.version = "9.9"  # type: ignore[misc]


def test_policies_can_be_hashed_and_compared() -> None:
    again = load_policy()
    assert again == POLICY
    assert hash(again) == hash(POLICY)
    assert len({POLICY.rule("S7-PUPIL-NAME"), again.rule("S7-PUPIL-NAME")}) == 1
