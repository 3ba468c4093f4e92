"""Face enrolment in the database: lawful, minimal, audited (Protection of Freedoms Act 2012).

The only writer of ``face_embeddings`` and ``face_sightings``. A pupil is
enrolled only when the consent register (the trust's latest roster in the
database) shows a current ``Biometric`` consent, checked with the same logic as
the file-backed gallery (:func:`postguard.faces.enrolment.biometric_consent_problem`);
the consent is checked BEFORE any photo is decoded. Withdrawal deletes the
pupil's embeddings and strips the face embedding from each of their sightings
(the sighting stays, so the sweep still finds the posts). ``save_roster`` runs
:func:`sync_consents` after every import. Each call
writes one audit event per person in the same transaction (flushed; the caller
commits), naming the pupil or member of staff by database id, never by name or UPN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.faces.db_gallery import DbGallery
from postguard.faces.db_sweep import DbSweepIndex, SeenFace
from postguard.faces.engine import Embedding, FaceEngine
from postguard.faces.enrolment import EnrolmentError, _embeddings, biometric_consent_problem
from postguard.faces.gallery import Person, PersonKind
from postguard.roster.models import ConsentScope, ConsentStatus, Roster
from postguard.store import models as db
from postguard.store.rosters import consent_history, current_roster


@dataclass(frozen=True, slots=True)
class DbEnrolled:
    person: Person
    person_id: int
    added: int
    embeddings: int


@dataclass(frozen=True, slots=True)
class Withdrawn:
    pupil_id: int
    embeddings: int
    sightings: int
    post_check_ids: tuple[int, ...] = ()  # the checks the deleted sightings were in


def _biometric_consent_id(session: Session, roster: Roster, upn: str, pupil_id: int) -> int:
    """The Biometric consent row in force, which must be Granted (else EnrolmentError)."""
    problem = biometric_consent_problem(roster, upn)
    history = consent_history(session, pupil_id, ConsentScope.BIOMETRIC)
    if problem is None and (not history or history[-1].status != ConsentStatus.GRANTED.value):
        problem = "the Biometric consent in the database is not granted"  # fail closed
    if problem is not None:
        raise EnrolmentError(f"not enrolled: {problem}")
    return history[-1].id


def _pupil_id(session: Session, trust_id: int, upn: str) -> int | None:
    return session.scalars(
        select(db.Pupil.id).where(db.Pupil.trust_id == trust_id, db.Pupil.upn == upn)
    ).first()


def check_pupil_consent(session: Session, *, trust_id: int, upn: str) -> int:
    """The id of the pupil's current Biometric consent row; EnrolmentError if there is none."""
    pupil_id = _pupil_id(session, trust_id, upn)
    if pupil_id is None:
        raise EnrolmentError(f"not enrolled: {upn} is not on the roster")
    return _biometric_consent_id(session, current_roster(session, trust_id), upn, pupil_id)


def enrol_pupil(
    session: Session,
    *,
    trust_id: int,
    upn: str,
    embeddings: Sequence[Embedding],
    actor: str,
) -> DbEnrolled:
    """Store a pupil's reference embeddings, only with a current Biometric consent."""
    consent_id = check_pupil_consent(session, trust_id=trust_id, upn=upn)
    if not embeddings:
        raise EnrolmentError("give at least one reference photo")
    return _store(session, trust_id, Person(PersonKind.PUPIL, upn), embeddings, actor, consent_id)


def enrol_pupil_photos(
    session: Session,
    engine: FaceEngine,
    *,
    trust_id: int,
    upn: str,
    photos: Sequence[bytes],
    actor: str,
) -> DbEnrolled:
    """Enrol from reference photos (one face each); consent is checked before decoding them."""
    check_pupil_consent(session, trust_id=trust_id, upn=upn)
    return enrol_pupil(
        session, trust_id=trust_id, upn=upn, embeddings=_embeddings(engine, photos), actor=actor
    )


def enrol_staff(
    session: Session,
    *,
    trust_id: int,
    staff_id: str,
    embeddings: Sequence[Embedding],
    actor: str,
    consent_confirmed: bool,
) -> DbEnrolled:
    """Store a member of staff's embeddings; they must have consented in writing themselves."""
    roster = current_roster(session, trust_id)
    if not any(s.staff_id == staff_id for s in roster.staff):
        raise EnrolmentError(f"not enrolled: staff id {staff_id} is not on the roster")
    if not consent_confirmed:
        raise EnrolmentError(
            "not enrolled: confirm that the member of staff gave written consent to enrolment"
        )
    if not embeddings:
        raise EnrolmentError("give at least one reference photo")
    return _store(session, trust_id, Person(PersonKind.STAFF, staff_id), embeddings, actor, None)


def _store(
    session: Session,
    trust_id: int,
    person: Person,
    embeddings: Sequence[Embedding],
    actor: str,
    consent_id: int | None,
) -> DbEnrolled:
    gallery = DbGallery(session, trust_id)
    person_id = gallery.person_id(person)
    if person_id is None:
        raise EnrolmentError(f"not enrolled: this {person.kind.value} is not on the roster")
    chain = AuditChain(session)
    try:
        added = gallery.add(person, embeddings, consent_id=consent_id)
    except ValueError as exc:
        raise EnrolmentError(f"not enrolled: {exc}") from None
    total = gallery.count(person)
    chain.record(
        actor=actor,
        action="face.enrol",
        object_type="pupil" if person.kind is PersonKind.PUPIL else "staff_member",
        object_id=person_id,
        after_ref=None if consent_id is None else f"consent:{consent_id}",
        details={"added": added, "embeddings": total},
    )
    session.flush()
    return DbEnrolled(person, person_id, added, total)


def record_sightings(
    session: Session,
    *,
    trust_id: int,
    faces: Sequence[SeenFace],
    actor: str,
    post_check_id: int | None = None,
    ref: str = "",
) -> list[int]:
    """Add a checked photo's resembling faces to the sweep index; one audit event.

    Faces below the suspect threshold are refused (ValueError): faces of people
    who are not enrolled are never kept. Returns the new sightings' ids.
    """
    if not faces:
        return []
    sweep = DbSweepIndex(session, trust_id)
    chain = AuditChain(session)
    rows = [
        sweep.add(
            f.person,
            image_index=f.image_index,
            box=f.box,
            score=f.score,
            embedding=f.embedding,
            post_check_id=post_check_id,
            ref=ref,
        )
        for f in faces
    ]
    chain.record(
        actor=actor,
        action="face.sightings",
        object_type="post_check" if post_check_id is not None else "face_sighting",
        object_id=post_check_id if post_check_id is not None else rows[0].id,
        details={"sightings": len(rows)},
    )
    session.flush()
    return [r.id for r in rows]


def _forget(
    session: Session, chain: AuditChain, trust_id: int, upn: str, actor: str, reason: str
) -> Withdrawn | None:
    pupil_id = _pupil_id(session, trust_id, upn)
    if pupil_id is None:
        return None
    person = Person(PersonKind.PUPIL, upn)
    sweep = DbSweepIndex(session, trust_id)
    checks = tuple(sorted({s.post_check_id for s in sweep.find(person) if s.post_check_id}))
    embeddings = DbGallery(session, trust_id).remove(person)
    sightings = sweep.forget(person)
    chain.record(
        actor=actor,
        action="face.withdraw",
        object_type="pupil",
        object_id=pupil_id,
        details={
            "reason": reason,
            "embeddings": embeddings,
            "sightings": sightings,
            # Ids only: the take-down trail survives the deletion of the sightings.
            "post_checks": ",".join(str(c) for c in checks),
        },
    )
    return Withdrawn(pupil_id, embeddings, sightings, checks)


def withdraw(
    session: Session, *, trust_id: int, upn: str, actor: str, reason: str = "withdrawn"
) -> Withdrawn | None:
    """Delete a pupil's embeddings and sightings (one audit event); None if not on file."""
    chain = AuditChain(session)
    done = _forget(session, chain, trust_id, upn, actor, reason)
    session.flush()
    return done


def sync_consents(
    session: Session, *, trust_id: int, actor: str, chain: AuditChain | None = None
) -> list[Withdrawn]:
    """Withdraw every enrolled or sighted pupil whose Biometric consent is no longer current.

    Run after every roster import (``save_roster`` does, passing its ``chain``). One
    audit event per pupil withdrawn.
    """
    roster = current_roster(session, trust_id)
    upns = set(
        session.scalars(
            select(db.Pupil.upn)
            .join(db.FaceEmbedding, db.FaceEmbedding.pupil_id == db.Pupil.id)
            .where(db.FaceEmbedding.trust_id == trust_id)
        )
    ) | set(
        session.scalars(
            select(db.Pupil.upn)
            .join(db.FaceSighting, db.FaceSighting.pupil_id == db.Pupil.id)
            .where(db.FaceSighting.trust_id == trust_id)
        )
    )
    stale = sorted(u for u in upns if biometric_consent_problem(roster, u) is not None)
    if not stale:
        return []
    chain = chain or AuditChain(session)
    done = [
        w
        for u in stale
        if (w := _forget(session, chain, trust_id, u, actor, "consent no longer current"))
        is not None
    ]
    session.flush()
    return done


@dataclass(frozen=True, slots=True)
class SweepDue:
    """A pupil seen in checked photos who has no current social-media consent."""

    pupil_id: int
    upn: str
    post_check_ids: tuple[int, ...]


def sweep_due(session: Session, *, trust_id: int) -> list[SweepDue]:
    """Pupils with sightings in the sweep index whose social-media consent is not current.

    Read-only: the take-down list after a roster import (a withdrawal of social-media
    consent) or for ``postguard sweep --due``.
    """
    roster = current_roster(session, trust_id)
    rows = session.execute(
        select(db.Pupil.id, db.Pupil.upn, db.FaceSighting.post_check_id)
        .join(db.FaceSighting, db.FaceSighting.pupil_id == db.Pupil.id)
        .where(db.FaceSighting.trust_id == trust_id)
        .order_by(db.Pupil.upn, db.FaceSighting.id)
    )
    seen: dict[tuple[int, str], set[int]] = {}
    for pupil_id, upn, check_id in rows:
        checks = seen.setdefault((pupil_id, upn), set())
        if check_id is not None:
            checks.add(check_id)
    return [
        SweepDue(pupil_id, upn, tuple(sorted(checks)))
        for (pupil_id, upn), checks in seen.items()
        if not (roster.pupil(upn) and roster.has_consent(upn, ConsentScope.SOCIAL_MEDIA))
    ]
