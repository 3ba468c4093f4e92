"""DateMention: calendar dates as people write them in the UK (and a few US forms).

``03/05/2017``, ``14.06.2015``, ``3-5-17``, ``2017-05-03``, ``2 October 2014``,
``2nd Oct 2014``, ``October 2, 2014``, ``Friday 18th December``. Numeric dates are
read day-first; a numeric date that is impossible day-first is read month-first.
A date without a year keeps ``year=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMERIC = re.compile(r"(?<![\w/.\-:£$])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/\-]|\.\d)")
_ISO = re.compile(r"(?<![\w/.\-])(\d{4})-(\d{2})-(\d{2})(?![\w/\-]|\.\d)")
_DAY_MONTH = re.compile(
    rf"(?<![\w/.\-])(\d{{1,2}})(?:st|nd|rd|th)?(?:[ ]of)?[ \u00a0]+{_MONTH}"
    r"(?:,?[ \u00a0]+(\d{4}))?(?![\w\-])",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?<![\w\-]){_MONTH}[ \u00a0]+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ \u00a0]+(\d{{4}}))?"
    r"(?![\w\-/]|\.\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None

    def as_date(self) -> date | None:
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def same_day(self, other: date) -> bool:
        """Same day and month, and same year when this mention has one."""
        if (self.day, self.month) != (other.day, other.month):
            return False
        return self.year is None or self.year == other.year


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


def _full_year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    yy = int(text)
    century = today.year // 100 * 100
    return century + yy if century + yy <= today.year else century - 100 + yy


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date written in ``text``, in order, without overlaps."""
    found: list[DateMention] = []
    for m in _NUMERIC.finditer(text):
        a, b, full = int(m.group(1)), int(m.group(3)), _full_year(m.group(4), today)
        if _valid(a, b, full):
            found.append(DateMention(m.start(), m.end(), a, b, full))
        elif _valid(b, a, full):
            found.append(DateMention(m.start(), m.end(), b, a, full))
    for m in _ISO.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(d, mo, y):
            found.append(DateMention(m.start(), m.end(), d, mo, y))
    for m in _DAY_MONTH.finditer(text):
        d, mo = int(m.group(1)), _MONTHS[m.group(2)[:3].lower()]
        year = int(m.group(3)) if m.group(3) else None
        if _valid(d, mo, year):
            found.append(DateMention(m.start(), m.end(), d, mo, year))
    for m in _MONTH_DAY.finditer(text):
        mo, d = _MONTHS[m.group(1)[:3].lower()], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        if _valid(d, mo, year):
            found.append(DateMention(m.start(), m.end(), d, mo, year))
    found.sort(key=lambda mention: (mention.start, -mention.end))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
