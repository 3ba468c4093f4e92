"""Checks made by signed-in people (web page or API), kept with the post they belong to.

A thin layer over :func:`postguard.workflows.posts.record_check` that resolves
the user, their trust and the school by name. A re-check of the same draft
(after a fix) is added to the same post when the post is the user's own and
at the same school; otherwise a new post is started.

The faces of the check's photos that resembled an enrolled person (``sightings``,
from :func:`postguard.faces.setup.seen_faces`) are kept in the sweep index against
the recorded check, in the same transaction (:func:`postguard.workflows.enrolment.
record_sightings`, its own ``face.sightings`` event), so a later withdrawal of
consent finds this post.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.faces.db_gallery import DbGallery
from postguard.faces.db_sweep import SeenFace
from postguard.findings import Verdict
from postguard.store import models as db
from postguard.store.rosters import latest_version
from postguard.workflows.enrolment import record_sightings
from postguard.workflows.posts import record_check
from postguard.workflows.trusts import find_school


def record_user_check(
    session: Session,
    *,
    user_id: int,
    school: str | None,
    text: str,
    image_count: int,
    verdict: Verdict,
    post_id: int | None = None,
    sightings: Sequence[SeenFace] = (),
) -> db.PostCheck | None:
    """Record the check; None when ``school`` is not a school of the user's trust."""
    user = session.get(db.User, user_id)
    if user is None or school is None:
        return None
    trust = session.get(db.Trust, user.trust_id)
    found = None if trust is None else find_school(session, trust, school)
    if trust is None or found is None:
        return None
    post = None
    if post_id is not None:
        post = session.scalars(
            select(db.Post).where(
                db.Post.id == post_id, db.Post.author_id == user.id, db.Post.school_id == found.id
            )
        ).first()
    version = latest_version(session, trust.id)
    check = record_check(
        session,
        school=found,
        text=text,
        image_count=image_count,
        verdict=verdict,
        actor=f"user:{user.id}",
        author=user,
        post=post,
        roster_version_id=None if version is None else version.id,
    )
    people = DbGallery(session, trust.id)
    kept = [f for f in sightings if people.person_id(f.person) is not None]
    if kept:
        record_sightings(
            session, trust_id=trust.id, faces=kept, actor=f"user:{user.id}", post_check_id=check.id
        )
    return check
