"""Dates of birth: a date that is a pupil's DOB, or is written as somebody's DOB.

A date is reported when

* it is the date of birth of a pupil named in the text (with its year, or without
  one when labelled as a birthday), or
* it is labelled as a date of birth ("DOB", "D.O.B.", "date of birth", "born on",
  "birthday") and has a year, and is at least two years old: a child's or an
  adult's DOB, while a baby's birth announcement and event dates are not.

So "Mrs Green's little boy was born on 2nd November" and "Friday 18th December"
are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from postguard.detectors.pii.dates import DateMention
from postguard.detectors.pii.hit import PiiHit
from postguard.roster.models import Pupil

_WORDS = (
    r"(?:\b(?:born|dob|date[ ]of[ ]birth|birth[ ]?date|birthday|bday|b'day)\b"
    r"|\bd\.[ ]?o\.[ ]?b\b\.?)"
)
#: A label before the date: "DOB 03/05/2017", "Date of birth:\n03/05/2017", "born on ...",
#: "date of birth? It's 6/24/1991", "b. 2014".
_LABEL = re.compile(
    rf"{_WORDS}(?:[^\n.!?]{{0,12}}|[ \t]*:[ \t]*\n[ \t]*)$"
    rf"|{_WORDS}[.?!][ ]+(?:it'?s|it[ ]is|mine[ ]is|hers[ ]is|his[ ]is)[ ]*:?[ ]*$"
    r"|\bb\.[ ]?$",
    re.IGNORECASE,
)
#: A label after the date: "03/05/2017 (DOB)".
_LABEL_AFTER = re.compile(rf"[ ]*[(\[]?[ ]*{_WORDS}", re.IGNORECASE)
_CONTEXT = 40
#: A labelled date of birth less than this many years old is a baby's, not a pupil's.
_MIN_AGE_YEARS = 2

FIX = "Remove the date of birth; a child's DOB must never be published."


def _labelled(text: str, mention: DateMention) -> bool:
    if _LABEL.search(text, max(0, mention.start - _CONTEXT), mention.start):
        return True
    return bool(_LABEL_AFTER.match(text, mention.end))


def _years_before(d: date, today: date) -> int:
    years = today.year - d.year
    if (today.month, today.day) < (d.month, d.day):
        years -= 1
    return years


def find_dates_of_birth(
    text: str,
    dates: Sequence[DateMention],
    named: Sequence[Pupil],
    dobs: frozenset[date],
    today: date,
) -> list[PiiHit]:
    """Dates in ``text`` that are dates of birth.

    ``named`` are the pupils the text names; ``dobs`` is every DOB on the roster.
    """
    hits: list[PiiHit] = []
    for mention in dates:
        full = mention.as_date()
        of_named = any(mention.same_day(p.dob) for p in named)
        labelled = _labelled(text, mention)
        if of_named and (full is not None or labelled):
            score, why = 0.95, "is the date of birth of a pupil named in the text"
        elif full is not None and labelled:
            if full in dobs:
                score, why = 0.9, "is written as a date of birth and matches a pupil's DOB"
            elif full <= today and _years_before(full, today) >= _MIN_AGE_YEARS:
                score, why = 0.75, "is written as someone's date of birth"
            else:
                continue
        else:
            continue
        hits.append(
            PiiHit(
                mention.start,
                mention.end,
                "date_of_birth",
                score,
                f"The date {why} (S7).",
                FIX,
                {"year_written": mention.year is not None},
            )
        )
    return hits
