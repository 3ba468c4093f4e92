"""Ages tied to a named pupil: "7th birthday to Ruby", "At just 12, Zoë", "Jade, 20", "Mia (4)".

An age on its own ("nearly 100", "our 7-year-olds") is not personal data, and
neither is a name on its own (the names detector reports names). The phrase that
ties the two together is: the quote covers the age wording and the name. Names
come from the roster's name index, so only pupils count; a name after a title
("Mrs Price") is staff. The score is higher when the age is the named pupil's
real age (give or take a year: drafts are written across the year); a bare number
after a name ("Jade, 20", "Mia (4)") counts only when it is the pupil's real age,
since it could as well be a score or a count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from postguard.detectors.pii.hit import PiiHit
from postguard.roster.models import Roster

if TYPE_CHECKING:
    from postguard.roster.index import NameMatch

_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS, start=1)}
_AGE = r"(\d{1,2}|" + "|".join(_WORDS) + r")"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)"
_GAP = r"[^.!?\n]"
_END = (
    r"(?=[ ]*(?:[,.!;:)\n]|$)"
    r"|[ ]+(?:today|tomorrow|yesterday|this|next|last|on|now|and|in|but|so|already|recently"
    r"|years?\b|yrs?\b|year-old))"
)
_F = re.IGNORECASE

#: Patterns that end just before a name; ``True`` marks wording that is plainly an age.
_BEFORE = (
    (re.compile(rf"\b{_ORD}[ ]+birthday\b{_GAP}{{0,40}}$", _F), True),
    (
        re.compile(rf"\b(?:at[ ]+(?:just|only)|aged?(?:[ ]+(?:just|only))?)[ ]+{_AGE},?[ ]+$", _F),
        True,
    ),
    (re.compile(rf"\b{_AGE}[- ]years?[- ]old[ ]+(?:[\w'\u2019]+[ ]+){{0,2}}$", _F), True),
    # "At 12, Zoë" could be a time: it counts only when 12 is the pupil's real age.
    (re.compile(rf"\bat[ ]+{_AGE},[ ]+$", _F), False),
)
#: Patterns that start just after a name.
_AFTER = (
    (re.compile(rf"^(?:['\u2019]s)?[ ]+{_ORD}[ ]+birthday\b", _F), True),
    (re.compile(rf"^,?[ ]+aged?[ ]+{_AGE}\b", _F), True),
    (re.compile(rf"^[ ]*\(aged?[ ]+{_AGE}\)", _F), True),
    (
        re.compile(
            rf"^,?[ ]+(?:is|turns|turned|has[ ]turned|has[ ]just[ ]turned|who[ ]is|who[ ]turns"
            rf"|who[ ]turned|who[ ]has[ ]turned)[ ]+(?:now[ ]+|just[ ]+)?{_AGE}{_END}",
            _F,
        ),
        True,
    ),
    (re.compile(rf"^{_GAP}{{0,25}}?\b{_ORD}[ ]+birthday\b", _F), True),
    (re.compile(rf"^,?[ ]+(?:(?:our|a|the)[ ]+)?{_AGE}[- ]years?[- ]old\b", _F), True),
    (re.compile(rf"^[ ]*[,\-\u2013\u2014][ ]*{_AGE}[ ]+(?:today|tomorrow)\b", _F), True),
    # "Jade, 20" and "Mia (4)" could be a score or a count ("Oscar Hall (2)" tries):
    # they count only when the number is the pupil's real age.
    (re.compile(rf"^,[ ]*{_AGE}{_END}", _F), False),
    (re.compile(rf"^[ ]*\({_AGE}\)", _F), False),
)
#: A cheap test for any of the wordings above, so the names are looked up only when needed.
_CUE = re.compile(
    rf"\d(?:st|nd|rd|th)[ ]+birthday|\baged?\b|years?[- ]old"
    rf"|\b(?:at|is|turns|turned)[ ]+(?:just[ ]+|only[ ]+|now[ ]+)?{_AGE}\b"
    rf"|,[ ]*{_AGE}\b|\({_AGE}\)|[\-\u2013\u2014][ ]*{_AGE}[ ]+(?:today|tomorrow)",
    _F,
)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Miss|Ms|Mx|Dr|Sir|Dame|Rev|Cllr|Prof)\.?[ ]+$")
_BEFORE_WINDOW = 60
_AFTER_WINDOW = 50
#: The oldest age we tie to a name when it does not match the pupil's real age.
_SCHOOL_AGE = 19

FIX = (
    "Remove the age (or the name): together they identify the child; "
    "'celebrating a birthday' is enough."
)


def might_give_age(text: str) -> bool:
    """False when no wording in ``text`` could tie an age to a name."""
    return bool(_CUE.search(text))


def _age(value: str) -> int:
    return int(value) if value.isdigit() else _NUMBER_WORDS[value.lower()]


def _pupil_ages(match: NameMatch, roster: Roster | None, today: date) -> list[int]:
    if roster is None:
        return []
    ages: list[int] = []
    for c in match.candidates:
        pupil = roster.pupil(c.upn)
        if pupil is not None:
            ages.append(pupil.age_on(today))
    return ages


def _tie(text: str, match: NameMatch) -> tuple[int, int, int, bool] | None:
    """(start, end, age, plainly an age) of the phrase tying an age to the name at ``match``."""
    before = text[max(0, match.start - _BEFORE_WINDOW) : match.start]
    offset = match.start - len(before)
    for pattern, explicit in _BEFORE:
        m = pattern.search(before)
        if m:
            return offset + m.start(), match.end, _age(m.group(1)), explicit
    after = text[match.end : match.end + _AFTER_WINDOW]
    for pattern, explicit in _AFTER:
        m = pattern.search(after)
        if m:
            return match.start, match.end + m.end(), _age(m.group(1)), explicit
    return None


def find_ages_with_names(
    text: str, names: Sequence[NameMatch], roster: Roster | None, today: date
) -> list[PiiHit]:
    """Phrases in ``text`` that give a named pupil's age."""
    hits: list[PiiHit] = []
    for match in names:
        if not match.candidates:
            continue
        if _TITLE.search(text, max(0, match.start - 8), match.start):
            continue
        tie = _tie(text, match)
        if tie is None:
            continue
        start, end, age, explicit = tie
        ages = _pupil_ages(match, roster, today)
        real = any(abs(a - age) <= 1 for a in ages)
        if not real and (not explicit or age > _SCHOOL_AGE):
            continue
        score = 0.9 if real else 0.6
        explanation = "The text ties an age to a named pupil"
        explanation += (
            ", and it is the pupil's age (S7)."
            if real
            else "; with the name it identifies a child (S7)."
        )
        hits.append(
            PiiHit(start, end, "age_with_name", score, explanation, FIX, {"age_matches": real})
        )
    return hits
