from __future__ import annotations

import pytest

from postguard.roster.upn import check_letter, is_valid_upn


@pytest.mark.parametrize(
    "upn, valid",
    [
        ("E960331219901", True),
        ("U960211219599", True),
        ("A960331219901", False),  # wrong check letter
        ("E96033121990", False),  # too short
        ("e960331219901", False),  # lower case
        ("I960331219901", False),  # I is never a check letter
    ],
)
def test_upn_check_letter(upn: str, valid: bool) -> None:
    assert is_valid_upn(upn) is valid


def test_check_letter_needs_twelve_digits() -> None:
    with pytest.raises(ValueError):
        check_letter("12345")
