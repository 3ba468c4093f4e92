"""The issue's group photo: a consented pupil, a pupil whose consent was withdrawn, a stranger.

Real models (YuNet, SFace) on real photos: the reference photo enrolled for each
pupil is a *different* photo of the same adult from the deepface set than the
one composed into the group photo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from postguard.content import Content, Image
from postguard.detectors.faces import FacesDetector
from postguard.faces.engine import FaceEngine
from postguard.faces.enrolment import enrol_pupil
from postguard.faces.gallery import MemoryGallery
from postguard.findings import Outcome, Verdict
from postguard.images.redact import redact
from postguard.roster.models import Roster

CONSENTED = "E962401219121"  # demo trust: social media and biometric consent granted
WITHDRAWN = "D962401218100"  # demo trust: biometric granted, social media withdrawn
# (reference photo enrolled, photo used in the group): same person, different photos.
ENROL = {CONSENTED: ("img16.jpg", "img17.jpg"), WITHDRAWN: ("img29.jpg", "img30.jpg")}
STRANGER = "img36.jpg"  # a third person, never enrolled


def _faces(verdict: Verdict) -> dict[str, list[str]]:
    """rule id -> the subtypes of the face findings it made."""
    out: dict[str, list[str]] = {}
    for f in verdict.findings:
        out.setdefault(f.rule_id, []).append(str(f.detection.subtype))
    return out


def test_group_photo_is_blocked_then_passes_once_refused_and_unknown_faces_are_blurred(
    faces_dir: Path, engine: FaceEngine, demo_roster: Roster, compose: Any, kit: Any
) -> None:
    gallery = MemoryGallery()
    for upn, (reference, _) in ENROL.items():
        enrol_pupil(gallery, engine, demo_roster, upn, [(faces_dir / reference).read_bytes()])
    group, placed = compose(
        [(ENROL[CONSENTED][1], 150), (ENROL[WITHDRAWN][1], 150), (STRANGER, 150)]
    )
    data = kit.png(group)
    checker = kit.checker(demo_roster, gallery, engine)
    content = Content(text="A wonderful sports day!", images=(Image(0, data),))

    detections = [d for d in FacesDetector().detect(content, checker.context) if d.kind == "face"]
    by_person = {kit.nearest(placed, _box(d)).name: d for d in detections}
    assert len(detections) == 3
    assert {n: d.attributes["status"] for n, d in by_person.items()} == {
        ENROL[CONSENTED][1]: "consented",
        ENROL[WITHDRAWN][1]: "refused",
        STRANGER: "unknown",
    }
    assert by_person[ENROL[CONSENTED][1]].attributes["upn"] == CONSENTED
    assert by_person[ENROL[WITHDRAWN][1]].attributes["upn"] == WITHDRAWN
    assert by_person[STRANGER].attributes["upn"] is None
    for d in detections:
        assert d.location.image_index == 0 and d.location.box is not None
        assert d.attributes["reason"]

    verdict = checker.check(content)
    assert verdict.outcome is Outcome.BLOCKED
    assert _faces(verdict) == {"S5-FACE-REFUSED": ["refused"], "S5-FACE-UNKNOWN": ["unknown"]}

    to_blur = [_box_of(d) for d in detections if d.attributes["status"] != "consented"]
    cleaned = redact(data, to_blur)
    after = checker.check(Content(text="A wonderful sports day!", images=(Image(0, cleaned),)))
    assert after.outcome is Outcome.PUBLISH, [f.rule_id for f in after.findings]


def _box(d: object) -> tuple[int, int, int, int]:
    b = _box_of(d)
    return (b.x, b.y, b.width, b.height)


def _box_of(d: object):  # type: ignore[no-untyped-def]
    from postguard.findings import Detection

    assert isinstance(d, Detection) and d.location.box is not None
    return d.location.box
