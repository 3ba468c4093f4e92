"""Unique Pupil Numbers (DfE): a check letter followed by 12 digits."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"[A-Z]\d{12}")


def check_letter(digits: str) -> str:
    """The DfE check letter for the 12 digits at positions 2 to 13."""
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError("a UPN has 12 digits after its check letter")
    return CHECK_LETTERS[sum(int(d) * i for i, d in enumerate(digits, start=2)) % 23]


def is_valid_upn(value: str) -> bool:
    """True when ``value`` is 13 characters with a correct check letter."""
    if not UPN_SHAPE.fullmatch(value):
        return False
    return value[0] == check_letter(value[1:])
