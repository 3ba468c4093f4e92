"""The face decision fails closed: a table of gallery matches and the status each gets."""

from __future__ import annotations

import numpy as np
import pytest

from postguard.faces.decision import FaceStatus, decide
from postguard.faces.gallery import GalleryMatch, MemoryGallery, Person, PersonKind
from postguard.roster.models import Roster

OK = "E962401219121"  # demo: social media consent granted
WITHDRAWN = "D962401218100"  # demo: social media consent withdrawn
REFUSED = "B962401216114"  # demo: social media consent refused
NOT_ON_ROLL = "A123456789012"


def pupil(upn: str, score: float) -> GalleryMatch:
    return GalleryMatch(Person(PersonKind.PUPIL, upn), score)


def staff(staff_id: str, score: float) -> GalleryMatch:
    return GalleryMatch(Person(PersonKind.STAFF, staff_id), score)


@pytest.mark.parametrize(
    "matches, status, person",
    [
        ([], FaceStatus.UNKNOWN, None),  # nobody enrolled: never assumed consenting
        ([pupil(OK, 0.80)], FaceStatus.CONSENTED, OK),
        ([pupil(OK, 0.44)], FaceStatus.UNKNOWN, None),  # below the clearing threshold
        ([pupil(WITHDRAWN, 0.80)], FaceStatus.REFUSED, WITHDRAWN),
        ([pupil(REFUSED, 0.35)], FaceStatus.REFUSED, REFUSED),  # a look-alike is enough to block
        ([pupil(REFUSED, 0.30)], FaceStatus.UNKNOWN, None),
        ([pupil(OK, 0.52), pupil(REFUSED, 0.40)], FaceStatus.REFUSED, REFUSED),  # too close
        ([pupil(OK, 0.80), pupil(REFUSED, 0.40)], FaceStatus.CONSENTED, OK),  # clearly someone else
        ([pupil(OK, 0.70), pupil("E962401219177", 0.68)], FaceStatus.UNKNOWN, None),  # ambiguous
        ([pupil(NOT_ON_ROLL, 0.90)], FaceStatus.REFUSED, NOT_ON_ROLL),  # left: no consent on file
        ([staff("RLT0002", 0.70)], FaceStatus.STAFF, "RLT0002"),
        ([staff("RLT0002", 0.40)], FaceStatus.UNKNOWN, None),
    ],
)
def test_decision(
    demo_roster: Roster, matches: list[GalleryMatch], status: FaceStatus, person: str | None
) -> None:
    decision = decide(matches, demo_roster)
    assert (decision.status, decision.person_id) == (status, person)
    assert decision.reason


def test_without_a_roster_no_pupil_is_consented() -> None:
    assert decide([pupil(OK, 0.95)], None).status is FaceStatus.REFUSED


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


def test_gallery_matches_each_person_by_their_best_embedding() -> None:
    gallery = MemoryGallery()
    a, b = Person(PersonKind.PUPIL, OK), Person(PersonKind.STAFF, "RLT0002")
    gallery.add(a, [_unit(1), _unit(2)])
    gallery.add(b, [_unit(3)])
    best = gallery.match(_unit(2))
    assert best[0].person == a and best[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert [m.person for m in best] == [a, b]
    assert gallery.remove(a) == 2 and gallery.people() == frozenset({b})


@pytest.mark.parametrize("bad", [np.zeros(128), np.ones(64), np.full(128, np.nan)])
def test_gallery_refuses_malformed_embeddings(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        MemoryGallery().add(Person(PersonKind.PUPIL, OK), [bad.astype(np.float32)])
