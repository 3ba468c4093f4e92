"""Roster value objects, in the domain words of DESIGN.md.

Child data is special-category: these objects never define ``__repr__`` output
for logs beyond what dataclasses give, and nothing here writes anywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ConsentScope(StrEnum):
    SOCIAL_MEDIA = "social_media"
    WEBSITE = "website"
    PRESS = "press"
    BIOMETRIC = "biometric"


class ConsentStatus(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Pupil:
    upn: str
    legal_forename: str
    legal_surname: str
    preferred_forename: str
    preferred_surname: str
    year: str
    reg_group: str
    dob: date
    school: str
    leaving_date: date | None = None

    def on_roll(self, today: date) -> bool:
        return self.leaving_date is None or self.leaving_date > today

    def age_on(self, today: date) -> int:
        years = today.year - self.dob.year
        if (today.month, today.day) < (self.dob.month, self.dob.day):
            years -= 1
        return years

    @property
    def forenames(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.legal_forename, self.preferred_forename)))

    @property
    def surnames(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.legal_surname, self.preferred_surname)))


@dataclass(frozen=True, slots=True)
class StaffMember:
    staff_id: str
    title: str
    forename: str
    surname: str
    role: str
    email: str
    school: str


@dataclass(frozen=True, slots=True)
class Contact:
    """A parent or carer of a pupil."""

    upn: str
    forename: str
    surname: str
    relationship: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class Consent:
    upn: str
    scope: ConsentScope
    status: ConsentStatus
    date: date
    given_by: str


@dataclass(frozen=True, slots=True)
class SchoolContacts:
    """A school's (or the trust's) own published contact details: never a finding."""

    name: str
    address: str = ""
    postcode: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    social: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Roster:
    """One version of a trust's roster. Consent rows keep their history; the latest wins."""

    pupils: tuple[Pupil, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    contacts: tuple[Contact, ...] = ()
    consents: tuple[Consent, ...] = ()
    schools: tuple[SchoolContacts, ...] = ()
    _by_upn: dict[str, Pupil] = field(default_factory=dict, init=False, repr=False)
    _latest: dict[tuple[str, ConsentScope], Consent] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_upn.update((p.upn, p) for p in self.pupils)
        for c in sorted(self.consents, key=lambda c: c.date):
            # Stable sort: for rows on the same date, the later row in the file wins.
            self._latest[(c.upn, c.scope)] = c

    def pupil(self, upn: str) -> Pupil | None:
        return self._by_upn.get(upn)

    def consent(self, upn: str, scope: ConsentScope) -> Consent | None:
        """The consent in force for a pupil and scope (the latest row), if any."""
        return self._latest.get((upn, scope))

    def has_consent(self, upn: str, scope: ConsentScope) -> bool:
        c = self.consent(upn, scope)
        return c is not None and c.status is ConsentStatus.GRANTED

    def official_domains(self) -> frozenset[str]:
        """Domains of the trust's own official email addresses and websites."""
        domains: set[str] = set()
        for s in self.schools:
            domains.update(e.rsplit("@", 1)[-1].lower() for e in s.emails if "@" in e)
        domains.update(m.email.rsplit("@", 1)[-1].lower() for m in self.staff if "@" in m.email)
        return frozenset(domains)

    @property
    def fingerprint(self) -> str:
        """A short digest identifying this roster version (no child data in clear)."""
        h = hashlib.sha256()
        for p in self.pupils:
            h.update(repr(p).encode())
        for m in self.staff:
            h.update(repr(m).encode())
        return h.hexdigest()[:16]


def school_names(roster: Roster) -> Iterable[str]:
    return sorted({p.school for p in roster.pupils} | {s.name for s in roster.schools})
