"""Unique Pupil Numbers (DfE): a check letter followed by 12 digits.

A permanent UPN is a check letter and 12 digits (LA code, establishment,
allocation year, 3-digit serial). A *temporary* UPN ends in a letter instead of
the last digit (2-digit serial plus a letter); for the check letter that final
letter counts as its position in :data:`CHECK_LETTERS` (A=0 ... Z=22). I, O and
S are never used as a check letter or as the final letter.
"""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"[A-Z]\d{12}")
TEMPORARY_UPN_SHAPE = re.compile(r"[A-Z]\d{11}[A-Z]")


_VALUES = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(CHECK_LETTERS)}}


def _weighted_sum(body: str) -> int:
    return sum(_VALUES[char] * position for position, char in enumerate(body, start=2))


def check_letter(digits: str) -> str:
    """The DfE check letter for the 12 characters at positions 2 to 13.

    ``digits`` is 12 digits (permanent UPN) or 11 digits and a final letter
    from :data:`CHECK_LETTERS` (temporary UPN).
    """
    if len(digits) != 12 or not digits[:11].isdigit():
        raise ValueError("a UPN has 12 digits after its check letter")
    last = digits[11]
    if not (last.isdigit() or last in CHECK_LETTERS):
        raise ValueError("a UPN ends in a digit, or in a letter other than I, O or S")
    return CHECK_LETTERS[_weighted_sum(digits) % 23]


def is_temporary_upn(value: str) -> bool:
    """True when ``value`` has the shape of a temporary UPN (ends in a letter)."""
    return TEMPORARY_UPN_SHAPE.fullmatch(value) is not None


def upn_problem(value: str, *, allow_temporary: bool = True) -> str | None:
    """Why ``value`` is not a valid UPN, in words, or None when it is valid.

    The message never repeats the value itself, so it can go in an error report.
    """
    if len(value) != 13:
        return f"a UPN has 13 characters, this has {len(value)}"
    if not value[0].isalpha() or not value[0].isupper():
        return "a UPN starts with a capital check letter"
    if UPN_SHAPE.fullmatch(value) is None:
        if TEMPORARY_UPN_SHAPE.fullmatch(value) is None:
            return "a UPN is a check letter followed by 12 digits"
        if not allow_temporary:
            return "temporary UPNs (ending in a letter) are not accepted here"
        if value[12] not in CHECK_LETTERS:
            return "a temporary UPN never ends in I, O or S"
    if value[0] not in CHECK_LETTERS:
        return f"'{value[0]}' is never a check letter (I, O and S are not used)"
    expected = check_letter(value[1:])
    if value[0] != expected:
        return f"check letter should be '{expected}'"
    return None


def is_valid_upn(value: str, *, allow_temporary: bool = False) -> bool:
    """True when ``value`` is a UPN with a correct check letter.

    Permanent UPNs only, unless ``allow_temporary``.
    """
    return upn_problem(value, allow_temporary=allow_temporary) is None
