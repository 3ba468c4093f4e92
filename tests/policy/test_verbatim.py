"""Clause texts are checked word for word against the policy document."""

from __future__ import annotations

from pathlib import Path

import pytest

from postguard.policy import Clause, load_policy
from postguard.policy.verbatim import verbatim_problems

DOCUMENT = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "policy"
    / "cockburn-mat-social-media-policy-2021.txt"
)
DOC = (
    "Staff must not publish photographs of children without consent, identify by name "
    "any children featured in photographs, or allow the trust\u2019s \u201cdata\u201d "
    "to be published \u2013 ever."
)


def clause(text: str) -> Clause:
    return Clause(id="C1", section="s", title="t", text=text, workflow="scope")


def assert_verbatim(text: str, expected: str | None) -> None:
    """``expected``: None when ``text`` is word for word in DOC, else part of the problem."""
    problems = verbatim_problems([clause(text)], DOC)
    if expected is None:
        assert problems == [], problems
    else:
        assert len(problems) == 1
        assert problems[0].render("p.yaml").startswith("p.yaml: clause C1: field 'text': ")
        assert expected in problems[0].message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("identify by name any children featured in photographs", None),
        ("Staff must not [...] identify by name\n   any children featured in photographs", None),
        ('or allow the trust\'s "data" to be published - ever.', None),
        ("Staff must not [...] allow the trust's", None),
        ("Staff must never identify by name", "after 'Staff must' the clause has 'never identify"),
        ("Members of staff must", "'Members of staff must' is not there"),
        ("identify by name [...] Staff must not", "not word for word"),
        ("[...] identify by name", "an empty passage"),
        ("identify by  NAME", "not word for word"),
    ],
)
def test_verbatim(text: str, expected: str | None) -> None:
    assert_verbatim(text, expected)


def test_the_bundled_policy_is_word_for_word() -> None:
    assert verbatim_problems(load_policy().clauses, DOCUMENT.read_text(encoding="utf-8")) == []


def test_a_clause_missing_from_the_document_is_named() -> None:
    text = DOCUMENT.read_text(encoding="utf-8").replace("appropriate and safe", "suitable")
    problems = verbatim_problems(load_policy().clauses, text)
    assert [(p.where, p.field) for p in problems] == [("clause S8", "text")]
