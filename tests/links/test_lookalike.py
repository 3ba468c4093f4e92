"""Confusable folding, homographs and edit distance."""

from __future__ import annotations

import pytest

from postguard.detectors.links.lookalike import damerau, fold, is_homograph, mixed_script, tokens


@pytest.mark.parametrize(
    "a, b",
    [
        ("paypa1", "paypal"),
        ("rnicrosoft", "microsoft"),
        ("g00gle", "google"),
        ("micros0ft", "microsoft"),
        ("lcloud", "icloud"),
        ("раураl", "paypal"),  # all Cyrillic
        ("vvhatsapp", "whatsapp"),
    ],
)
def test_same_skeleton(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("paypal", "paypals"), ("apple", "ample"), ("hsbc", "hsb")])
def test_different_skeleton(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize(
    "label, expected",
    [
        ("schооlcloud", True),
        ("раураl", True),
        ("münchen", False),
        ("school", False),
        ("日本", False),
    ],
)
def test_homograph(label: str, expected: bool) -> None:
    assert is_homograph(label) is expected


def test_mixed_script() -> None:
    assert mixed_script("phonicsplаy")
    assert not mixed_script("phonicsplay")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("paypal", "paypal", 0),
        ("paypall", "paypal", 1),
        ("payapl", "paypal", 1),
        ("amazom", "amazon", 1),
        ("abcdef", "uvwxyz", 2),
    ],
)
def test_damerau(a: str, b: str, expected: int) -> None:
    assert damerau(a, b, limit=1) == min(expected, 2)


def test_tokens_join_neighbours() -> None:
    assert "govuk" in tokens(["gov-uk-grant"])
    assert "govuk" in tokens(["gov", "uk", "claim"])
