"""The trust's roster: pupils, staff, parents and carers, consents, official contacts."""

from __future__ import annotations

from postguard.roster.models import (
    Consent,
    ConsentScope,
    ConsentStatus,
    Contact,
    Pupil,
    Roster,
    SchoolContacts,
    StaffMember,
)

__all__ = [
    "Consent",
    "ConsentScope",
    "ConsentStatus",
    "Contact",
    "Pupil",
    "Roster",
    "SchoolContacts",
    "StaffMember",
]
