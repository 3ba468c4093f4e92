"""Enrolment, lawful and minimal (Protection of Freedoms Act 2012 ss.26-28).

A pupil's reference photos become embeddings only when the consent register
shows a current ``Biometric`` consent (the latest row is ``Granted``: a parent's
written consent, with no later refusal or withdrawal, which is how a parent's
objection or the child's own refusal is recorded). Only the embeddings are kept;
the photos are decoded in memory and dropped. :func:`sync_consents` deletes the
embeddings of every enrolled pupil whose Biometric consent is no longer current
(withdrawn, refused, or the pupil has left the roster) from an in-memory or file
gallery. Enrolments in the database go through ``postguard.workflows.enrolment``,
which reuses :func:`biometric_consent_problem` and :func:`_embeddings`.

Staff are adults who consent for themselves: the caller must confirm that the
member of staff gave written consent (``consent_confirmed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from postguard.faces.engine import Embedding, FaceEngine
from postguard.faces.gallery import Gallery, Person, PersonKind
from postguard.images.intake import ImageError, decode
from postguard.roster.models import ConsentScope, ConsentStatus, Roster


class EnrolmentError(ValueError):
    """Enrolment refused; the message gives the reason (never a photo or a child's name)."""


@dataclass(frozen=True, slots=True)
class Enrolled:
    person: Person
    embeddings: int


def biometric_consent_problem(roster: Roster, upn: str) -> str | None:
    """Why a pupil may not be enrolled, or None if a current Biometric consent is on file."""
    if roster.pupil(upn) is None:
        return f"{upn} is not on the roster"
    consent = roster.consent(upn, ConsentScope.BIOMETRIC)
    if consent is None:
        return f"{upn} has no Biometric consent on the register"
    if consent.status is not ConsentStatus.GRANTED:
        return f"{upn}'s Biometric consent is {consent.status.value.lower()} ({consent.date})"
    return None


def _embeddings(engine: FaceEngine, photos: Sequence[bytes]) -> list[Embedding]:
    """One embedding per reference photo, which must show exactly one face."""
    if not photos:
        raise EnrolmentError("give at least one reference photo")
    found: list[Embedding] = []
    for number, data in enumerate(photos, start=1):
        try:
            image = decode(data)
        except ImageError as exc:
            raise EnrolmentError(f"photo {number}: {exc}") from None
        if image.animated:
            raise EnrolmentError(f"photo {number}: use a still photo, not an animation")
        faces = engine.analyse(image.frames[0])
        if len(faces) != 1:
            raise EnrolmentError(
                f"photo {number}: a reference photo must show exactly one face ({len(faces)} found)"
            )
        embedding = faces[0].embedding
        if embedding is None:
            raise EnrolmentError(
                f"photo {number}: the face is too small to identify: use a closer photo"
            )
        found.append(embedding)
    return found


def enrol_pupil(
    gallery: Gallery, engine: FaceEngine, roster: Roster, upn: str, photos: Sequence[bytes]
) -> Enrolled:
    """Enrol a pupil's reference photos, only with a current Biometric consent."""
    problem = biometric_consent_problem(roster, upn)
    if problem is not None:
        raise EnrolmentError(f"not enrolled: {problem}")
    embeddings = _embeddings(engine, photos)
    person = Person(PersonKind.PUPIL, upn)
    gallery.add(person, embeddings)
    return Enrolled(person, gallery.count(person))


def enrol_staff(
    gallery: Gallery,
    engine: FaceEngine,
    roster: Roster,
    staff_id: str,
    photos: Sequence[bytes],
    *,
    consent_confirmed: bool,
) -> Enrolled:
    """Enrol a member of staff, who must have consented in writing themselves."""
    if not any(s.staff_id == staff_id for s in roster.staff):
        raise EnrolmentError(f"not enrolled: staff id {staff_id} is not on the roster")
    if not consent_confirmed:
        raise EnrolmentError(
            "not enrolled: confirm that the member of staff gave written consent to enrolment"
        )
    embeddings = _embeddings(engine, photos)
    person = Person(PersonKind.STAFF, staff_id)
    gallery.add(person, embeddings)
    return Enrolled(person, gallery.count(person))


def withdraw(gallery: Gallery, upn: str) -> int:
    """Delete every embedding of a pupil; returns how many were deleted."""
    return gallery.remove(Person(PersonKind.PUPIL, upn))


def sync_consents(gallery: Gallery, roster: Roster) -> list[str]:
    """Delete the embeddings of enrolled pupils without a current Biometric consent.

    Returns the UPNs whose embeddings were deleted.
    """
    removed: list[str] = []
    for person in sorted(gallery.people()):
        if person.kind is PersonKind.PUPIL and biometric_consent_problem(roster, person.id):
            gallery.remove(person)
            removed.append(person.id)
    return removed
