"""A roster import applies consent changes to faces at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.demo import demo_dir
from postguard.faces.db_sweep import SeenFace
from postguard.faces.gallery import Person, PersonKind
from postguard.roster.importer import load_roster
from postguard.roster.models import Consent, ConsentScope, ConsentStatus, Roster
from postguard.store import models as db
from postguard.workflows import enrolment
from postguard.workflows.roster import save_roster

TODAY = date(2026, 11, 23)
ACTOR = "cli:it-admin"
PUPIL = "E962401219121"  # demo pupil: social media and Biometric granted


def unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


def with_consent(roster: Roster, scope: ConsentScope, status: ConsentStatus) -> Roster:
    row = Consent(PUPIL, scope, status, date(2026, 11, 20), "A parent")
    return dataclasses.replace(roster, consents=(*roster.consents, row))


def embeddings(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(db.FaceEmbedding)) or 0


def test_withdrawals_in_a_new_roster_reach_faces_and_the_sweep(db_session: Session) -> None:
    demo = load_roster(demo_dir(), today=TODAY)
    first = save_roster(db_session, demo, trust_name="Demo Trust", actor=ACTOR)
    assert "faces.withdrawn" not in first.counts and "sweep.pupils" not in first.counts
    trust = first.trust_id
    enrolment.enrol_pupil(db_session, trust_id=trust, upn=PUPIL, embeddings=[unit(1)], actor=ACTOR)
    seen = SeenFace(Person(PersonKind.PUPIL, PUPIL), 0, (1, 2, 30, 30), 0.9, unit(1))
    enrolment.record_sightings(db_session, trust_id=trust, faces=[seen], actor=ACTOR, ref="p.jpg")

    # Social-media consent withdrawn: the embeddings stay, the sweep lists the pupil.
    no_social = with_consent(demo, ConsentScope.SOCIAL_MEDIA, ConsentStatus.WITHDRAWN)
    second = save_roster(db_session, no_social, trust_name="Demo Trust", actor=ACTOR)
    assert second.counts["sweep.pupils"] == 1
    assert "faces.withdrawn" not in second.counts
    assert embeddings(db_session) == 1
    [due] = enrolment.sweep_due(db_session, trust_id=trust)
    assert due.upn == PUPIL

    # Biometric consent withdrawn: the embeddings go at once, the sighting stays.
    no_biometric = with_consent(no_social, ConsentScope.BIOMETRIC, ConsentStatus.WITHDRAWN)
    third = save_roster(db_session, no_biometric, trust_name="Demo Trust", actor=ACTOR)
    assert third.counts["faces.withdrawn"] == 1
    assert embeddings(db_session) == 0
    [sighting] = db_session.scalars(select(db.FaceSighting)).all()
    assert sighting.vector is None and sighting.ref == "p.jpg"
    withdrawals = db_session.scalars(
        select(db.AuditEvent).where(db.AuditEvent.action == "face.withdraw")
    ).all()
    assert [(e.object_type, e.actor) for e in withdrawals] == [("pupil", ACTOR)]
    assert audit.verify(db_session).ok
