"""The gallery in the database: :class:`DbGallery`, the same interface as NpzGallery.

Embeddings live in ``face_embeddings`` (128 float32 numbers as bytes, unit
length), one trust per gallery. A person is still ``("pupil", upn)`` or
``("staff", staff_id)``; rows refer to them by database id. The gallery only
adds rows to the session and flushes: the caller (``postguard.workflows.
enrolment``, the only writer) checks consent, records the audit event and
commits, so embeddings and their audit event land in one transaction.
Matching is exact (a NumPy dot product over the trust's embeddings).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from postguard.faces.engine import Embedding
from postguard.faces.gallery import DIMENSIONS, GalleryMatch, Person, PersonKind
from postguard.store import models as db


def unit_vector(embedding: Embedding) -> Embedding:
    """The embedding as 128 finite float32 numbers of length 1 (ValueError otherwise)."""
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vector.shape != (DIMENSIONS,) or not np.all(np.isfinite(vector)):
        raise ValueError(f"an embedding must be {DIMENSIONS} finite numbers")
    norm = float(np.linalg.norm(vector))
    if norm == 0:
        raise ValueError("an embedding cannot be all zeros")
    return (vector / norm).astype(np.float32)


def to_bytes(embedding: Embedding) -> bytes:
    return unit_vector(embedding).astype("<f4").tobytes()


def from_bytes(data: bytes) -> Embedding:
    vector = np.frombuffer(data, dtype="<f4")
    if vector.shape != (DIMENSIONS,):
        raise ValueError(f"a stored embedding must be {DIMENSIONS} float32 numbers")
    return vector.astype(np.float32)


class UnknownPerson(LookupError):
    """The person is not on the trust's roster (the message gives the kind, not a name)."""


class DbGallery:
    """A trust's enrolled embeddings in the database."""

    def __init__(self, session: Session, trust_id: int) -> None:
        self.session = session
        self.trust_id = trust_id

    # -- people <-> database ids ------------------------------------------------

    def person_id(self, person: Person) -> int | None:
        """The pupil's or staff member's database id, or None if not on the roster."""
        if person.kind is PersonKind.PUPIL:
            return self.session.scalars(
                select(db.Pupil.id).where(
                    db.Pupil.trust_id == self.trust_id, db.Pupil.upn == person.id
                )
            ).first()
        return self.session.scalars(
            select(db.StaffMember.id).where(
                db.StaffMember.trust_id == self.trust_id, db.StaffMember.staff_id == person.id
            )
        ).first()

    def _where(self, person: Person) -> list[ColumnElement[bool]] | None:
        pid = self.person_id(person)
        if pid is None:
            return None
        column = (
            db.FaceEmbedding.pupil_id
            if person.kind is PersonKind.PUPIL
            else db.FaceEmbedding.staff_member_id
        )
        return [db.FaceEmbedding.trust_id == self.trust_id, column == pid]

    def _rows(self) -> list[tuple[Person, bytes]]:
        rows = self.session.execute(
            select(db.FaceEmbedding.vector, db.Pupil.upn, db.StaffMember.staff_id)
            .outerjoin(db.Pupil, db.Pupil.id == db.FaceEmbedding.pupil_id)
            .outerjoin(db.StaffMember, db.StaffMember.id == db.FaceEmbedding.staff_member_id)
            .where(db.FaceEmbedding.trust_id == self.trust_id)
            .order_by(db.FaceEmbedding.id)
        )
        out: list[tuple[Person, bytes]] = []
        for vector, upn, staff_id in rows:
            person = (
                Person(PersonKind.PUPIL, upn)
                if upn is not None
                else Person(PersonKind.STAFF, staff_id)
            )
            out.append((person, vector))
        return out

    # -- the Gallery interface ----------------------------------------------------

    def add(
        self, person: Person, embeddings: Iterable[Embedding], *, consent_id: int | None = None
    ) -> int:
        pid = self.person_id(person)
        if pid is None:
            raise UnknownPerson(f"this {person.kind.value} is not on the trust's roster")
        pupil = person.kind is PersonKind.PUPIL
        rows = [
            db.FaceEmbedding(
                trust_id=self.trust_id,
                person_kind=person.kind.value,
                pupil_id=pid if pupil else None,
                staff_member_id=None if pupil else pid,
                vector=to_bytes(e),
                consent_id=consent_id,
            )
            for e in embeddings
        ]
        self.session.add_all(rows)
        self.session.flush()
        return len(rows)

    def remove(self, person: Person) -> int:
        where = self._where(person)
        if where is None:
            return 0
        ids = list(self.session.scalars(select(db.FaceEmbedding.id).where(*where)))
        if ids:
            self.session.execute(delete(db.FaceEmbedding).where(db.FaceEmbedding.id.in_(ids)))
            self.session.flush()
        return len(ids)

    def people(self) -> frozenset[Person]:
        return frozenset(person for person, _ in self._rows())

    def count(self, person: Person) -> int:
        return len(self.embeddings(person))

    def embeddings(self, person: Person) -> list[Embedding]:
        where = self._where(person)
        if where is None:
            return []
        return [
            from_bytes(v)
            for v in self.session.scalars(
                select(db.FaceEmbedding.vector).where(*where).order_by(db.FaceEmbedding.id)
            )
        ]

    def match(self, embedding: Embedding, limit: int = 5) -> list[GalleryMatch]:
        rows = self._rows()
        if not rows:
            return []
        vectors = np.stack([from_bytes(v) for _, v in rows])
        scores = vectors @ unit_vector(embedding)
        order = np.argsort(-scores, kind="stable")
        ranked: list[GalleryMatch] = []
        seen: set[Person] = set()
        for i in order.tolist():  # best first; stops after ``limit`` distinct people
            person = rows[i][0]
            if person not in seen:
                seen.add(person)
                ranked.append(GalleryMatch(person, float(scores[i])))
                if len(ranked) == limit:
                    break
        return ranked
