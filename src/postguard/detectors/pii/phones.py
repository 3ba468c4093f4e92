"""Phone numbers: UK mobiles and landlines in every written form, and international numbers.

A cheap regex finds runs of digit groups joined by single separators
(``07700 900317``, ``(01632) 960 123``, ``+44 (0)7700 900 908``, ``0044 7700 900908``,
``0 7 7 0 0 ...``). Groups are then added up from a plausible start (a ``0``, ``+`` or
``00``) until they make a whole number, so two numbers written side by side split
correctly and order numbers, scores, times, dates and prices never add up. UK
numbers are checked against the numbering plan ourselves, because Ofcom's drama
ranges (07700 900xxx, 01632 960xxx) are real-shaped numbers that ``phonenumbers``
calls invalid; other countries' numbers must be valid for ``phonenumbers``.
Non-geographic numbers (03, 08, 09: helplines, businesses) are not personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers

from postguard.detectors.pii.hit import PiiHit
from postguard.detectors.pii.official import OfficialDetails

_SEP = r"(?:[ \u00a0]?[-.\u2013][ \u00a0]?|[ \u00a0]|\)[ \u00a0]?|[ \u00a0]?\()"
_RUN = re.compile(
    r"(?<![\w@=+£$€#-])(?<!\d[.,])"
    r"(?:\(?\+[ \u00a0]?|\([ \u00a0]?)?\d+"
    rf"(?:{_SEP}\d+|[ \u00a0]?\(0\)[ \u00a0]?\d+)*"
    r"\)?"
)
_RUN_TEL = re.compile(r"(?:tel:|wa\.me/)(\+?\d{10,15})", re.IGNORECASE)
_GROUP = re.compile(r"\d+")
_SPACES = " \u00a0"
#: A run needs at least this many digits to hold a phone number.
_MIN_DIGITS = 10
_MAX_DIGITS = 15

#: Words that make a following number a reference, not a phone ("Order no. 01234 567890").
_NOT_A_PHONE = re.compile(
    r"(?:\b(?:order|ref|reference|invoice|serial|isbn|transaction|receipt|tracking|sort code)"
    r"(?:\s*(?:no\.?|number|num|#|code))?"
    r"|\b(?:account|acct|membership|ticket|booking|case|policy|customer|id)"
    r"\s*(?:no\.?|number|num|#|code|ref|:))"
    r"\s*[:.#]?\s*$",
    re.IGNORECASE,
)
_CONTEXT = 30

FIX = "Remove the phone number; ask families to contact the school office instead."


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    national: str | None  # UK national digits ("07700900317"), None when foreign
    international: str | None  # "+33612345678" for a foreign number


def _uk_kind(national: str) -> str | None:
    """``mobile`` or ``landline`` for a plausible personal UK number, else None."""
    if not national.startswith("0") or not national.isdigit():
        return None
    second = national[1:2]
    if second == "7" and len(national) == 11:
        return "mobile"
    if second == "2" and len(national) == 11:
        return "landline"
    if second == "1":
        if len(national) == 11:
            return "landline"
        if len(national) == 10:
            parsed = phonenumbers.parse(national, "GB")
            return "landline" if phonenumbers.is_valid_number(parsed) else None
    return None


def _foreign(digits: str) -> bool:
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return parsed.country_code != 44 and phonenumbers.is_valid_number(parsed)


def _numbers_in_run(text: str, start: int, end: int) -> Iterator[_Number]:
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(text, start, end)]
    i = 0
    while i < len(groups):
        found = _number_from(text, groups, i, start)
        if found is None:
            i += 1
            continue
        number, used = found
        yield number
        i += used


def _prefix(text: str, run_start: int, g_start: int, g_end: int) -> tuple[int, bool]:
    """Where a number starting at digit group ``g_start`` begins, and whether it had a ``+``.

    ``+`` and an opening bracket belong to the number ("+44 ...", "(01632) 960123")
    when written just before the first group, a space apart at most; a bracket only
    when it closes right after that group, as around an area code.
    """
    k = g_start - 1 if g_start - 1 >= run_start and text[g_start - 1] in _SPACES else g_start
    if k - 1 >= run_start:
        mark = text[k - 1]
        if mark == "+":
            opened = k - 2 >= run_start and text[k - 2] == "(" and text[g_end : g_end + 1] == ")"
            return (k - 2 if opened else k - 1), True
        if mark == "(" and text[g_end : g_end + 1] == ")":
            return k - 1, False
    return g_start, False


def _number_from(
    text: str, groups: list[tuple[int, int]], i: int, run_start: int
) -> tuple[_Number, int] | None:
    g_start, g_end = groups[i]
    span_start, plus = _prefix(text, run_start, g_start, g_end)
    if not plus and text[g_start] != "0":
        return None
    digits = ""
    best: tuple[_Number, int] | None = None
    for j in range(i, len(groups)):
        a, b = groups[j]
        # "+44 (0)7700": the bracketed trunk zero is not part of the number.
        if j > i and text[a - 1 : b + 1] == "(0)":
            continue
        digits += text[a:b]
        if len(digits) > _MAX_DIGITS + 2:
            break
        number = _classify(digits, plus, span_start, b)
        if number is not None:
            best = (number, j - i + 1)
            if number.national is not None and len(number.national) == 11:
                break
    return best


def _classify(digits: str, plus: bool, start: int, end: int) -> _Number | None:
    if plus or digits.startswith("00"):
        body = digits if plus else digits[2:]
        if body.startswith("44"):
            rest = body[2:]
            national = rest if rest.startswith("0") else "0" + rest
            if _uk_kind(national):
                return _Number(start, end, national, None)
            return None
        # Country codes never start with 0; a foreign number has 8 to 15 digits.
        if not body.startswith("0") and 8 <= len(body) <= _MAX_DIGITS and _foreign(body):
            return _Number(start, end, None, "+" + body)
        return None
    if len(digits) >= _MIN_DIGITS and _uk_kind(digits):
        return _Number(start, end, digits, None)
    return None


def _candidates(text: str) -> Iterator[_Number]:
    for m in _RUN.finditer(text):
        if sum(c.isdigit() for c in m.group()) < _MIN_DIGITS - 2:
            continue
        # A run glued to a following word or digit ("07700900317abc") is a code, not a phone.
        if m.end() < len(text) and text[m.end()].isalnum() and text[m.end() - 1].isdigit():
            continue
        yield from _numbers_in_run(text, m.start(), m.end())
    for m in _RUN_TEL.finditer(text):
        raw = m.group(1)
        digits = raw.lstrip("+")
        number = _classify(digits, raw.startswith("+") or not digits.startswith("0"), *m.span(1))
        if number is not None:
            yield number


def find_phones(text: str, official: OfficialDetails) -> list[PiiHit]:
    """Personal phone numbers in ``text``; the trust's own numbers are left out."""
    hits: list[PiiHit] = []
    seen: set[tuple[int, int]] = set()
    for number in _candidates(text):
        if (number.start, number.end) in seen:
            continue
        seen.add((number.start, number.end))
        if _NOT_A_PHONE.search(text, max(0, number.start - _CONTEXT), number.start):
            continue
        if number.national is not None:
            if official.is_official_phone(number.national):
                continue
            kind = _uk_kind(number.national)
            known = official.is_contact_phone(number.national)
            score = 0.97 if known else (0.93 if kind == "mobile" else 0.85)
            what = "a mobile phone number" if kind == "mobile" else "a landline phone number"
        else:
            kind = "international"
            known = False
            score = 0.8
            what = "an international phone number"
        explanation = f"The text gives {what}, which is personal contact data (S7)."
        if known:
            explanation += " It matches a parent or carer's number in the roster."
        hits.append(
            PiiHit(
                number.start,
                number.end,
                "phone",
                score,
                explanation,
                FIX,
                {"phone_kind": kind, "roster_contact": known},
            )
        )
    return hits
