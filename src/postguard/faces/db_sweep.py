"""The sweep index in the database: faces in checked photos that resembled an enrolled person.

The sweep index (it replaced the file-backed ``sweep.jsonl`` index). One
``face_sightings`` row per face that resembled an enrolled pupil or member of
staff (at or above the suspect threshold): the check (``post_check_id``) or a
reference, the image index, the box, the person, the score and the face's
embedding (for a later search with new reference photos). Faces of people who
are not enrolled are never kept. Writes go through the workflows, which audit
them; :meth:`DbSweepIndex.forget` strips the face embedding from a pupil's
sightings when their Biometric consent ends (the sightings stay for the sweep).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postguard.faces.db_gallery import DbGallery, UnknownPerson, from_bytes, to_bytes, unit_vector
from postguard.faces.decision import SUSPECT_THRESHOLD
from postguard.faces.engine import Embedding
from postguard.faces.gallery import Person, PersonKind
from postguard.store import models as db

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class SeenFace:
    """A face in a checked photo that resembled an enrolled person (for the sweep index)."""

    person: Person
    image_index: int
    box: Box
    score: float
    embedding: Embedding


@dataclass(frozen=True, slots=True)
class Sighting:
    id: int
    post_check_id: int | None
    ref: str
    image_index: int
    box: Box
    score: float
    reason: str  # "face matched" (recorded for this person) or "face resembles"


class DbSweepIndex:
    """A trust's sightings: who was seen in which checked photo."""

    def __init__(self, session: Session, trust_id: int) -> None:
        self.session = session
        self.trust_id = trust_id
        self._people = DbGallery(session, trust_id)

    def add(
        self,
        person: Person,
        *,
        image_index: int,
        box: Box,
        score: float,
        embedding: Embedding,
        post_check_id: int | None = None,
        ref: str = "",
    ) -> db.FaceSighting:
        """Keep one face that resembled ``person`` (flushed; the workflow commits)."""
        if score < SUSPECT_THRESHOLD:
            raise ValueError("only faces that resembled an enrolled person are kept")
        pid = self._people.person_id(person)
        if pid is None:
            raise UnknownPerson(f"this {person.kind.value} is not on the trust's roster")
        pupil = person.kind is PersonKind.PUPIL
        x, y, w, h = (int(v) for v in box)
        row = db.FaceSighting(
            trust_id=self.trust_id,
            post_check_id=post_check_id,
            ref=ref,
            image_index=image_index,
            box_x=x,
            box_y=y,
            box_w=w,
            box_h=h,
            pupil_id=pid if pupil else None,
            staff_member_id=None if pupil else pid,
            score=float(score),
            vector=to_bytes(embedding),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def find(self, person: Person, embeddings: list[Embedding] | None = None) -> list[Sighting]:
        """Sightings recorded for ``person``, plus kept faces resembling ``embeddings``."""
        pid = self._people.person_id(person)
        rows = list(
            self.session.scalars(
                select(db.FaceSighting)
                .where(db.FaceSighting.trust_id == self.trust_id)
                .order_by(db.FaceSighting.id)
            )
        )
        references = [unit_vector(e) for e in embeddings or []]
        found: list[Sighting] = []
        for row in rows:
            mine = pid is not None and (
                row.pupil_id == pid
                if person.kind is PersonKind.PUPIL
                else row.staff_member_id == pid
            )
            reason = "face matched" if mine else ""
            if not mine and references and row.vector is not None:
                best = float((np.stack(references) @ from_bytes(row.vector)).max())
                reason = "face resembles" if best >= SUSPECT_THRESHOLD else ""
            if reason:
                found.append(
                    Sighting(
                        row.id,
                        row.post_check_id,
                        row.ref,
                        row.image_index,
                        (row.box_x, row.box_y, row.box_w, row.box_h),
                        row.score,
                        reason,
                    )
                )
        return found

    def forget(self, person: Person) -> int:
        """Drop the face embedding of every sighting of ``person``; returns how many.

        The sighting itself (which check, which photo, where) is kept: after a
        withdrawal, the sweep is how staff find the posts to take down. Only the
        biometric data goes.
        """
        pid = self._people.person_id(person)
        if pid is None:
            return 0
        column = (
            db.FaceSighting.pupil_id
            if person.kind is PersonKind.PUPIL
            else db.FaceSighting.staff_member_id
        )
        ids = list(
            self.session.scalars(
                select(db.FaceSighting.id).where(
                    db.FaceSighting.trust_id == self.trust_id, column == pid
                )
            )
        )
        if ids:
            self.session.execute(
                update(db.FaceSighting).where(db.FaceSighting.id.in_(ids)).values(vector=None)
            )
            self.session.flush()
        return len(ids)
