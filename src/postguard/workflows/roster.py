"""Persist an imported :class:`~postguard.roster.models.Roster` as a new roster version.

Re-importable: each import is a new :class:`RosterVersion`. A pupil, staff
member or contact whose details changed gets a new record (the old one is
closed, never deleted); one who is no longer in the roster has their record
closed and keeps every record they had. Consent rows are appended when new;
the latest row in force per pupil and scope always matches the imported
roster's (the latest wins). Every change writes an audit event naming the row
by id, in the same transaction; nothing is committed here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.roster import models as rm
from postguard.store import models as db
from postguard.workflows.consents import append_consents
from postguard.workflows.trusts import ensure_school, ensure_trust

_PUPIL_FIELDS = (
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "year",
    "reg_group",
    "dob",
    "leaving_date",
)
_STAFF_FIELDS = ("title", "forename", "surname", "role", "email")
_CONTACT_FIELDS = ("forename", "surname", "relationship", "email", "phone")


@dataclass
class RosterSaved:
    """What an import changed: counts only (safe to log and show)."""

    version_id: int
    trust_id: int
    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _contacts_doc(s: rm.SchoolContacts) -> dict[str, object]:
    doc = asdict(s)
    doc.pop("name")
    doc["phones"] = list(s.phones)
    doc["emails"] = list(s.emails)
    doc["websites"] = list(s.websites)
    doc["social"] = {k: v for k, v in s.social}
    return doc


def _digest(doc: object) -> str:
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


class _Writer:
    def __init__(self, session: Session, roster: rm.Roster, trust_name: str, actor: str) -> None:
        self.s = session
        self.roster = roster
        self.actor = actor
        self.chain = AuditChain(session)
        self.trust = ensure_trust(session, trust_name, actor=actor, chain=self.chain)
        self.version = db.RosterVersion(
            trust_id=self.trust.id, imported_by=actor, fingerprint=roster.fingerprint, summary={}
        )
        session.add(self.version)
        session.flush()
        self.saved = RosterSaved(self.version.id, self.trust.id)
        self.schools: dict[str, db.School] = {}
        self.school_names: dict[int, str] = {}

    def save_versions(
        self,
        noun: str,
        object_type: str,
        changes: Sequence[tuple[str, int, Any, Any]],
        gone: Sequence[tuple[int, Any]],
    ) -> None:
        """Close the records of those who left, write the new records, audit each change.

        ``changes`` holds (action, object id, the record it replaces or None, the new
        record); ``gone`` holds (object id, its open record) for those not in this roster.
        """
        version_id = self.version.id
        for _, record in gone:
            record.valid_to_version_id = version_id
        self.s.add_all(record for *_, record in changes)
        self.s.flush()
        for action, object_id, old, record in changes:
            self.saved.bump(action)
            self.audit(
                action,
                object_type,
                object_id,
                school=self.school_names.get(record.school_id),
                before=None if old is None else f"{noun}_record:{old.id}",
                after=f"{noun}_record:{record.id}",
            )
        for object_id, record in gone:
            self.saved.bump(f"{noun}.remove")
            self.audit(
                f"{noun}.remove",
                object_type,
                object_id,
                school=self.school_names.get(record.school_id),
                before=f"{noun}_record:{record.id}",
            )

    def audit(
        self,
        action: str,
        object_type: str,
        object_id: int,
        *,
        school: str | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> None:
        self.chain.record(
            actor=self.actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            school=school,
            before_ref=before,
            after_ref=after,
            details={"roster_version": self.version.id},
        )

    # -- schools -------------------------------------------------------------

    def school(self, name: str) -> db.School:
        found = self.schools.get(name)
        if found is None:
            found = ensure_school(self.s, self.trust, name, actor=self.actor, chain=self.chain)
            self.schools[name] = found
            self.school_names[found.id] = name
        return found

    def save_schools(self) -> None:
        for sc in self.roster.schools:
            school = self.school(sc.name)
            doc = _contacts_doc(sc)
            if school.contacts != doc:
                before = _digest(school.contacts) if school.contacts else None
                school.contacts = doc
                self.audit(
                    "school.contacts.update",
                    "school",
                    school.id,
                    school=sc.name,
                    before=before,
                    after=_digest(doc),
                )
        for name in sorted(
            {p.school for p in self.roster.pupils} | {m.school for m in self.roster.staff}
        ):
            self.school(name)

    # -- pupils --------------------------------------------------------------

    def save_pupils(self) -> dict[str, int]:
        """Returns UPN -> pupil id for every pupil of the trust (old and new)."""
        s, v = self.s, self.version
        pupils = {
            p.upn: p for p in s.scalars(select(db.Pupil).where(db.Pupil.trust_id == self.trust.id))
        }
        open_records = {
            r.pupil_id: r
            for r in s.scalars(
                select(db.PupilRecord)
                .join(db.Pupil, db.Pupil.id == db.PupilRecord.pupil_id)
                .where(
                    db.Pupil.trust_id == self.trust.id, db.PupilRecord.valid_to_version_id.is_(None)
                )
            )
        }
        new_pupils = [
            db.Pupil(trust_id=self.trust.id, upn=p.upn, first_version_id=v.id)
            for p in self.roster.pupils
            if p.upn not in pupils
        ]
        s.add_all(new_pupils)
        s.flush()
        pupils.update((p.upn, p) for p in new_pupils)

        changes: list[tuple[str, db.Pupil, db.PupilRecord | None, db.PupilRecord]] = []
        seen: set[int] = set()
        for p in self.roster.pupils:
            pupil = pupils[p.upn]
            seen.add(pupil.id)
            old = open_records.get(pupil.id)
            school_id = self.school(p.school).id
            values = {f: getattr(p, f) for f in _PUPIL_FIELDS}
            if (
                old is not None
                and old.school_id == school_id
                and all(getattr(old, f) == values[f] for f in _PUPIL_FIELDS)
            ):
                continue
            if old is not None:
                old.valid_to_version_id = v.id
            record = db.PupilRecord(
                pupil_id=pupil.id, school_id=school_id, valid_from_version_id=v.id, **values
            )
            action = (
                "pupil.add"
                if old is None and pupil.first_version_id == v.id
                else "pupil.update"
                if old is not None
                else "pupil.return"
            )
            changes.append((action, pupil, old, record))
        gone = [(r.pupil_id, r) for pid, r in open_records.items() if pid not in seen]
        self.save_versions(
            "pupil",
            "pupil",
            [(action, pupil.id, old, record) for action, pupil, old, record in changes],
            gone,
        )
        self.saved.counts["pupils"] = len(self.roster.pupils)
        return {upn: p.id for upn, p in pupils.items()}

    # -- staff ---------------------------------------------------------------

    def save_staff(self) -> None:
        s, v = self.s, self.version
        members = {
            m.staff_id: m
            for m in s.scalars(
                select(db.StaffMember).where(db.StaffMember.trust_id == self.trust.id)
            )
        }
        open_records = {
            r.staff_member_id: r
            for r in s.scalars(
                select(db.StaffRecord)
                .join(db.StaffMember, db.StaffMember.id == db.StaffRecord.staff_member_id)
                .where(
                    db.StaffMember.trust_id == self.trust.id,
                    db.StaffRecord.valid_to_version_id.is_(None),
                )
            )
        }
        new_members = [
            db.StaffMember(trust_id=self.trust.id, staff_id=m.staff_id, first_version_id=v.id)
            for m in self.roster.staff
            if m.staff_id not in members
        ]
        s.add_all(new_members)
        s.flush()
        members.update((m.staff_id, m) for m in new_members)
        changes: list[tuple[db.StaffMember, db.StaffRecord | None, db.StaffRecord]] = []
        seen: set[int] = set()
        for m in self.roster.staff:
            member = members[m.staff_id]
            seen.add(member.id)
            old = open_records.get(member.id)
            school_id = self.school(m.school).id
            values = {f: getattr(m, f) for f in _STAFF_FIELDS}
            if (
                old is not None
                and old.school_id == school_id
                and all(getattr(old, f) == values[f] for f in _STAFF_FIELDS)
            ):
                continue
            if old is not None:
                old.valid_to_version_id = v.id
            changes.append(
                (
                    member,
                    old,
                    db.StaffRecord(
                        staff_member_id=member.id,
                        school_id=school_id,
                        valid_from_version_id=v.id,
                        **values,
                    ),
                )
            )
        gone = [(r.staff_member_id, r) for mid, r in open_records.items() if mid not in seen]
        self.save_versions(
            "staff",
            "staff_member",
            [
                ("staff.add" if old is None else "staff.update", member.id, old, record)
                for member, old, record in changes
            ],
            gone,
        )

    # -- contacts ------------------------------------------------------------

    def save_contacts(self, pupil_ids: dict[str, int]) -> None:
        """Contacts have no key of their own: a record is kept while it is unchanged."""
        s, v = self.s, self.version
        current: dict[tuple[object, ...], db.ContactRecord] = {}
        for r in s.scalars(
            select(db.ContactRecord)
            .join(db.Pupil, db.Pupil.id == db.ContactRecord.pupil_id)
            .where(
                db.Pupil.trust_id == self.trust.id, db.ContactRecord.valid_to_version_id.is_(None)
            )
        ):
            current[(r.pupil_id, *(getattr(r, f) for f in _CONTACT_FIELDS))] = r
        wanted: dict[tuple[object, ...], rm.Contact] = {}
        for c in self.roster.contacts:
            wanted.setdefault((pupil_ids[c.upn], *(getattr(c, f) for f in _CONTACT_FIELDS)), c)
        added = [
            db.ContactRecord(
                pupil_id=key[0],
                valid_from_version_id=v.id,
                **{f: getattr(c, f) for f in _CONTACT_FIELDS},
            )
            for key, c in wanted.items()
            if key not in current
        ]
        gone = [r for key, r in current.items() if key not in wanted]
        for r in gone:
            r.valid_to_version_id = v.id
        s.add_all(added)
        s.flush()
        for r in added:
            self.saved.bump("contact.add")
            self.audit("contact.add", "pupil", r.pupil_id, after=f"contact_record:{r.id}")
        for r in gone:
            self.saved.bump("contact.remove")
            self.audit("contact.remove", "pupil", r.pupil_id, before=f"contact_record:{r.id}")

    # -- consents ------------------------------------------------------------

    def save_consents(self, pupil_ids: dict[str, int]) -> None:
        added = append_consents(
            self.s, self.roster, pupil_ids, self.trust.id, self.version.id, self.saved.bump
        )
        for row in added:
            self.saved.bump("consent.record")
            self.audit("consent.record", "pupil", row.pupil_id, after=f"consent:{row.id}")
        self.saved.counts["consents"] = len(self.roster.consents)


def _sync_faces(session: Session, saved: RosterSaved, actor: str, chain: AuditChain) -> None:
    """Apply the new consents to faces at once: withdrawn Biometric consent deletes embeddings.

    Counts (only when not zero): ``faces.withdrawn`` pupils whose embeddings were deleted,
    ``sweep.pupils`` pupils seen in checked photos who now lack social-media consent
    (``postguard sweep`` lists the posts to take down).
    """
    from postguard.workflows.enrolment import sweep_due, sync_consents

    session.flush()
    withdrawn = sync_consents(session, trust_id=saved.trust_id, actor=actor, chain=chain)
    if withdrawn:
        saved.counts["faces.withdrawn"] = len(withdrawn)
    due = sweep_due(session, trust_id=saved.trust_id)
    if due:
        saved.counts["sweep.pupils"] = len(due)


def save_roster(session: Session, roster: rm.Roster, *, trust_name: str, actor: str) -> RosterSaved:
    """Write ``roster`` as a new roster version of the trust ``trust_name`` (not committed)."""
    w = _Writer(session, roster, trust_name, actor)
    w.save_schools()
    pupil_ids = w.save_pupils()
    w.save_staff()
    w.save_contacts(pupil_ids)
    w.save_consents(pupil_ids)
    _sync_faces(session, w.saved, actor, w.chain)
    w.saved.counts["staff"] = len(roster.staff)
    w.saved.counts["contacts"] = len(roster.contacts)
    w.version.summary = dict(sorted(w.saved.counts.items()))
    w.audit("roster.import", "roster_version", w.version.id, after=f"roster:{roster.fingerprint}")
    session.flush()
    return w.saved
