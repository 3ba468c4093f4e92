"""Online second opinions: a short link judged by where it goes; Safe Browsing matches."""

from __future__ import annotations

import httpx
import pytest
import respx

from postguard.detectors.links import LinkPolicy
from postguard.links.online import judge_online
from postguard.links.resolver import Resolution
from postguard.links.safebrowsing import ENDPOINT, SafeBrowsingClient

POLICY = LinkPolicy.build()


def follow_to(final: str | None, *, blocked: bool = False, error: str | None = None):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def follow(url: str) -> Resolution:
        calls.append(url)
        return Resolution(
            url, final, (final,) if final else (), 200 if final else None, error, blocked
        )

    follow.calls = calls  # type: ignore[attr-defined]
    return follow


@pytest.mark.parametrize(
    "final, blocked, verdict, reason",
    [
        ("https://www.gov.uk/free-school-meals", False, "safe", "resolved"),
        ("http://198.51.100.7/setup.exe", False, "unsafe", "executable"),
        ("https://paypa1.com/login", False, "unsafe", "lookalike"),
        (None, True, "unsafe", "redirects-internal"),
        (None, False, "review", "unresolved"),
    ],
)
def test_short_links_are_judged_by_destination(
    final: str | None, blocked: bool, verdict: str, reason: str
) -> None:
    follow = follow_to(final, blocked=blocked, error=None if final or blocked else "ConnectError")
    j = judge_online("bit.ly/abc", POLICY, follow=follow)
    assert (j.verdict.value, reason in j.codes) == (verdict, True), j.codes
    assert follow.calls == ["http://bit.ly/abc"]  # type: ignore[attr-defined]


def test_ordinary_links_are_not_followed() -> None:
    follow = follow_to("https://elsewhere.test/")
    j = judge_online("https://www.gov.uk/", POLICY, follow=follow)
    assert j.verdict.value == "safe"
    assert follow.calls == []  # type: ignore[attr-defined]


@respx.mock
def test_safe_browsing_match_makes_it_unsafe() -> None:
    respx.post(ENDPOINT).mock(
        return_value=httpx.Response(
            200,
            json={
                "matches": [
                    {
                        "threatType": "MALWARE",
                        "platformType": "ANY_PLATFORM",
                        "threatEntryType": "URL",
                        "threat": {"url": "https://quiet.example.com/x"},
                        "cacheDuration": "300s",
                    }
                ]
            },
        )
    )
    j = judge_online("https://quiet.example.com/x", POLICY, safe_browsing=SafeBrowsingClient("k"))
    assert (j.verdict.value, j.codes) == ("unsafe", ("safe-browsing:malware",))


@respx.mock
def test_safe_browsing_outage_keeps_the_offline_verdict() -> None:
    respx.post(ENDPOINT).mock(return_value=httpx.Response(503))
    j = judge_online("https://www.gov.uk/", POLICY, safe_browsing=SafeBrowsingClient("k"))
    assert j.verdict.value == "safe"
    assert "safe-browsing-error" in j.codes
