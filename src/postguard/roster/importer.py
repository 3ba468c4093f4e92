"""Import a roster from an MIS-style CSV folder (see docs/roster.md for the columns).

Minimal first version: reads the shared/data layout. Hardened (column mapping,
line-numbered errors, --skip-invalid) in the roster import work.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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


@dataclass(frozen=True)
class RosterImport:
    roster: Roster


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def import_roster(folder: Path, *, skip_invalid: bool = False) -> RosterImport:
    pupils = tuple(
        Pupil(
            upn=r["UPN"].strip(),
            legal_forename=r["Legal Forename"].strip(),
            legal_surname=r["Legal Surname"].strip(),
            preferred_forename=(r["Preferred Forename"] or r["Legal Forename"]).strip(),
            preferred_surname=(r["Preferred Surname"] or r["Legal Surname"]).strip(),
            year=r["Year"].strip(),
            reg_group=r["Reg Group"].strip(),
            dob=date.fromisoformat(r["DOB"].strip()),
            school=r["School"].strip(),
            leaving_date=_date(r["Leaving Date"]),
        )
        for r in _rows(folder / "pupils.csv")
    )
    staff = tuple(
        StaffMember(
            staff_id=r["Staff ID"],
            title=r["Title"],
            forename=r["Forename"],
            surname=r["Surname"],
            role=r["Role"],
            email=r["Email"],
            school=r["School"],
        )
        for r in _rows(folder / "staff.csv")
    )
    contacts = tuple(
        Contact(
            upn=r["UPN"],
            forename=r["Contact Forename"],
            surname=r["Contact Surname"],
            relationship=r["Relationship"],
            email=r["Email"],
            phone=r["Phone"],
        )
        for r in _rows(folder / "contacts.csv")
    )
    consents = tuple(
        Consent(
            upn=r["UPN"],
            scope=ConsentScope(r["Consent Type"].strip().lower().replace(" ", "_")),
            status=ConsentStatus(r["Status"].strip().lower()),
            date=date.fromisoformat(r["Date"].strip()),
            given_by=r["Given By"],
        )
        for r in _rows(folder / "consents.csv")
    )
    schools: list[SchoolContacts] = []
    sc_path = folder / "school_contacts.json"
    if sc_path.exists():
        raw = json.loads(sc_path.read_text(encoding="utf-8"))
        for name, body in raw.items():
            if name.startswith("_") or not isinstance(body, dict):
                continue
            schools.append(
                SchoolContacts(
                    name=name,
                    address=body.get("address", ""),
                    postcode=body.get("postcode", ""),
                    phones=tuple(body.get("phones", ())),
                    emails=tuple(body.get("emails", ())),
                    websites=tuple(body.get("websites", ())),
                    social=tuple(sorted(body.get("social", {}).items())),
                )
            )
    return RosterImport(Roster(pupils, staff, contacts, consents, tuple(schools)))


def load_roster(folder: Path) -> Roster:
    """Import a roster folder, refusing it whole on any invalid row."""
    return import_roster(folder).roster
