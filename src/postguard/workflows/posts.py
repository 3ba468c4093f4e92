"""Posts and their checks: each run of the checker on a draft is kept with its verdict."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.findings import Verdict
from postguard.store import models as db


def record_check(
    session: Session,
    *,
    school: db.School,
    text: str,
    image_count: int,
    verdict: Verdict,
    actor: str,
    author: db.User | None = None,
    account: db.Account | None = None,
    post: db.Post | None = None,
    roster_version_id: int | None = None,
) -> db.PostCheck:
    """Save a check of a draft (a new post, or a new text for ``post``) and its verdict.

    The audit event names the post and the check by id and gives the outcome and
    the number of findings: never the text (it may name a pupil).
    """
    chain = AuditChain(session)
    if post is None:
        post = db.Post(
            school_id=school.id,
            account_id=None if account is None else account.id,
            author_id=None if author is None else author.id,
            text=text,
            image_count=image_count,
            status="draft",
        )
        session.add(post)
        session.flush()
        chain.record(
            actor=actor,
            action="post.create",
            object_type="post",
            object_id=post.id,
            school=school.name,
        )
    elif post.text != text or post.image_count != image_count:
        post.text, post.image_count = text, image_count
    check = db.PostCheck(
        post_id=post.id,
        outcome=verdict.outcome.value,
        policy_id=verdict.policy_id,
        policy_version=verdict.policy_version,
        roster_version_id=roster_version_id,
        verdict=verdict.to_dict(),
    )
    # A new check of an approved post needs approving again (S2): the approval was for
    # the old text; its record stays in post_reviews and the audit trail.
    post.approved_by_id = post.approved_at = None
    post.approved_check_id = post.approved_policy_version = None
    post.status = "checked"
    session.add(check)
    session.flush()
    chain.record(
        actor=actor,
        action="post.check",
        object_type="post",
        object_id=post.id,
        school=school.name,
        after_ref=f"post_check:{check.id}",
        details={"outcome": verdict.outcome.value, "findings": len(verdict.findings)},
    )
    session.flush()
    return check


def checks_of(session: Session, post: db.Post) -> list[db.PostCheck]:
    """Every check of a post, oldest first."""
    return list(
        session.scalars(
            select(db.PostCheck).where(db.PostCheck.post_id == post.id).order_by(db.PostCheck.id)
        )
    )
