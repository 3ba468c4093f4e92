"""The decision for one face, failing closed: consented, refused, staff or unknown.

Two thresholds on SFace cosine similarity, both chosen from the measured rates
on the deepface pairs (docs/photos.md, BENCHMARKS.md):

* ``MATCH_THRESHOLD`` (0.45) clears a face: it is above every different-person
  score measured (max 0.41 over 1,690 pairs: FAR 0 there, TAR 0.99 on the 140
  same-person pairs). A face is cleared as a consented pupil or as staff only
  at or above it.
* ``SUSPECT_THRESHOLD`` (0.33, FAR 1-1.6 %) is enough to *block*: a face that
  resembles an enrolled pupil without current social-media consent is treated as
  that pupil, unless the face is confidently someone else (at or above
  ``MATCH_THRESHOLD`` and ``CLEAR_LEAD`` ahead). Wrongly blocking costs a
  review; wrongly publishing costs a child.

A face is ``consented`` only when its best match clears the threshold, that
pupil has a current social-media consent, and no other enrolled person comes
within ``MARGIN`` of it. Anything less is ``unknown`` (review): pupils who are
not enrolled are never assumed to be consenting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from postguard.faces.gallery import GalleryMatch, PersonKind
from postguard.roster.models import ConsentScope, Roster

MATCH_THRESHOLD = 0.45
SUSPECT_THRESHOLD = 0.33
MARGIN = 0.05
#: How far a confident match must lead a refused look-alike to overrule it.
CLEAR_LEAD = 0.15


class FaceStatus(StrEnum):
    CONSENTED = "consented"
    REFUSED = "refused"
    STAFF = "staff"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class FaceDecision:
    status: FaceStatus
    #: The pupil (UPN) or member of staff (staff id) the face was matched to, if any.
    person_id: str | None
    score: float
    reason: str
    #: Enrolled pupils the face resembles at or above the suspect threshold.
    candidates: tuple[GalleryMatch, ...] = ()


def _consented(roster: Roster | None, upn: str) -> bool:
    if roster is None or roster.pupil(upn) is None:
        return False
    return roster.has_consent(upn, ConsentScope.SOCIAL_MEDIA)


def decide(
    matches: list[GalleryMatch],
    roster: Roster | None,
    *,
    threshold: float = MATCH_THRESHOLD,
    suspect: float = SUSPECT_THRESHOLD,
    margin: float = MARGIN,
) -> FaceDecision:
    """Judge one face from its gallery matches (best first)."""
    pupils = tuple(
        m for m in matches if m.person.kind is PersonKind.PUPIL and m.similarity >= suspect
    )
    best = matches[0] if matches else None
    for m in pupils:
        if _consented(roster, m.person.id):
            continue
        confident_other = (
            best is not None
            and best.person != m.person
            and best.similarity >= threshold
            and best.similarity - m.similarity >= CLEAR_LEAD
        )
        if not confident_other:
            return FaceDecision(
                FaceStatus.REFUSED,
                m.person.id,
                m.similarity,
                "resembles an enrolled pupil without current social-media consent",
                pupils,
            )
    if best is None or best.similarity < threshold:
        score = best.similarity if best is not None else 0.0
        return FaceDecision(
            FaceStatus.UNKNOWN, None, score, "not recognised: consent cannot be confirmed", pupils
        )
    rival = next((m for m in matches[1:] if m.similarity >= best.similarity - margin), None)
    if rival is not None:
        return FaceDecision(
            FaceStatus.UNKNOWN,
            None,
            best.similarity,
            "resembles more than one enrolled person: a person must confirm who it is",
            pupils,
        )
    if best.person.kind is PersonKind.STAFF:
        return FaceDecision(
            FaceStatus.STAFF, best.person.id, best.similarity, "a member of staff", pupils
        )
    return FaceDecision(
        FaceStatus.CONSENTED,
        best.person.id,
        best.similarity,
        "an enrolled pupil with current social-media consent",
        pupils,
    )
