"""One normal form per URL: what lists, judgements and evaluation compare."""

from __future__ import annotations

import pytest

from postguard.detectors.links import normalise_url, parse_url


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bit.ly/BrooksidePE26", "http://bit.ly/BrooksidePE26"),
        ("HTTPS://WWW.Example.COM", "https://www.example.com/"),
        ("https://example.com:443/a#frag", "https://example.com/a"),
        ("http://example.com:80/", "http://example.com/"),
        ("http://example.com:8080/", "http://example.com:8080/"),
        ("https://example.com/p?utm_source=x&id=3&fbclid=y", "https://example.com/p?id=3"),
        ("https://example.com/p?utm_source=x", "https://example.com/p"),
        ("hxxps://evil[.]example/x", "https://evil.example/x"),
        (
            "https://brooksideprimary.schооlcloud.co.uk",
            "https://brooksideprimary.xn--schlcloud-22ha.co.uk/",
        ),
        (
            "https://www.xn--phonicsply-7qi.co.uk/free-games",
            "https://www.xn--phonicsply-7qi.co.uk/free-games",
        ),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://0177.0.0.1/", "http://127.0.0.1/"),
        ("http://[::FFFF:127.0.0.1]/", "http://[::ffff:7f00:1]/"),
        ("example.com.", "http://example.com/"),
    ],
)
def test_normal_form(text: str, expected: str) -> None:
    assert normalise_url(text) == expected


def test_normal_form_is_idempotent() -> None:
    for text in ("bit.ly/X", "https://WWW.bbc.co.uk/bitesize?utm_medium=a", "evil[.]example"):
        once = normalise_url(text)
        assert normalise_url(once) == once


def test_parts_are_kept() -> None:
    p = parse_url("https://user@www.bbc.co.uk/bitesize?utm_source=t")
    assert p is not None
    assert (p.registered_domain, p.has_userinfo, p.tracking) == ("bbc.co.uk", True, ("utm_source",))
    assert p.labels == ("www", "bbc")


def test_not_a_url() -> None:
    assert parse_url("http://") is None
    assert parse_url("not a url") is None
    assert normalise_url("  not a url  ") == "not a url"
