"""Counts that describe a roster without naming anyone (for the CLI and reports)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from postguard.roster.models import ConsentScope, ConsentStatus, Roster


@dataclass(frozen=True)
class SchoolCount:
    school: str
    on_roll: int
    ex_pupils: int


@dataclass(frozen=True)
class RosterSummary:
    today: date
    on_roll: int
    ex_pupils: int
    by_school: tuple[SchoolCount, ...]
    staff: int
    contacts: int
    consent_rows: int
    #: consent in force (the latest row per pupil and scope), by scope then status
    consents: dict[ConsentScope, dict[ConsentStatus, int]]
    #: bodies with official contact details (school_contacts.json)
    schools: tuple[str, ...]

    @property
    def pupils(self) -> int:
        return self.on_roll + self.ex_pupils

    def as_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "pupils": self.pupils,
            "on_roll": self.on_roll,
            "ex_pupils": self.ex_pupils,
            "by_school": {
                s.school: {"on_roll": s.on_roll, "ex_pupils": s.ex_pupils} for s in self.by_school
            },
            "staff": self.staff,
            "contacts": self.contacts,
            "consent_rows": self.consent_rows,
            "consents": {
                scope.value: {status.value: n for status, n in counts.items()}
                for scope, counts in self.consents.items()
            },
            "schools": list(self.schools),
        }


def summarise(roster: Roster, today: date) -> RosterSummary:
    on_roll: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for p in roster.pupils:
        (on_roll if p.on_roll(today) else left)[p.school] += 1
    in_force = {(c.upn, c.scope): roster.consent(c.upn, c.scope) for c in roster.consents}
    consents: dict[ConsentScope, dict[ConsentStatus, int]] = {}
    for scope in ConsentScope:
        counts = Counter(c.status for (_, s), c in in_force.items() if s is scope and c is not None)
        if counts:
            consents[scope] = {status: counts.get(status, 0) for status in ConsentStatus}
    schools = sorted(set(on_roll) | set(left))
    return RosterSummary(
        today=today,
        on_roll=sum(on_roll.values()),
        ex_pupils=sum(left.values()),
        by_school=tuple(SchoolCount(s, on_roll[s], left[s]) for s in schools),
        staff=len(roster.staff),
        contacts=len(roster.contacts),
        consent_rows=len(roster.consents),
        consents=consents,
        schools=tuple(s.name for s in roster.schools),
    )
