"""Describing a pupil without naming them: "a Year 5 pupil", "a Reception pupil".

Pure functions over the roster. The names detector's suggested fix and the web
app's one-click fix both use them, so the advice and the edit always agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.findings import Candidate
from postguard.roster.models import Roster

_NEAR_TOP = 0.1


def year_label(year: str) -> str | None:
    """``"5"`` -> ``"Year 5"``, ``"R"`` -> ``"Reception"``; ``None`` when unknown."""
    year = year.strip()
    if year.isdigit():
        return f"Year {int(year)}"
    if year.upper() in ("R", "REC", "RECEPTION"):
        return "Reception"
    if year.upper() in ("N", "N1", "N2", "NURSERY"):
        return "Nursery"
    return None


def neutral_phrase(candidates: Sequence[Candidate], roster: Roster, *, family: bool = False) -> str:
    """A neutral phrase for the pupil a name most likely refers to: ``a Year 5 pupil``.

    The year is used only when every near-top candidate is in the same year;
    otherwise the phrase says just ``a pupil``.
    """
    top = max((c.confidence for c in candidates), default=0.0)
    labels: set[str | None] = set()
    for c in candidates:
        if c.confidence >= top - _NEAR_TOP:
            pupil = roster.pupil(c.upn)
            labels.add(year_label(pupil.year) if pupil is not None else None)
    label = labels.pop() if len(labels) == 1 else None
    phrase = f"a {label} pupil" if label else "a pupil"
    return f"{phrase}'s family" if family else phrase
