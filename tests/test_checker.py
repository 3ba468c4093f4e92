"""The checker: which rules apply, what they select, one finding per problem, the verdict.

Runs the real bundled policy and the real detectors over the bundled demo trust.
"""

from __future__ import annotations

from datetime import date

import pytest

from postguard.checker import Checker, check
from postguard.content import Content, ContentKind, Scope, comment, post
from postguard.demo import demo_dir
from postguard.detectors.base import DetectionContext
from postguard.findings import Action, Outcome, Verdict
from postguard.policy.loader import load_policy
from postguard.policy.models import Policy
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def context() -> DetectionContext:
    roster = load_roster(demo_dir())
    return DetectionContext(roster=roster, names=RosterIndex.build(roster, TODAY), today=TODAY)


@pytest.fixture(scope="module")
def checker(context: DetectionContext) -> Checker:
    return Checker(load_policy(), context)


def _rules(verdict: Verdict) -> list[tuple[str, str]]:
    return [(f.rule_id, f.detection.quote) for f in verdict.findings]


@pytest.mark.parametrize(
    "content, outcome, rules",
    [
        (
            post("Well done Maisie Trelawney, reader of the week!", images=1),
            Outcome.BLOCKED,
            [("S6-PUPIL-NAME-PHOTO", "Maisie Trelawney")],
        ),
        (
            post("Well done Maisie Trelawney, reader of the week!"),
            Outcome.BLOCKED,
            [("S7-PUPIL-FULL-NAME", "Maisie Trelawney")],
        ),
        (
            post("A stunning solo from Dami at the concert.", school="Riverside Academy"),
            Outcome.REVIEW,
            [("S7-PUPIL-NAME", "Dami")],
        ),
        (
            post("Questions? Email kelly.ormerod@example.com"),
            Outcome.BLOCKED,
            [("S7-PERSONAL-DATA", "kelly.ormerod@example.com")],
        ),
        (post("We hope everyone has a restful half term.", images=2), Outcome.PUBLISH, []),
    ],
)
def test_verdicts(
    checker: Checker, content: Content, outcome: Outcome, rules: list[tuple[str, str]]
) -> None:
    verdict = checker.check(content)
    assert verdict.outcome is outcome
    assert _rules(verdict) == rules


def test_findings_cite_clauses_spans_and_fix(checker: Checker) -> None:
    text = "Well done Maisie Trelawney, reader of the week!"
    (finding,) = checker.check(post(text, images=1)).findings
    assert finding.clause_ids == ("S6", "S7")
    assert str(finding.clauses[0]).startswith("S6 (")
    loc = finding.detection.location
    assert loc.start is not None and loc.end is not None
    assert text[loc.start : loc.end] == "Maisie Trelawney"
    assert finding.action is Action.BLOCK
    assert finding.suggested_fix
    assert finding.detection.candidates[0].upn == "Z962223120296"


def test_photo_rule_is_for_posts_only(checker: Checker) -> None:
    c = Content(text="Well done Maisie Trelawney", kind=ContentKind.COMMENT, image_count=1)
    assert "S6-PUPIL-NAME-PHOTO" not in [f.rule_id for f in checker.check(c).findings]


def test_personal_scope_is_not_judged_as_a_trust_account(checker: Checker) -> None:
    c = post("Well done Maisie Trelawney", images=1, scope=Scope.PERSONAL)
    assert "S6-PUPIL-NAME-PHOTO" not in [f.rule_id for f in checker.check(c).findings]


def test_one_finding_per_detection_keeps_the_strongest_action(context: DetectionContext) -> None:
    policy = load_policy()
    weak = policy.rules[0].model_copy(
        update={"id": "ZZ-WEAK", "action": Action.ADVISE, "images": "any", "select": None}
    )
    strong = weak.model_copy(update={"id": "ZZ-STRONG", "action": Action.BLOCK})
    others = [r.model_dump() for r in policy.rules if r.detector != "names"]
    both = Policy.model_validate(
        {**policy.model_dump(), "rules": [*others, weak.model_dump(), strong.model_dump()]}
    )
    verdict = check(post("Well done Maisie Trelawney", images=1), both, context)
    assert [f.rule_id for f in verdict.findings] == ["ZZ-STRONG"]
    assert verdict.outcome is Outcome.BLOCKED


def test_findings_come_in_text_order(checker: Checker) -> None:
    text = "Email kelly.ormerod@example.com about Maisie Trelawney"
    quotes = [f.detection.quote for f in checker.check(post(text)).findings]
    assert quotes == ["kelly.ormerod@example.com", "Maisie Trelawney"]


def test_verdict_json_names_policy_and_clauses(checker: Checker) -> None:
    data = checker.check(post("Well done Maisie Trelawney", images=1)).to_dict()
    assert data["outcome"] == "blocked"
    assert data["policy"]["id"] == load_policy().id
    assert data["findings"][0]["clauses"][0]["id"] == "S6"


def test_comments_are_checked_with_comment_rules(checker: Checker) -> None:
    verdict = checker.check(comment("Thanks for a lovely evening!"))
    assert verdict.outcome is Outcome.PUBLISH
