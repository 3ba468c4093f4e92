"""The roster in the database: versions, and history kept for every person.

Pupils, staff and contacts are stored as *records* valid from one roster version
until (not including) another: a re-import closes the records that changed or
disappeared and opens new ones, so nothing is ever lost. A pupil who left keeps
every record they had. Consents are appended, never changed: the latest row
(by date, then by insertion order) is the one in force.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, JSONDocument, utcnow


class RosterVersion(Base):
    __tablename__ = "roster_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Counts and changes only (no child data): {"pupils": 120, "pupils_added": 3, ...}.
    summary: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)


class Pupil(Base):
    """A pupil's identity in a trust (the UPN); their details live in PupilRecord."""

    __tablename__ = "pupils"
    __table_args__ = (UniqueConstraint("trust_id", "upn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    upn: Mapped[str] = mapped_column(String(13))
    first_version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"))


class PupilRecord(Base):
    __tablename__ = "pupil_records"
    __table_args__ = (Index(None, "pupil_id", "valid_to_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    legal_forename: Mapped[str] = mapped_column(String(100))
    legal_surname: Mapped[str] = mapped_column(String(100))
    preferred_forename: Mapped[str] = mapped_column(String(100))
    preferred_surname: Mapped[str] = mapped_column(String(100))
    year: Mapped[str] = mapped_column(String(10))
    reg_group: Mapped[str] = mapped_column(String(20))
    dob: Mapped[dt.date] = mapped_column(Date)
    leaving_date: Mapped[dt.date | None] = mapped_column(Date)
    valid_from_version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"))
    valid_to_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))


class StaffMember(Base):
    __tablename__ = "staff_members"
    __table_args__ = (UniqueConstraint("trust_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    staff_id: Mapped[str] = mapped_column(String(50))
    first_version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"))


class StaffRecord(Base):
    __tablename__ = "staff_records"
    __table_args__ = (Index(None, "staff_member_id", "valid_to_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    title: Mapped[str] = mapped_column(String(30))
    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    valid_from_version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"))
    valid_to_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))


class ContactRecord(Base):
    """A parent or carer of a pupil, as one roster version saw them."""

    __tablename__ = "contact_records"
    __table_args__ = (Index(None, "pupil_id", "valid_to_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    relationship: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40))
    valid_from_version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"))
    valid_to_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))


class Consent(Base):
    """One consent statement; rows are only ever appended (the latest wins)."""

    __tablename__ = "consents"
    __table_args__ = (Index(None, "pupil_id", "scope", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    scope: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    given_by: Mapped[str] = mapped_column(String(200))
    roster_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
