"""Extraction: every link a person would follow, with spans into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postguard.detectors.links import extract_links, normalise_url


def assert_links(text: str, expected: list[str]) -> None:
    links = extract_links(text)
    assert [link.quote for link in links] == expected
    for link in links:
        assert text[link.start : link.end] == link.quote


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "See https://www.bbc.co.uk/bitesize/topics/x.",
            ["https://www.bbc.co.uk/bitesize/topics/x"],
        ),
        ("Revision: bbc.co.uk/bitesize and more", ["bbc.co.uk/bitesize"]),
        ("Visit www.example.org today!", ["www.example.org"]),
        ("link here 👉 bit.ly/AbC12 Slots close Friday", ["bit.ly/AbC12"]),
        ("(see https://example.com/a_(b))", ["https://example.com/a_(b)"]),
        ("(see https://example.com/page)", ["https://example.com/page"]),
        ("Book: https://school.example.com – appointments", ["https://school.example.com"]),
        ('"https://example.com/x"', ["https://example.com/x"]),
        ("Two: a.example.com, b.example.net; done", ["a.example.com", "b.example.net"]),
        ("[our site](https://example.org/about)", ["https://example.org/about"]),
        ('<a href="https://example.org/x">here</a>', ["https://example.org/x"]),
        ("defanged hxxp://evil[.]example/login", ["hxxp://evil[.]example/login"]),
        ("defanged evil[.]com and evil(.)net/x", ["evil[.]com", "evil(.)net/x"]),
        ("split https://ex\u200bample.com/p\u200bath", ["https://ex\u200bample.com/p\u200bath"]),
        ("raw http://198.51.100.23/setup.exe now", ["http://198.51.100.23/setup.exe"]),
        ("bare 203.0.113.9/admin page", ["203.0.113.9/admin"]),
        ("IDN https://schооl.example.co.uk ok", ["https://schооl.example.co.uk"]),
        ("trailing https://example.com/a... and", ["https://example.com/a"]),
    ],
)
def test_finds_links(text: str, expected: list[str]) -> None:
    assert_links(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "email kirsty.hodgson88@example.com please",
        "Mrs Young (h.young@school.example.org.uk)",
        "follow @lizzie.brennan_ and @Trust@mastodon.social",
        "Starts at 8.40am and 1.30pm, see No.1 and J.B. Priestley",
        "Version 1.2.3.4 and the D.O.B field",
        "Use readme.md or notes.zip from Mr.Khan",
        "a plain sentence. Another one.Next",
    ],
)
def test_not_links(text: str) -> None:
    assert_links(text, [])


def test_markdown_anchor_text_is_noted() -> None:
    (text_link, href) = extract_links("[paypal.com](https://paypa1-login.example/x)")
    assert text_link.quote == "paypal.com"
    assert href.display_host == "paypal.com"


def test_defanged_and_zero_width_links_normalise_to_the_real_url() -> None:
    (link,) = extract_links("hxxps://evil[.]example/a")
    assert link.url == "https://evil.example/a"
    assert link.defanged
    (split,) = extract_links("go to ex\u200bample\u200c.com/x")
    assert split.url == normalise_url("example.com/x") == "http://example.com/x"


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.c/:-[]()@ \u200bhxtps1w"), max_size=60))
def test_spans_always_quote_the_original_text(text: str) -> None:
    for link in extract_links(text):
        assert text[link.start : link.end] == link.quote
        assert link.quote
