"""UPN check letters, permanent and temporary, and the reasons a UPN is refused."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from postguard.roster.upn import check_letter, is_temporary_upn, is_valid_upn, upn_problem


@pytest.mark.parametrize(
    "body, letter",
    [
        ("207000016049", "P"),  # 2*2 + 4*7 + 9*1 + 10*6 + 12*4 + 13*9 = 266; 266 % 23 = 13 -> P
        ("960331219901", "E"),
        ("00180001701A", "X"),  # temporary UPN: the final A counts as 0
        ("000000000000", "A"),
    ],
)
def test_check_letter(body: str, letter: str) -> None:
    assert check_letter(body) == letter


@pytest.mark.parametrize(
    "value, problem",
    [
        ("E960331219901", None),
        ("X00180001701A", None),
        ("P207000016049", None),
        ("Q207000016049", "check letter should be 'P'"),
        ("E96033121990", "a UPN has 13 characters, this has 12"),
        ("e960331219901", "a UPN starts with a capital check letter"),
        ("9960331219901", "a UPN starts with a capital check letter"),
        ("O960331219901", "'O' is never a check letter (I, O and S are not used)"),
        ("E9603312199O1", "a UPN is a check letter followed by 12 digits"),
        ("X00180001701I", "a temporary UPN never ends in I, O or S"),
    ],
)
def test_upn_problem(value: str, problem: str | None) -> None:
    assert upn_problem(value) == problem


def test_temporary_upns_only_when_allowed() -> None:
    assert is_temporary_upn("X00180001701A")
    assert not is_valid_upn("X00180001701A")
    assert is_valid_upn("X00180001701A", allow_temporary=True)
    assert upn_problem("X00180001701A", allow_temporary=False) == (
        "temporary UPNs (ending in a letter) are not accepted here"
    )


@pytest.mark.parametrize("body", ["12345", "1234567890I1", "12345678901S"])
def test_check_letter_refuses_bad_bodies(body: str) -> None:
    with pytest.raises(ValueError):
        check_letter(body)


digits12 = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(digits12)
def test_a_computed_check_letter_makes_a_valid_upn(body: str) -> None:
    assert is_valid_upn(check_letter(body) + body)


@given(digits12, st.integers(0, 11), st.integers(1, 9))
def test_any_single_digit_error_is_caught(body: str, position: int, shift: int) -> None:
    upn = check_letter(body) + body
    wrong = str((int(body[position]) + shift) % 10)
    typo = upn[: position + 1] + wrong + upn[position + 2 :]
    assert not is_valid_upn(typo)


@given(digits12, st.integers(0, 10))
def test_any_swap_of_neighbouring_digits_is_caught(body: str, position: int) -> None:
    a, b = body[position], body[position + 1]
    assume(a != b)
    swapped = body[:position] + b + a + body[position + 2 :]
    assert not is_valid_upn(check_letter(body) + swapped)
