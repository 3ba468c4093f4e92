"""The consent-withdrawal sweep: every checked photo where a pupil was matched or named.

Each checked photo adds one :class:`SweepRecord` (a reference such as a post id
or a file path, the image index, the photo's SHA-256, the UPNs its faces were
matched to and the UPNs named in the post or inside the photo). Embeddings are
kept only for faces that resembled an enrolled pupil (at or above the suspect
threshold): those pupils have a Biometric consent, and a later search with a
looser threshold or new reference photos can find them again. Faces of people
who are not enrolled are never kept (data minimisation: the index must not
become a register of every child ever photographed).

:meth:`SweepIndex.find` answers ``postguard sweep UPN``: the records that name
or matched the pupil, plus records whose kept embeddings resemble the pupil's
current gallery embeddings. Search is exact (a NumPy dot product); a vector
index (hnswlib, pgvector) can replace it behind the same method when a trust's
index grows past ~10^6 faces. Stored as JSON lines plus an ``.npz`` of vectors
under ``POSTGUARD_DATA_DIR/faces/``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from postguard.faces.decision import SUSPECT_THRESHOLD
from postguard.faces.engine import Embedding
from postguard.faces.gallery import DIMENSIONS


@dataclass(frozen=True, slots=True)
class SweepRecord:
    ref: str
    image_index: int
    sha256: str
    matched: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    checked_on: str = ""


@dataclass(frozen=True, slots=True)
class SweepHit:
    record: SweepRecord
    reasons: tuple[str, ...] = field(default=())


class SweepIndex:
    """Checked photos and who was in them; file-backed when given a folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.records: list[SweepRecord] = []
        self._owners: list[int] = []  # record position of each kept embedding
        self._vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        if folder is not None:
            self._load(folder)

    def _load(self, folder: Path) -> None:
        records = folder / "sweep.jsonl"
        if records.is_file():
            with records.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        raw = json.loads(line)
                        raw["matched"] = tuple(raw.get("matched", ()))
                        raw["named"] = tuple(raw.get("named", ()))
                        self.records.append(SweepRecord(**raw))
        vectors = folder / "sweep.npz"
        if vectors.is_file():
            with np.load(vectors, allow_pickle=False) as data:
                self._owners = [int(i) for i in data["owners"].tolist()]
                self._vectors = np.asarray(data["vectors"], dtype=np.float32).reshape(
                    -1, DIMENSIONS
                )

    def add(self, record: SweepRecord, embeddings: Iterable[Embedding] = ()) -> None:
        position = len(self.records)
        self.records.append(record)
        rows = [np.asarray(e, dtype=np.float32).reshape(DIMENSIONS) for e in embeddings]
        if rows:
            self._vectors = np.vstack([self._vectors, np.stack(rows)])
            self._owners.extend([position] * len(rows))
        self._save()

    def find(self, upn: str, embeddings: Iterable[Embedding] = ()) -> list[SweepHit]:
        """Every record where ``upn`` was matched or named, or a kept face resembles them."""
        reasons: dict[int, list[str]] = {}
        for i, r in enumerate(self.records):
            if upn in r.matched:
                reasons.setdefault(i, []).append("face matched")
            if upn in r.named:
                reasons.setdefault(i, []).append("named")
        references = [np.asarray(e, dtype=np.float32).reshape(DIMENSIONS) for e in embeddings]
        if references and len(self._owners):
            scores = self._vectors @ np.stack(references).T
            best = scores.max(axis=1)
            for owner, score in zip(self._owners, best.tolist(), strict=True):
                if score >= SUSPECT_THRESHOLD and "face resembles" not in reasons.get(owner, []):
                    reasons.setdefault(owner, []).append("face resembles")
        return [SweepHit(self.records[i], tuple(reasons[i])) for i in sorted(reasons)]

    def forget(self, upns: Iterable[str]) -> int:
        """Delete kept embeddings of faces matched to these pupils (records stay, to sweep by).

        Called when their Biometric consent ends; returns how many embeddings were deleted.
        """
        gone = set(upns)
        drop = {i for i, r in enumerate(self.records) if gone.intersection(r.matched)}
        keep = [k for k, owner in enumerate(self._owners) if owner not in drop]
        removed = len(self._owners) - len(keep)
        if removed:
            self._vectors = self._vectors[keep]
            self._owners = [self._owners[k] for k in keep]
            self._save()
        return removed

    def _save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _atomic(
            self.folder / "sweep.jsonl",
            "".join(json.dumps(asdict(r)) + "\n" for r in self.records).encode("utf-8"),
        )
        fd, tmp = tempfile.mkstemp(prefix=".sweep-", suffix=".npz", dir=self.folder)
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, owners=np.array(self._owners, dtype=np.int64), vectors=self._vectors)
        os.replace(tmp, self.folder / "sweep.npz")


def _atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".sweep-", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
