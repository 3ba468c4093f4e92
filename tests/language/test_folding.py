from __future__ import annotations

import pytest

from postguard.language.folding import fold


def assert_folds(text: str, expected: str) -> None:
    folded = fold(text)
    assert folded.text == expected
    assert len(folded.index) == len(folded.text)
    # every folded character maps back inside the original
    assert all(0 <= i < len(text) for i in folded.index)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello", "hello"),
        ("b1tch", "bitch"),
        ("sh!t", "shit"),
        ("a$$hole", "asshole"),
        ("Zoë Chloé", "zoe chloe"),
        ("f\u200buck", "fuck"),
        ("раypal", "paypal"),  # Cyrillic р and а
        ("07700 900562", "07700 900562"),  # digit runs are not leetspeak
        ("KB4 6HW", "kba 6hw"),
        ("it’s", "it's"),
        ("wow!", "wow!"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert_folds(text, expected)


@pytest.mark.parametrize(
    "text, needle, quote",
    [
        ("You absolute B1TCH!", "bitch", "B1TCH"),
        ("Zoë is here", "zoe", "Zoë"),
        ("sh\u200bit happens", "shit", "sh\u200bit"),
    ],
)
def test_span_maps_back_to_original(text: str, needle: str, quote: str) -> None:
    folded = fold(text)
    start = folded.text.index(needle)
    assert folded.quote(start, start + len(needle)) == quote
