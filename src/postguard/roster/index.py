"""RosterIndex: every written form of every pupil's name, built once per roster version.

Contract (implemented in the names work):

* ``RosterIndex.build(roster, today=...)`` builds the index once.
* ``index.find(text, school=None)`` returns :class:`NameMatch` objects whose
  ``start``/``end`` are offsets into the *original* ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from postguard.findings import Candidate
from postguard.roster.models import Roster


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    quote: str
    form: str
    candidates: tuple[Candidate, ...]
    score: float


class RosterIndex:
    def __init__(self, roster: Roster, today: date) -> None:
        self.roster = roster
        self.today = today

    @classmethod
    def build(cls, roster: Roster, today: date | None = None) -> RosterIndex:
        return cls(roster, today or date.today())

    def find(self, text: str, school: str | None = None) -> list[NameMatch]:
        return []
