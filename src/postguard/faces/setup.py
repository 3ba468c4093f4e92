"""Wiring for the edges (CLI, web, workers): the photo analyser, the face list, the sightings.

:func:`photo_analyser` builds a :class:`PhotoAnalyser` whose models load on first
use and whose gallery is, by default, a :class:`~postguard.faces.live.LiveGallery`
(the database's enrolments of the trust each check selects). :func:`face_list` is
the verdict's list of faces; :func:`seen_faces` picks the faces of a checked post
that resembled an enrolled person, for the sweep index
(:func:`postguard.workflows.enrolment.record_sightings`).
"""

from __future__ import annotations

from typing import Any

from postguard.content import Content
from postguard.detectors.base import DetectionContext
from postguard.detectors.faces import FacesDetector
from postguard.faces.db_sweep import SeenFace
from postguard.faces.decision import FaceStatus, decide
from postguard.faces.engine import FaceEngine
from postguard.faces.gallery import Gallery, PersonKind
from postguard.faces.live import LiveGallery
from postguard.images.analyser import PhotoAnalyser
from postguard.images.ocr import OcrEngine


def photo_analyser(gallery: Gallery | None = None, *, ocr: bool = True) -> PhotoAnalyser:
    """Faces (against ``gallery``, by default a LiveGallery), OCR and metadata; lazy models."""
    return PhotoAnalyser(
        faces=FaceEngine(),
        gallery=gallery if gallery is not None else LiveGallery(),
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


def seen_faces(content: Content, context: DetectionContext) -> list[SeenFace]:
    """The faces of a checked post's photos that resembled an enrolled person.

    One entry per (face, person): every enrolled pupil the face resembles at or above
    the suspect threshold, and the member of staff it was cleared as. Faces of people
    who are not enrolled, and faces too small to identify, give nothing: they are
    never kept. Uses the analyser's cache, so after a check it costs no model run.
    """
    photos = context.photos
    if photos is None or photos.gallery is None:
        return []
    seen: list[SeenFace] = []
    for image in content.images:
        if image.data is None:
            continue
        for observation in photos.faces(image.data) or ():
            if observation.embedding is None:
                continue
            decision = decide(photos.gallery.match(observation.embedding), context.roster)
            box = observation.face.box
            where = (box.x, box.y, box.width, box.height)
            people = [(m.person, m.similarity) for m in decision.candidates]
            if decision.status is FaceStatus.STAFF and decision.person_id is not None:
                people += [
                    (m.person, m.similarity)
                    for m in photos.gallery.match(observation.embedding, 1)
                    if m.person.kind is PersonKind.STAFF
                ]
            seen.extend(
                SeenFace(person, image.index, where, score, observation.embedding)
                for person, score in people
            )
    return seen
