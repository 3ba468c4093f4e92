"""Wiring for the edges (CLI, web, workers): the photo analyser, the sweep index, the face list.

:func:`photo_analyser` opens the file-backed gallery under ``data_dir`` and
first deletes the embeddings of every pupil whose Biometric consent is no
longer current (so a withdrawal takes effect the next time any process loads
the roster), then returns a :class:`PhotoAnalyser` whose models load on first
use. :func:`record_check` adds a checked post's photos to the sweep index.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from postguard.content import Content
from postguard.detectors.base import DetectionContext
from postguard.detectors.faces import FacesDetector
from postguard.faces.decision import decide
from postguard.faces.engine import FaceEngine
from postguard.faces.enrolment import sync_consents
from postguard.faces.gallery import NpzGallery, gallery_path
from postguard.faces.sweep import SweepIndex, SweepRecord
from postguard.findings import Verdict
from postguard.images.analyser import PhotoAnalyser
from postguard.images.ocr import OcrEngine
from postguard.roster.models import Roster


def faces_dir(data_dir: Path) -> Path:
    return data_dir / "faces"


def open_gallery(data_dir: Path, roster: Roster | None) -> NpzGallery:
    """The gallery file, with withdrawn pupils' embeddings already deleted."""
    gallery = NpzGallery(gallery_path(data_dir))
    if roster is not None:
        withdrawn = sync_consents(gallery, roster)
        if withdrawn:
            SweepIndex(faces_dir(data_dir)).forget(withdrawn)
    return gallery


def photo_analyser(data_dir: Path, roster: Roster | None, *, ocr: bool = True) -> PhotoAnalyser:
    return PhotoAnalyser(
        faces=FaceEngine(),
        gallery=open_gallery(data_dir, roster),
        ocr=OcrEngine() if ocr else None,
    )


def face_list(content: Content, context: DetectionContext) -> list[dict[str, Any]]:
    """Every face of every photo as the JSON verdict lists it."""
    faces = []
    for d in FacesDetector().detect(content, context):
        if d.kind != "face" or d.location.box is None:
            continue
        box = d.location.box
        faces.append(
            {
                "image": d.location.image_index,
                "box": [box.x, box.y, box.width, box.height],
                "status": d.subtype,
                "upn": d.attributes.get("upn"),
                "score": d.attributes.get("score"),
                "reason": d.attributes.get("reason"),
            }
        )
    return faces


def record_check(
    index: SweepIndex,
    ref: str,
    content: Content,
    verdict: Verdict,
    context: DetectionContext,
    today: date,
) -> list[SweepRecord]:
    """Add each photo of a checked post to the sweep index; returns the records added."""
    photos = context.photos
    named_in_text = tuple(
        sorted(
            {
                c.upn
                for f in verdict.findings
                if f.kind == "pupil_name"
                for c in f.detection.candidates
            }
        )
    )
    added = []
    for image in content.images:
        if image.data is None or photos is None:
            continue
        matched: set[str] = set()
        kept = []
        for observation in photos.faces(image.data) or ():
            matches = photos.gallery.match(observation.embedding) if photos.gallery else []
            decision = decide(matches, context.roster)
            if decision.candidates:
                kept.append(observation.embedding)
                matched.update(m.person.id for m in decision.candidates)
            elif decision.person_id and decision.status.value in ("consented", "refused"):
                matched.add(decision.person_id)
        record = SweepRecord(
            ref=ref,
            image_index=image.index,
            sha256=PhotoAnalyser.key(image.data),
            matched=tuple(sorted(matched)),
            named=named_in_text,
            checked_on=today.isoformat(),
        )
        index.add(record, kept)
        added.append(record)
    return added
