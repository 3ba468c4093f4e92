"""Safeguarding concerns (clauses P2, P3): raised by staff or found in comments, for the DSL.

Every change writes one audit event that names the concern by id (never its
text or the child). Raising a concern notifies the school's DSL and deputy
DSLs; an urgent one is e-mailed to them at once (the notification's body holds
no child data, only a link).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.workflows.notifications import holders, notify

CONCERN_CLAUSES = "P2, P3"
SAFEGUARDING_ROLES = (Role.DSL, Role.DEPUTY_DSL)


class ConcernError(ValueError):
    """A concern could not be recorded as asked (the message says why)."""


def raise_concern(
    session: Session,
    *,
    school: db.School,
    summary: str,
    actor: str,
    source: str = "staff_report",
    reporter: db.User | None = None,
    children: str = "",
    platform: str = "",
    urgent: bool = False,
    category: str = "",
    comment: db.Comment | None = None,
) -> tuple[db.Concern, list[db.Notification]]:
    """Record a concern and notify the school's DSL and deputies; returns both.

    The caller delivers the notifications after its transaction commits
    (:func:`postguard.workflows.notifications.deliver`).
    """
    if not summary.strip():
        raise ConcernError("say what happened")
    concern = db.Concern(
        school_id=school.id,
        reported_by_id=None if reporter is None else reporter.id,
        comment_id=None if comment is None else comment.id,
        source=source,
        category=category,
        summary=summary.strip(),
        children=children.strip(),
        platform=platform.strip(),
        urgent=urgent,
        status="open",
        outcome="",
    )
    session.add(concern)
    session.flush()
    AuditChain(session).record(
        actor=actor,
        action="concern.raise",
        object_type="concern",
        object_id=concern.id,
        school=school.name,
        after_ref=None if comment is None else f"comment:{comment.id}",
        details={"source": source, "urgent": urgent, "clauses": CONCERN_CLAUSES},
    )
    leads = holders(session, school.trust_id, SAFEGUARDING_ROLES, school.id)
    level = "URGENT safeguarding concern" if urgent else "Safeguarding concern"
    notes = notify(
        session,
        leads,
        kind="concern.urgent" if urgent else "concern.new",
        subject=f"{level} #{concern.id} at {school.name}",
        body=(
            f"{'An urgent' if urgent else 'A'} safeguarding concern (#{concern.id}) was raised "
            f"at {school.name} ({'from a comment' if comment is not None else 'by staff'}). "
            "Its details are in PostGuard, for the DSL and deputies only (policy clauses P2, P3)."
        ),
        link=f"/concerns/{concern.id}",
    )
    session.flush()
    return concern, notes


def concern_from_comment(
    session: Session,
    comment: db.Comment,
    *,
    actor: str,
    category: str = "safeguarding",
    urgent: bool = True,
) -> tuple[db.Concern, list[db.Notification]]:
    """A comment classified ``safeguarding`` becomes a concern; the comment stays as evidence.

    The comment row is never deleted or altered here: the concern points at it.
    """
    account = session.get(db.Account, comment.account_id)
    if account is None or account.school_id is None:
        raise ConcernError("the comment's account belongs to no school")
    school = session.get(db.School, account.school_id)
    assert school is not None
    return raise_concern(
        session,
        school=school,
        summary=f"A comment on {account.platform} {account.handle} was classified as a "
        "safeguarding concern. The comment is kept as evidence.",
        actor=actor,
        source="comment",
        platform=account.platform,
        urgent=urgent,
        category=category,
        comment=comment,
    )
