"""The face gallery and the sweep index in the database: embeddings only, never photos.

A :class:`FaceEmbedding` is one enrolled reference embedding (128 float32
numbers stored as bytes) of a pupil (``pupil_id``, enrolled under the Biometric
consent row ``consent_id``) or of a member of staff (``staff_member_id``).
A :class:`FaceSighting` is one face in a checked photo that resembled an
enrolled person (the sweep index): faces of people who are not enrolled are
never kept. Both are deleted when a pupil's Biometric consent ends.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, utcnow


class FaceEmbedding(Base):
    __tablename__ = "face_embeddings"
    __table_args__ = (
        CheckConstraint("person_kind IN ('pupil', 'staff')", name="person_kind"),
        CheckConstraint("(pupil_id IS NULL) <> (staff_member_id IS NULL)", name="one_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    person_kind: Mapped[str] = mapped_column(String(10))
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id"), index=True)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The Biometric consent row in force at enrolment (pupils); staff consent for themselves.
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"))


class FaceSighting(Base):
    __tablename__ = "face_sightings"
    __table_args__ = (
        CheckConstraint("(pupil_id IS NULL) <> (staff_member_id IS NULL)", name="one_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    post_check_id: Mapped[int | None] = mapped_column(ForeignKey("post_checks.id"), index=True)
    # A reference for photos checked outside a post (a file's SHA-256, a batch id).
    ref: Mapped[str] = mapped_column(String(200), default="")
    image_index: Mapped[int] = mapped_column(Integer)
    box_x: Mapped[int] = mapped_column(Integer)
    box_y: Mapped[int] = mapped_column(Integer)
    box_w: Mapped[int] = mapped_column(Integer)
    box_h: Mapped[int] = mapped_column(Integer)
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id"), index=True)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    #: None once the person's biometric consent has ended (the sighting is kept).
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
