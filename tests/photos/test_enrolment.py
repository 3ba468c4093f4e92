"""Enrolment is lawful and minimal: Biometric consent first, embeddings only, withdrawal deletes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from postguard.faces.engine import FaceEngine
from postguard.faces.enrolment import (
    EnrolmentError,
    enrol_pupil,
    enrol_staff,
    sync_consents,
    withdraw,
)
from postguard.faces.gallery import MemoryGallery, NpzGallery, Person, PersonKind
from postguard.roster.models import Consent, ConsentScope, ConsentStatus, Roster

GRANTED = "R962401217107"  # demo: Biometric granted 2024-09-04
NO_BIOMETRIC = "J962223126254"  # demo (Meadowbank Primary): no Biometric row at all
HEADTEACHER = "RLT0002"


def _with(roster: Roster, upn: str, status: ConsentStatus, day: date) -> Roster:
    row = Consent(upn, ConsentScope.BIOMETRIC, status, day, "a parent")
    return Roster(
        pupils=roster.pupils,
        staff=roster.staff,
        contacts=roster.contacts,
        consents=(*roster.consents, row),
        schools=roster.schools,
    )


@pytest.fixture(scope="module")
def photo(faces_dir: Path) -> bytes:
    return (faces_dir / "img20.jpg").read_bytes()


@pytest.mark.parametrize(
    "upn, change, reason",
    [
        (NO_BIOMETRIC, None, "has no Biometric consent on the register"),
        (GRANTED, ConsentStatus.WITHDRAWN, "Biometric consent is withdrawn"),
        (GRANTED, ConsentStatus.REFUSED, "Biometric consent is refused"),  # e.g. the child refuses
        ("A000000000000", None, "is not on the roster"),
    ],
)
def test_no_embedding_is_stored_without_a_current_biometric_consent(
    demo_roster: Roster,
    engine: FaceEngine,
    photo: bytes,
    upn: str,
    change: ConsentStatus | None,
    reason: str,
) -> None:
    roster = demo_roster if change is None else _with(demo_roster, upn, change, date(2026, 1, 5))
    gallery = MemoryGallery()
    with pytest.raises(EnrolmentError) as refused:
        enrol_pupil(gallery, engine, roster, upn, [photo])
    assert reason in str(refused.value)
    assert gallery.people() == frozenset()


def test_a_granted_consent_enrols_embeddings_only(
    demo_roster: Roster, engine: FaceEngine, photo: bytes, tmp_path: Path
) -> None:
    gallery = NpzGallery(tmp_path / "gallery.npz")
    done = enrol_pupil(gallery, engine, demo_roster, GRANTED, [photo])
    assert done.embeddings == 1
    with np.load(tmp_path / "gallery.npz", allow_pickle=False) as stored:
        assert sorted(stored.files) == ["ids", "kinds", "vectors"]
        assert stored["vectors"].shape == (1, 128)  # 128 numbers, no pixels
    reopened = NpzGallery(tmp_path / "gallery.npz")
    assert reopened.count(Person(PersonKind.PUPIL, GRANTED)) == 1


def test_withdrawal_deletes_the_pupils_embeddings(
    demo_roster: Roster, engine: FaceEngine, photo: bytes, faces_dir: Path, tmp_path: Path
) -> None:
    gallery = NpzGallery(tmp_path / "gallery.npz")
    enrol_pupil(
        gallery, engine, demo_roster, GRANTED, [photo, (faces_dir / "img21.jpg").read_bytes()]
    )
    other = "E962401219121"
    enrol_pupil(gallery, engine, demo_roster, other, [(faces_dir / "img16.jpg").read_bytes()])
    later = _with(demo_roster, GRANTED, ConsentStatus.WITHDRAWN, date(2026, 11, 1))
    assert sync_consents(gallery, later) == [GRANTED]
    reopened = NpzGallery(tmp_path / "gallery.npz")
    assert reopened.count(Person(PersonKind.PUPIL, GRANTED)) == 0
    assert reopened.count(Person(PersonKind.PUPIL, other)) == 1
    assert withdraw(reopened, other) == 1 and reopened.people() == frozenset()


@pytest.mark.parametrize(
    "photos, message",
    [
        (["couple.jpg"], "exactly one face (2 found)"),
        ([], "at least one reference photo"),
    ],
)
def test_a_reference_photo_must_show_exactly_one_face(
    demo_roster: Roster, engine: FaceEngine, faces_dir: Path, photos: list[str], message: str
) -> None:
    gallery = MemoryGallery()
    with pytest.raises(EnrolmentError) as refused:
        enrol_pupil(
            gallery, engine, demo_roster, GRANTED, [(faces_dir / p).read_bytes() for p in photos]
        )
    assert message in str(refused.value)
    assert gallery.people() == frozenset()


@pytest.mark.parametrize(
    "staff_id, confirmed, message",
    [
        (HEADTEACHER, False, "confirm that the member of staff gave written consent"),
        ("NOBODY", True, "is not on the roster"),
    ],
)
def test_staff_enrolment_needs_their_own_consent(
    demo_roster: Roster,
    engine: FaceEngine,
    photo: bytes,
    staff_id: str,
    confirmed: bool,
    message: str,
) -> None:
    gallery = MemoryGallery()
    with pytest.raises(EnrolmentError) as refused:
        enrol_staff(gallery, engine, demo_roster, staff_id, [photo], consent_confirmed=confirmed)
    assert message in str(refused.value)


def test_staff_are_recognised_as_staff(
    demo_roster: Roster, engine: FaceEngine, faces_dir: Path, kit: Any
) -> None:
    from postguard.content import Content, Image
    from postguard.detectors.faces import FacesDetector

    gallery = MemoryGallery()
    enrol_staff(
        gallery,
        engine,
        demo_roster,
        HEADTEACHER,
        [(faces_dir / "img34.jpg").read_bytes()],
        consent_confirmed=True,
    )
    checker = kit.checker(demo_roster, gallery, engine)
    content = Content(text="", images=(Image(0, (faces_dir / "img37.jpg").read_bytes()),))
    found = FacesDetector().detect(content, checker.context)
    assert [(d.subtype, d.attributes.get("staff_id")) for d in found] == [("staff", HEADTEACHER)]
    assert found[0].attributes["upn"] is None
