"""The web app's photo checks match against the database's enrolments, keep sightings,
and show a pupil's UPN only to people who may see the roster.

Enrolments are made through ``postguard.workflows.enrolment`` in the shared web
database (demo trust) and withdrawn again at the end, so other tests keep their
empty gallery. Photos are composed from the deepface test portraits (adults) at run
time, never copied.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.service import Service
from postguard.web.testing import group_photo
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.enrolment import enrol_pupil, withdraw

REPO = Path(__file__).resolve().parents[2]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
REFUSED = "B962401216114"  # demo pupil: social media refused, Biometric granted
SCHOOL = "Riverside Academy"


def check(client: TestClient, photo: bytes) -> dict[str, object]:
    body = {
        "text": "Our reading champions this week!",
        "school": SCHOOL,
        "photos": [{"filename": "group.jpg", "data": base64.b64encode(photo).decode()}],
    }
    response = client.post("/api/check", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def trust_id(web_db: WebDatabase) -> int:
    with web_db.reading() as s:
        return s.scalars(select(db.Trust.id).where(db.Trust.name == DEMO_TRUST)).one()


@pytest.fixture
def enrol(service: Service, web_db: WebDatabase) -> Iterator[Callable[[str], None]]:
    """Enrol the portrait ``name`` as the demo pupil REFUSED; withdrawn afterwards."""
    trust = trust_id(web_db)

    def make(name: str) -> None:
        analyser = service.context.photos
        assert analyser is not None
        [face] = analyser.faces((FACES / name).read_bytes()) or []
        assert face.embedding is not None
        with web_db.writing() as s:
            enrol_pupil(s, trust_id=trust, upn=REFUSED, embeddings=[face.embedding], actor="test")

    yield make
    with web_db.writing() as s:
        withdraw(s, trust_id=trust, upn=REFUSED, actor="test")


def test_enrolments_in_the_database_are_matched_and_reloaded_when_they_change(
    client: TestClient, service: Service, web_db: WebDatabase, enrol: Callable[[str], None]
) -> None:
    photo = group_photo([FACES / "img1.jpg", FACES / "img8.jpg"])
    before = check(client, photo)
    assert [f["status"] for f in before["faces"]] == ["unknown", "unknown"]  # type: ignore[union-attr,index]
    loads = service.galleries.loads

    enrol("img2.jpg")  # another photo of the person in img1.jpg
    after = check(client, photo)
    assert after["outcome"] == "blocked"
    assert [f["status"] for f in after["faces"]] == ["refused", "unknown"]  # type: ignore[union-attr,index]
    assert service.galleries.loads == loads + 1
    check(client, photo)
    assert service.galleries.loads == loads + 1  # unchanged enrolments: not reloaded

    with web_db.writing() as s:
        withdraw(s, trust_id=trust_id(web_db), upn=REFUSED, actor="test")
    again = check(client, photo)
    assert [f["status"] for f in again["faces"]] == ["unknown", "unknown"]  # type: ignore[union-attr,index]


def test_a_checked_photo_keeps_a_sighting_of_the_enrolled_pupil_only(
    client: TestClient, web_db: WebDatabase, enrol: Callable[[str], None]
) -> None:
    enrol("img2.jpg")
    check(client, group_photo([FACES / "img1.jpg", FACES / "img8.jpg"]))
    with web_db.reading() as s:
        latest = s.scalars(select(db.PostCheck).order_by(db.PostCheck.id.desc())).first()
        assert latest is not None
        sightings = s.scalars(
            select(db.FaceSighting).where(db.FaceSighting.post_check_id == latest.id)
        ).all()
        pupil = s.scalars(select(db.Pupil.id).where(db.Pupil.upn == REFUSED)).one()
        assert [(x.pupil_id, x.image_index, x.vector is not None) for x in sightings] == [
            (pupil, 0, True)
        ]
        event = s.scalars(
            select(db.AuditEvent).where(
                db.AuditEvent.action == "face.sightings",
                db.AuditEvent.object_id == str(latest.id),
            )
        ).one()
        assert event.object_type == "post_check"
        assert verify(s).ok


def test_the_upn_is_shown_only_to_roles_that_may_see_the_roster(
    client: TestClient,
    signed_in_as: Callable[[Role], TestClient],
    enrol: Callable[[str], None],
) -> None:
    enrol("img2.jpg")
    photo = group_photo([FACES / "img1.jpg"])
    teacher = check(client, photo)
    assert [(f["status"], f["upn"]) for f in teacher["faces"]] == [("refused", None)]  # type: ignore[union-attr,index]
    faces = [f for f in teacher["findings"] if f["kind"] == "face"]  # type: ignore[union-attr,index]
    assert faces
    for finding in faces:
        assert finding["candidates"] == []
        assert "upn" not in finding["attributes"]
    assert REFUSED not in str(teacher)

    slt = check(signed_in_as(Role.SLT), photo)
    assert [(f["status"], f["upn"]) for f in slt["faces"]] == [("refused", REFUSED)]  # type: ignore[union-attr,index]
    assert any(c["upn"] == REFUSED for f in slt["findings"] for c in f["candidates"])  # type: ignore[union-attr,index]
