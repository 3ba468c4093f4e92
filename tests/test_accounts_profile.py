"""The profile check of a trust account (S10, S11): a table of bios and what they lack."""

from __future__ import annotations

import pytest

from postguard.accounts_profile import (
    DirectMessages,
    ProfileProblem,
    aup_url,
    check_profile,
    stated_direct_messages,
)
from postguard.policy.loader import load_policy
from postguard.policy.models import LinkedPolicy

DOMAINS = ("riversidetrust.example.org", "riversideacademy.example.org")
AUP = "https://www.riversidetrust.example.org/policies/acceptable-use"


def clauses(text: str, dm: str = "", domains: tuple[str, ...] = DOMAINS) -> list[str]:
    return [p.clause for p in check_profile(text, dm, domains=domains)]


@pytest.mark.parametrize(
    "text, dm, expected",
    [
        (f"Official page. DMs are off. Acceptable use: {AUP}", "", []),
        ("News. riversideacademy.example.org/AUP.pdf", "off", []),
        ("News. www.riversidetrust.example.org/acceptable_use", "monitored", []),
        ("News. https://riversideacademy.example.org/it-aup Messages are monitored.", "", []),
        ("Official page of the academy.", "off", ["S11"]),
        # an AUP link on a domain that is not the trust's does not count
        ("AUP: https://riversidetrust-example.org.evil.test/aup", "off", ["S11"]),
        # a trust page that is not the AUP does not count
        ("https://www.riversidetrust.example.org/news", "off", ["S11"]),
        # "beaupre" is not "aup"
        ("https://www.riversidetrust.example.org/beaupre", "off", ["S11"]),
        (f"{AUP}", "on", ["S10"]),
        (f"{AUP}", "", ["S10"]),  # nothing said about direct messages
        (f"{AUP} DMs are not monitored.", "", ["S10"]),
        (f"{AUP} DMs are off.", "on", ["S10"]),  # the declared setting wins
        ("Hello!", "", ["S11", "S10"]),
    ],
)
def test_profile_table(text: str, dm: str, expected: list[str]) -> None:
    assert clauses(text, dm) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Direct messages are off.", DirectMessages.OFF),
        ("No DMs please", DirectMessages.OFF),
        ("Our inbox is closed", DirectMessages.OFF),
        ("Messages are monitored by the office.", DirectMessages.MONITORED),
        ("DMs: monitored", DirectMessages.MONITORED),
        ("DMs are not monitored", DirectMessages.ON),
        ("Follow us for news", DirectMessages.UNKNOWN),
    ],
)
def test_what_the_text_says_about_direct_messages(text: str, expected: DirectMessages) -> None:
    assert stated_direct_messages(text) is expected


def test_each_problem_says_what_to_do() -> None:
    problems = check_profile("Hi", "on", domains=DOMAINS)
    assert problems == [
        ProfileProblem("S11", problems[0].problem),
        ProfileProblem("S10", problems[1].problem),
    ]
    assert "Acceptable Use Policy" in problems[0].problem
    assert "turn them off" in problems[1].problem
    assert problems[0].to_dict() == {"clause": "S11", "problem": problems[0].problem}


def test_an_unknown_direct_message_setting_is_an_error() -> None:
    with pytest.raises(ValueError):
        check_profile("x", "sometimes", domains=DOMAINS)


def test_the_bundled_policy_names_no_aup_address_so_the_domains_decide() -> None:
    policy = load_policy()
    assert aup_url(policy) is None
    assert aup_url(None) is None
    assert check_profile(f"{AUP} DMs off", domains=DOMAINS, policy=policy) == []


def test_an_aup_address_in_the_policy_is_required_exactly() -> None:
    policy = load_policy()
    linked = tuple(
        _with_url(p) if p.id == "it-acceptable-use" else p for p in policy.linked_policies
    )
    named = policy.model_copy(update={"linked_policies": linked})
    assert aup_url(named) == AUP
    assert check_profile(f"{AUP}/ DMs off", domains=DOMAINS, policy=named) == []
    other = "https://www.riversideacademy.example.org/aup DMs off"
    assert [p.clause for p in check_profile(other, domains=DOMAINS, policy=named)] == ["S11"]


def _with_url(p: LinkedPolicy) -> LinkedPolicy:
    """A linked policy carrying a ``url`` (the field the policy model may gain later)."""
    copy = p.model_copy()
    object.__setattr__(copy, "url", AUP)
    return copy
