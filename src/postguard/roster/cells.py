"""Parsing and checking single roster cells: dates, year groups, emails, phones.

Each parser takes the stripped cell text and returns the clean value or raises
:class:`CellError` with a message that is safe to print (it shows the *shape*
of a bad date or phone, such as ``99/99/9999``, never the value itself).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from postguard.roster.errors import CellError

_YEAR_WORDS = {
    "reception": "R",
    "rec": "R",
    "yr": "R",
    "r": "R",
    "nursery": "N",
    "n": "N",
    "n1": "N1",
    "n2": "N2",
}
_YEAR_PREFIX = re.compile(r"^(?:year|yr|y)\s*(?=\d)", re.IGNORECASE)
YEAR_GROUPS = ("N", "N1", "N2", "R", *(str(n) for n in range(1, 15)))

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_PHONE_CHARS = re.compile(r"\+?[\d\s().\-]+")


def shape(value: str, limit: int = 24) -> str:
    """The shape of a value (digits as 9, letters as a/A), so errors leak nothing."""
    out = []
    for ch in value[:limit]:
        if ch.isdigit():
            out.append("9")
        elif ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        else:
            out.append(ch)
    return "".join(out) + ("..." if len(value) > limit else "")


def parse_date(value: str, date_format: str | None) -> date:
    """A date in ``date_format`` (``None``: ISO ``YYYY-MM-DD``)."""
    try:
        if date_format is None:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        return datetime.strptime(value, date_format).date()
    except ValueError:
        wanted = "YYYY-MM-DD" if date_format is None else date_format
        raise CellError(f"not a date in the format {wanted} (got {shape(value)!r})") from None


def parse_year(value: str) -> str:
    """A year group as the canonical ``N``, ``N1``, ``N2``, ``R`` or ``1``-``14``."""
    key = value.strip().lower()
    if key in _YEAR_WORDS:
        return _YEAR_WORDS[key]
    number = _YEAR_PREFIX.sub("", key)
    if number.isdigit() and 1 <= int(number) <= 14:
        return str(int(number))
    shown = value if len(value) <= 12 else value[:12] + "..."
    raise CellError(f"{shown!r} is not a year group (N, N1, N2, R or 1-14)")


def check_email(value: str) -> str:
    if len(value) > 254 or _EMAIL.fullmatch(value) is None:
        raise CellError("not a well-formed email address")
    return value


def check_phone(value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    if _PHONE_CHARS.fullmatch(value) is None or not 7 <= digits <= 15:
        raise CellError(f"not a phone number (got {shape(value)!r})")
    return value
