"""The database-backed face gallery and sweep index, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.demo import demo_dir
from postguard.faces.db_gallery import DbGallery, from_bytes, to_bytes
from postguard.faces.db_sweep import DbSweepIndex
from postguard.faces.engine import Embedding, FaceEngine
from postguard.faces.enrolment import EnrolmentError
from postguard.faces.gallery import Person, PersonKind
from postguard.roster.importer import load_roster
from postguard.roster.models import ConsentScope, ConsentStatus, Roster
from postguard.store import models as db
from postguard.workflows import enrolment
from postguard.workflows.roster import save_roster

TODAY = date(2026, 11, 23)
ACTOR = "cli:it-admin"


@dataclass(frozen=True)
class Trust:
    id: int
    granted: str  # a pupil with a current Biometric consent
    unconsented: str  # a pupil with no Biometric consent on the register
    staff: str


@pytest.fixture(scope="module")
def demo() -> Roster:
    return load_roster(demo_dir(), today=TODAY)


@pytest.fixture
def trust(db_session: Session, demo: Roster) -> Trust:
    save_roster(db_session, demo, trust_name="Demo Trust", actor=ACTOR)
    db_session.commit()
    trust_id = db_session.scalars(select(db.Trust.id).where(db.Trust.name == "Demo Trust")).one()

    def biometric(upn: str) -> ConsentStatus | None:
        c = demo.consent(upn, ConsentScope.BIOMETRIC)
        return None if c is None else c.status

    upns = sorted(p.upn for p in demo.pupils)
    return Trust(
        trust_id,
        granted=next(u for u in upns if biometric(u) is ConsentStatus.GRANTED),
        unconsented=next(u for u in upns if biometric(u) is None),
        staff=sorted(s.staff_id for s in demo.staff)[0],
    )


def vectors(seed: int, n: int = 2) -> list[Embedding]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=128).astype(np.float32) for _ in range(n)]


def embedding_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(db.FaceEmbedding)) or 0


def sighting_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(db.FaceSighting)) or 0


def events(session: Session, action: str) -> list[db.AuditEvent]:
    return list(session.scalars(select(db.AuditEvent).where(db.AuditEvent.action == action)))


def pupil_id(session: Session, upn: str) -> int:
    return session.scalars(select(db.Pupil.id).where(db.Pupil.upn == upn)).one()


def add_consent(session: Session, upn: str, status: ConsentStatus) -> None:
    session.add(
        db.Consent(
            pupil_id=pupil_id(session, upn),
            scope=ConsentScope.BIOMETRIC.value,
            status=status.value,
            date=TODAY,
            given_by="Parent",
        )
    )
    session.flush()


def assert_no_child_data(session: Session, upns: list[str]) -> None:
    for event in session.scalars(select(db.AuditEvent)):
        text = repr((event.object_id, event.before_ref, event.after_ref, event.details))
        assert not any(u in text for u in upns)


def test_enrol_stores_float32_embeddings_and_one_audit_event(
    db_session: Session, trust: Trust
) -> None:
    done = enrolment.enrol_pupil(
        db_session, trust_id=trust.id, upn=trust.granted, embeddings=vectors(1), actor=ACTOR
    )
    db_session.commit()
    assert (done.added, done.embeddings) == (2, 2)
    rows = list(db_session.scalars(select(db.FaceEmbedding)))
    assert [len(r.vector) for r in rows] == [128 * 4, 128 * 4]
    assert {r.pupil_id for r in rows} == {pupil_id(db_session, trust.granted)}
    assert all(r.consent_id is not None and r.person_kind == "pupil" for r in rows)
    [event] = events(db_session, "face.enrol")
    assert (event.object_type, event.object_id) == ("pupil", str(done.person_id))
    assert event.details == {"added": 2, "embeddings": 2}
    assert_no_child_data(db_session, [trust.granted])
    assert audit.verify(db_session).ok


@pytest.mark.parametrize(
    "later_status", [None, ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED], ids=str
)
def test_no_embedding_is_stored_without_biometric_consent(
    db_session: Session, trust: Trust, later_status: ConsentStatus | None
) -> None:
    upn = trust.unconsented
    if later_status is not None:
        upn = trust.granted
        add_consent(db_session, upn, later_status)
    with pytest.raises(EnrolmentError, match="not enrolled"):
        enrolment.enrol_pupil(
            db_session, trust_id=trust.id, upn=upn, embeddings=vectors(2), actor=ACTOR
        )
    assert embedding_rows(db_session) == 0
    assert events(db_session, "face.enrol") == []


class _NoEngine:
    def analyse(self, image: object) -> list[object]:
        raise AssertionError("photos must not be decoded before consent is checked")


def test_photos_are_not_even_decoded_without_consent(db_session: Session, trust: Trust) -> None:
    with pytest.raises(EnrolmentError, match="no Biometric consent"):
        enrolment.enrol_pupil_photos(
            db_session,
            cast(FaceEngine, _NoEngine()),
            trust_id=trust.id,
            upn=trust.unconsented,
            photos=[b"not a photo"],
            actor=ACTOR,
        )
    assert embedding_rows(db_session) == 0


@pytest.mark.parametrize("confirmed, stored", [(True, 1), (False, 0)])
def test_staff_are_enrolled_only_with_their_own_consent(
    db_session: Session, trust: Trust, confirmed: bool, stored: int
) -> None:
    def enrol() -> None:
        enrolment.enrol_staff(
            db_session,
            trust_id=trust.id,
            staff_id=trust.staff,
            embeddings=vectors(3, 1),
            actor=ACTOR,
            consent_confirmed=confirmed,
        )

    if confirmed:
        enrol()
    else:
        with pytest.raises(EnrolmentError, match="written consent"):
            enrol()
    assert embedding_rows(db_session) == stored
    assert len(events(db_session, "face.enrol")) == stored


def test_matching_returns_the_enrolled_person(db_session: Session, trust: Trust) -> None:
    pupil, staff = vectors(4, 1), vectors(5, 1)
    enrolment.enrol_pupil(
        db_session, trust_id=trust.id, upn=trust.granted, embeddings=pupil, actor=ACTOR
    )
    enrolment.enrol_staff(
        db_session,
        trust_id=trust.id,
        staff_id=trust.staff,
        embeddings=staff,
        actor=ACTOR,
        consent_confirmed=True,
    )
    gallery = DbGallery(db_session, trust.id)
    noise = vectors(6, 1)[0] * 0.1
    for query, want in [
        (pupil[0] + noise, Person(PersonKind.PUPIL, trust.granted)),
        (staff[0] + noise, Person(PersonKind.STAFF, trust.staff)),
    ]:
        best = gallery.match(query)
        assert best[0].person == want
        assert best[0].similarity > 0.9
        assert len(best) == 2
    assert gallery.people() == {
        Person(PersonKind.PUPIL, trust.granted),
        Person(PersonKind.STAFF, trust.staff),
    }
    assert DbGallery(db_session, trust.id + 1000).match(pupil[0]) == []


def _enrol_and_sight(session: Session, trust: Trust) -> int:
    """Enrol the consented pupil and record one sighting in a post check; the check's id."""
    reference = vectors(7, 1)
    enrolment.enrol_pupil(
        session, trust_id=trust.id, upn=trust.granted, embeddings=reference, actor=ACTOR
    )
    school_id = session.scalars(select(db.School.id).where(db.School.trust_id == trust.id)).first()
    assert school_id is not None
    draft = db.Post(school_id=school_id, text="Sports day", image_count=1)
    session.add(draft)
    session.flush()
    check = db.PostCheck(
        post_id=draft.id, outcome="publish", policy_id="p", policy_version="1", verdict={}
    )
    session.add(check)
    session.flush()
    seen = enrolment.SeenFace(
        Person(PersonKind.PUPIL, trust.granted), 0, (10, 20, 30, 40), 0.8, reference[0]
    )
    ids = enrolment.record_sightings(
        session, trust_id=trust.id, faces=[seen], actor=ACTOR, post_check_id=check.id
    )
    assert len(ids) == 1
    assert len(events(session, "face.sightings")) == 1
    session.commit()
    return check.id


@pytest.mark.parametrize("how", ["withdraw", "sync"])
def test_withdrawal_deletes_embeddings_keeps_sightings_for_the_sweep(
    db_session: Session, trust: Trust, how: str
) -> None:
    check_id = _enrol_and_sight(db_session, trust)
    person = Person(PersonKind.PUPIL, trust.granted)
    [seen] = DbSweepIndex(db_session, trust.id).find(person)
    assert (seen.image_index, seen.box, seen.reason) == (0, (10, 20, 30, 40), "face matched")
    if how == "withdraw":
        done = enrolment.withdraw(db_session, trust_id=trust.id, upn=trust.granted, actor=ACTOR)
        assert done is not None
    else:
        add_consent(db_session, trust.granted, ConsentStatus.WITHDRAWN)
        [done] = enrolment.sync_consents(db_session, trust_id=trust.id, actor=ACTOR)
    db_session.commit()
    assert (done.embeddings, done.sightings, done.post_check_ids) == (1, 1, (check_id,))
    # The reference embedding is gone; the sighting stays, without its face embedding,
    # so the sweep still lists the post to take down.
    assert (embedding_rows(db_session), sighting_rows(db_session)) == (0, 1)
    assert db_session.scalars(select(db.FaceSighting.vector)).all() == [None]
    [still] = DbSweepIndex(db_session, trust.id).find(person)
    assert (still.post_check_id, still.reason) == (check_id, "face matched")
    [event] = events(db_session, "face.withdraw")
    assert (event.object_type, event.object_id) == ("pupil", str(done.pupil_id))
    assert event.details["post_checks"] == str(check_id)
    assert_no_child_data(db_session, [trust.granted])
    assert audit.verify(db_session).ok


def test_sync_keeps_pupils_whose_consent_is_current(db_session: Session, trust: Trust) -> None:
    _enrol_and_sight(db_session, trust)
    assert enrolment.sync_consents(db_session, trust_id=trust.id, actor=ACTOR) == []
    assert (embedding_rows(db_session), sighting_rows(db_session)) == (1, 1)
    assert events(db_session, "face.withdraw") == []


def test_sweep_finds_kept_faces_resembling_new_reference_photos(
    db_session: Session, trust: Trust
) -> None:
    _enrol_and_sight(db_session, trust)
    sweep = DbSweepIndex(db_session, trust.id)
    staff = Person(PersonKind.STAFF, trust.staff)
    assert sweep.find(staff) == []
    [hit] = sweep.find(staff, vectors(7, 1))
    assert hit.reason == "face resembles"
    with pytest.raises(ValueError, match="resembled"):
        sweep.add(staff, image_index=0, box=(0, 0, 1, 1), score=0.1, embedding=vectors(8, 1)[0])


@pytest.mark.parametrize(
    "embedding, ok",
    [
        (np.ones(128), True),
        (np.zeros(128), False),
        (np.ones(64), False),
        (np.full(128, np.nan), False),
    ],
)
def test_embeddings_are_checked_and_round_trip_as_float32(embedding: Embedding, ok: bool) -> None:
    if ok:
        back = from_bytes(to_bytes(embedding))
        assert back.dtype == np.float32
        assert np.allclose(back, embedding / np.linalg.norm(embedding))
    else:
        with pytest.raises(ValueError, match="embedding"):
            to_bytes(embedding)
