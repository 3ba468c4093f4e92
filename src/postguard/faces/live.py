"""The gallery photo checks match against: the database's, held in memory, reloaded on change.

Enrolments live in ``face_embeddings`` (written only by
:mod:`postguard.workflows.enrolment`). A process that checks photos (the web
app, ``postguard check --image``) must not query every embedding for every
face, so :class:`LiveGallery` keeps an in-memory snapshot per trust
(:class:`~postguard.faces.gallery.MemoryGallery`, exact NumPy matching) and,
each time a check selects a trust, compares a cheap stamp (how many rows the
trust has and the highest row id) with the snapshot's: any enrolment or
withdrawal, by this process or another (the CLI, another worker), changes the
stamp and the snapshot is reloaded before the photo is matched.

A check that names no trust gets the empty gallery: every face is ``unknown``
(review), never matched against another trust's pupils. The snapshot is
read-only: ``add``/``remove`` raise, because writes must go through the
workflows (consent check and audit event).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard.faces.db_gallery import DbGallery, from_bytes
from postguard.faces.engine import Embedding
from postguard.faces.gallery import GalleryMatch, MemoryGallery, Person
from postguard.store import models as db

Stamp = tuple[int, int]


def gallery_stamp(session: Session, trust_id: int) -> Stamp:
    """(rows, highest id) of the trust's embeddings: changes with every enrolment or deletion."""
    count, top = session.execute(
        select(func.count(db.FaceEmbedding.id), func.max(db.FaceEmbedding.id)).where(
            db.FaceEmbedding.trust_id == trust_id
        )
    ).one()
    return int(count or 0), int(top or 0)


def load_snapshot(session: Session, trust_id: int) -> MemoryGallery:
    """Every enrolled embedding of the trust, in memory."""
    gallery = MemoryGallery()
    grouped: dict[Person, list[Embedding]] = {}
    for person, vector in DbGallery(session, trust_id)._rows():
        grouped.setdefault(person, []).append(from_bytes(vector))
    for person, vectors in grouped.items():
        gallery.add(person, vectors)
    return gallery


def find_trust(session: Session, name: str | None = None) -> int | None:
    """The trust called ``name``, or (no name) the only trust in the database; else None."""
    if name is not None:
        return session.scalars(select(db.Trust.id).where(db.Trust.name == name)).first()
    ids = list(session.scalars(select(db.Trust.id).limit(2)))
    return ids[0] if len(ids) == 1 else None


class LiveGallery:
    """The gallery of the trust selected for the current check (see the module docstring).

    Not for concurrent checks of different trusts: the web app's photo checks take
    turns under the service's photo lock, and each selects its trust first.
    """

    def __init__(self) -> None:
        self._snapshots: dict[int, tuple[Stamp, MemoryGallery]] = {}
        self._current = MemoryGallery()
        self._trust_id: int | None = None
        self._lock = threading.Lock()
        self.loads = 0  # how many snapshots were (re)loaded: for tests and diagnostics

    @property
    def trust_id(self) -> int | None:
        return self._trust_id

    def select(self, session: Session | None, trust_id: int | None) -> MemoryGallery:
        """Match against ``trust_id``'s enrolments from now on (reloaded if they changed)."""
        with self._lock:
            if session is None or trust_id is None:
                self._current, self._trust_id = MemoryGallery(), None
                return self._current
            stamp = gallery_stamp(session, trust_id)
            held = self._snapshots.get(trust_id)
            if held is None or held[0] != stamp:
                held = (stamp, load_snapshot(session, trust_id))
                self._snapshots[trust_id] = held
                self.loads += 1
            self._current, self._trust_id = held[1], trust_id
            return self._current

    # -- the Gallery interface (read-only) ----------------------------------------

    def add(self, person: Person, embeddings: Iterable[Embedding]) -> int:
        raise TypeError("enrol through postguard.workflows.enrolment (consent and audit)")

    def remove(self, person: Person) -> int:
        raise TypeError("withdraw through postguard.workflows.enrolment (audit)")

    def people(self) -> frozenset[Person]:
        return self._current.people()

    def count(self, person: Person) -> int:
        return self._current.count(person)

    def embeddings(self, person: Person) -> list[Embedding]:
        return self._current.embeddings(person)

    def match(self, embedding: Embedding, limit: int = 5) -> list[GalleryMatch]:
        return self._current.match(embedding, limit)
