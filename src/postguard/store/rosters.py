"""Reading the roster back from the database (writing is postguard.workflows.roster's job)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.roster import models as rm
from postguard.store import models as db


def find_trust(session: Session, name: str) -> db.Trust | None:
    return session.scalars(select(db.Trust).where(db.Trust.name == name)).first()


def latest_version(session: Session, trust_id: int) -> db.RosterVersion | None:
    return session.scalars(
        select(db.RosterVersion)
        .where(db.RosterVersion.trust_id == trust_id)
        .order_by(db.RosterVersion.id.desc())
        .limit(1)
    ).first()


def _school_names(session: Session, trust_id: int) -> dict[int, str]:
    rows = session.execute(
        select(db.School.id, db.School.name).where(db.School.trust_id == trust_id)
    )
    return {sid: name for sid, name in rows}


def pupil_history(session: Session, pupil_id: int) -> list[db.PupilRecord]:
    """Every record the pupil ever had, oldest first (kept after they leave)."""
    return list(
        session.scalars(
            select(db.PupilRecord)
            .where(db.PupilRecord.pupil_id == pupil_id)
            .order_by(db.PupilRecord.id)
        )
    )


def consent_history(session: Session, pupil_id: int, scope: rm.ConsentScope) -> list[db.Consent]:
    """Every consent row for a pupil and scope, oldest first: the last one is in force."""
    return list(
        session.scalars(
            select(db.Consent)
            .where(db.Consent.pupil_id == pupil_id, db.Consent.scope == scope.value)
            .order_by(db.Consent.date, db.Consent.id)
        )
    )


def current_roster(session: Session, trust_id: int) -> rm.Roster:
    """The trust's roster as of its latest version: open records, every consent row."""
    schools = _school_names(session, trust_id)
    pupils: list[rm.Pupil] = []
    for upn, r in session.execute(
        select(db.Pupil.upn, db.PupilRecord)
        .join(db.PupilRecord, db.PupilRecord.pupil_id == db.Pupil.id)
        .where(db.Pupil.trust_id == trust_id, db.PupilRecord.valid_to_version_id.is_(None))
        .order_by(db.PupilRecord.id)
    ):
        pupils.append(
            rm.Pupil(
                upn=upn,
                legal_forename=r.legal_forename,
                legal_surname=r.legal_surname,
                preferred_forename=r.preferred_forename,
                preferred_surname=r.preferred_surname,
                year=r.year,
                reg_group=r.reg_group,
                dob=r.dob,
                school=schools[r.school_id],
                leaving_date=r.leaving_date,
            )
        )
    on_roll = {p.upn for p in pupils}
    staff = [
        rm.StaffMember(sid, s.title, s.forename, s.surname, s.role, s.email, schools[s.school_id])
        for sid, s in session.execute(
            select(db.StaffMember.staff_id, db.StaffRecord)
            .join(db.StaffRecord, db.StaffRecord.staff_member_id == db.StaffMember.id)
            .where(
                db.StaffMember.trust_id == trust_id, db.StaffRecord.valid_to_version_id.is_(None)
            )
            .order_by(db.StaffRecord.id)
        )
    ]
    contacts = [
        rm.Contact(upn, c.forename, c.surname, c.relationship, c.email, c.phone)
        for upn, c in session.execute(
            select(db.Pupil.upn, db.ContactRecord)
            .join(db.ContactRecord, db.ContactRecord.pupil_id == db.Pupil.id)
            .where(db.Pupil.trust_id == trust_id, db.ContactRecord.valid_to_version_id.is_(None))
            .order_by(db.ContactRecord.id)
        )
    ]
    consents = [
        rm.Consent(upn, rm.ConsentScope(c.scope), rm.ConsentStatus(c.status), c.date, c.given_by)
        for upn, c in session.execute(
            select(db.Pupil.upn, db.Consent)
            .join(db.Consent, db.Consent.pupil_id == db.Pupil.id)
            .where(db.Pupil.trust_id == trust_id)
            .order_by(db.Consent.date, db.Consent.id)
        )
        if upn in on_roll
    ]
    school_contacts = [
        rm.SchoolContacts(
            name=s.name,
            address=str(s.contacts.get("address", "")),
            postcode=str(s.contacts.get("postcode", "")),
            phones=tuple(s.contacts.get("phones", ())),
            emails=tuple(s.contacts.get("emails", ())),
            websites=tuple(s.contacts.get("websites", ())),
            social=tuple(sorted(dict(s.contacts.get("social", {})).items())),
        )
        for s in session.scalars(
            select(db.School).where(db.School.trust_id == trust_id).order_by(db.School.id)
        )
        if s.contacts
    ]
    return rm.Roster(
        tuple(pupils), tuple(staff), tuple(contacts), tuple(consents), tuple(school_contacts)
    )
