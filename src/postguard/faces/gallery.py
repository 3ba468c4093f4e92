"""The gallery of enrolled people: embeddings only, never photos.

:class:`Gallery` is the small repository interface the rest of PostGuard uses;
:class:`MemoryGallery` keeps it in memory and :class:`NpzGallery` in one ``.npz``
file under ``POSTGUARD_DATA_DIR`` (written atomically). A database-backed
gallery (pgvector) can implement the same protocol later.

A person is ``("pupil", upn)`` or ``("staff", staff_id)``. Matching returns,
for one face embedding, every enrolled person with their best cosine
similarity, best first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import numpy as np

from postguard.faces.engine import Embedding

DIMENSIONS = 128


class PersonKind(StrEnum):
    PUPIL = "pupil"
    STAFF = "staff"


@dataclass(frozen=True, slots=True, order=True)
class Person:
    kind: PersonKind
    id: str


@dataclass(frozen=True, slots=True)
class GalleryMatch:
    person: Person
    similarity: float


class Gallery(Protocol):
    """Where enrolled embeddings live. Implementations must never keep a photo."""

    def add(self, person: Person, embeddings: Iterable[Embedding]) -> int: ...

    def remove(self, person: Person) -> int: ...

    def people(self) -> frozenset[Person]: ...

    def count(self, person: Person) -> int: ...

    def embeddings(self, person: Person) -> list[Embedding]: ...

    def match(self, embedding: Embedding, limit: int = 5) -> list[GalleryMatch]: ...


class MemoryGallery:
    """A gallery held in memory (tests, one-off checks)."""

    def __init__(self) -> None:
        self._people: list[Person] = []
        self._vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)

    def _check(self, embedding: Embedding) -> Embedding:
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape != (DIMENSIONS,) or not np.all(np.isfinite(vector)):
            raise ValueError(f"an embedding must be {DIMENSIONS} finite numbers")
        norm = float(np.linalg.norm(vector))
        if norm == 0:
            raise ValueError("an embedding cannot be all zeros")
        return vector / norm

    def add(self, person: Person, embeddings: Iterable[Embedding]) -> int:
        rows = [self._check(e) for e in embeddings]
        if rows:
            self._vectors = np.vstack([self._vectors, np.stack(rows)])
            self._people.extend([person] * len(rows))
            self._changed()
        return len(rows)

    def remove(self, person: Person) -> int:
        keep = [i for i, p in enumerate(self._people) if p != person]
        removed = len(self._people) - len(keep)
        if removed:
            self._vectors = self._vectors[keep]
            self._people = [self._people[i] for i in keep]
            self._changed()
        return removed

    def people(self) -> frozenset[Person]:
        return frozenset(self._people)

    def count(self, person: Person) -> int:
        return sum(1 for p in self._people if p == person)

    def embeddings(self, person: Person) -> list[Embedding]:
        return [self._vectors[i] for i, p in enumerate(self._people) if p == person]

    def match(self, embedding: Embedding, limit: int = 5) -> list[GalleryMatch]:
        if not self._people:
            return []
        scores = self._vectors @ self._check(embedding)
        order = np.argsort(-scores, kind="stable")
        ranked: list[GalleryMatch] = []
        seen: set[Person] = set()
        for i in order.tolist():  # best first; stops after ``limit`` distinct people
            person = self._people[i]
            if person not in seen:
                seen.add(person)
                ranked.append(GalleryMatch(person, float(scores[i])))
                if len(ranked) == limit:
                    break
        return ranked

    def _changed(self) -> None:
        """Hook for persistent subclasses."""


class NpzGallery(MemoryGallery):
    """A gallery persisted to one ``.npz`` file (atomic replace on every change)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        if path.is_file():
            with np.load(path, allow_pickle=False) as data:
                kinds = [str(k) for k in data["kinds"].tolist()]
                ids = [str(i) for i in data["ids"].tolist()]
                self._vectors = np.asarray(data["vectors"], dtype=np.float32).reshape(
                    -1, DIMENSIONS
                )
            self._people = [Person(PersonKind(k), i) for k, i in zip(kinds, ids, strict=True)]

    def _changed(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gallery-", suffix=".npz", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(
                    fh,
                    kinds=np.array([p.kind.value for p in self._people], dtype=str),
                    ids=np.array([p.id for p in self._people], dtype=str),
                    vectors=self._vectors,
                )
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def gallery_path(data_dir: Path) -> Path:
    return data_dir / "faces" / "gallery.npz"
