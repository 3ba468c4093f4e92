"""Faces in a post's photos, each judged against the enrolment gallery (S5), failing closed.

Pure given its context: ``context.photos`` (a :class:`PhotoAnalyser`) decodes the
images and finds and embeds the faces once per image; this detector matches each
face against the gallery and the consent register and returns one ``face``
detection per face, subtype ``consented``, ``refused``, ``staff`` or ``unknown``
(see :mod:`postguard.faces.decision`). An attached photo that cannot be checked
is never waved through: a refused file gives an ``image``/``unreadable``
detection, and a photo with no face checker configured an ``image``/``unchecked``.
Photos known only by their count (no bytes) are left to the caption rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.faces.decision import FaceDecision, FaceStatus, decide
from postguard.faces.gallery import PersonKind
from postguard.findings import Box, Candidate, Detection, Location

_FIXES = {
    FaceStatus.REFUSED: "Remove the photo or blur this child's face (postguard redact).",
    FaceStatus.UNKNOWN: "Confirm this person's consent in the review, or blur the face "
    "(postguard redact).",
}


TOO_SMALL = FaceDecision(
    FaceStatus.UNKNOWN, None, 0.0, "too small to identify: consent cannot be confirmed"
)
"""A face below the identifiable size (``EngineParams.min_identifiable``): never cleared."""


class FacesParams(DetectorParams):
    pass


class FacesDetector(Detector):
    id = "faces"
    description = "Faces in photos, matched to enrolled pupils and staff and their consent (S5)."
    kinds = frozenset({ContentKind.POST, ContentKind.PROFILE, ContentKind.ACCOUNT})
    Params: ClassVar[type[DetectorParams]] = FacesParams
    subtypes: ClassVar[frozenset[str]] = frozenset(
        {"consented", "refused", "staff", "unknown", "unreadable", "unchecked"}
    )

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        photos = context.photos
        found: list[Detection] = []
        for image in content.images:
            if image.data is None:
                continue
            where = Location(image_index=image.index)
            if photos is None or photos.faces_engine is None:
                found.append(_image(where, "unchecked", "no face checker is configured"))
                continue
            decoded = photos.decoded(image.data)
            if decoded.image is None:
                found.append(_image(where, "unreadable", decoded.error or "unreadable"))
                continue
            for observation in photos.faces(image.data) or ():
                if observation.embedding is None:
                    decision = TOO_SMALL
                else:
                    matches = photos.gallery.match(observation.embedding) if photos.gallery else []
                    decision = decide(matches, context.roster)
                found.append(_face(image.index, observation.face.box, observation.frame, decision))
        return found


def _image(where: Location, subtype: str, why: str) -> Detection:
    return Detection(
        detector_id=FacesDetector.id,
        kind="image",
        location=where,
        quote="",
        score=1.0,
        explanation=f"This photo cannot be checked for children's faces: {why}.",
        subtype=subtype,
        fix="Attach the photo as JPEG, PNG, WebP or HEIC (a still photo), or remove it.",
    )


def _face(index: int, box: Box, frame: int, decision: FaceDecision) -> Detection:
    status = decision.status
    upn = decision.person_id if status in (FaceStatus.CONSENTED, FaceStatus.REFUSED) else None
    attributes: dict[str, object] = {
        "status": status.value,
        "upn": upn,
        "score": round(decision.score, 4),
        "reason": decision.reason,
    }
    if status is FaceStatus.STAFF:
        attributes["staff_id"] = decision.person_id
    if frame:
        attributes["frame"] = frame
    candidates = tuple(
        Candidate(m.person.id, round(m.similarity, 4))
        for m in decision.candidates
        if m.person.kind is PersonKind.PUPIL
    )
    return Detection(
        detector_id=FacesDetector.id,
        kind="face",
        location=Location(image_index=index, box=box),
        quote="",
        score=max(0.0, min(1.0, decision.score)),
        explanation=f"A face in photo {index + 1}: {decision.reason}.",
        subtype=status.value,
        fix=_FIXES.get(status),
        candidates=candidates,
        attributes=attributes,
    )
