"""Comment moderation (clause S9; safeguarding comments: P2, P3): the decision and the record.

Comments come in by the web form, the JSON API or a platform export
(:mod:`postguard.comment_imports`); :func:`receive_comments` stores each once per
account (a re-import of the same export adds nothing), classifies the new ones in
one batch and decides:

========================================  ==========  ============  ================
classifier says                           status      outcome       audit action
========================================  ==========  ============  ================
``ok``                                    visible     kept          comment.keep
abusive, profane, spam, personal_data     hidden      reported_slt  comment.hide
safeguarding (whatever else applies)      hidden      referred_dsl  comment.refer
no classifier, or no text to classify     queued      for_person    comment.queue
========================================  ==========  ============  ================

*Profane* (swearing aimed at no one) is hidden and reported like abuse: S9 says
"any inappropriate comments", and the bundled rule ``S9-COMMENT-ABUSE`` selects
``profane`` with the block action. A safeguarding comment also becomes a concern
(:func:`postguard.workflows.concerns.concern_from_comment`), with the comment kept
as evidence; it is never reported to SLT (the DSL and deputies are notified).

Hidden and queued comments are reported to the school's SLT: one notification per
person per call, with the counts and a link, never the text. Every decision writes
exactly one audit event naming the comment by id and citing the clause; the text,
the author and the evidence stay in the comments table.

A moderator (``comment.moderate`` at the school) may :func:`restore` a comment
hidden under S9, giving a reason. A comment referred to the DSL is restored only
by the DSL or a deputy (``concern.act`` at the school), with a reason; the concern
stays whatever happens to the comment. :func:`decide_queued` is a person deciding
a comment the classifier could not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.permissions import Permission, allowed
from postguard.auth.roles import Role
from postguard.comment_imports import IncomingComment
from postguard.content import Content, comment
from postguard.language.classifier import Assessment
from postguard.language.labels import PRIORITY, Label, ModerationAction, action_for
from postguard.language.model import ModelError
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.workflows.concerns import concern_from_comment
from postguard.workflows.notifications import holders, notify
from postguard.workflows.users import grants_of

Classify = Callable[[Sequence[Content]], Sequence[Assessment]]
"""The classifier: contents in, one assessment each, in order (e.g. ``classify_batch``)."""

SOURCES = ("web", "api", "import")
VISIBLE, HIDDEN, QUEUED, RESTORED = "visible", "hidden", "queued", "restored"
KEPT, REPORTED, REFERRED, FOR_PERSON = "kept", "reported_slt", "referred_dsl", "for_person"
S9 = "S9"
SAFEGUARDING = "P2, P3"
REPORT_ROLES = (Role.SLT,)
"""Who hears of hidden comments (S9 "reported to a member of SLT"); the executive
head when a school has no SLT user."""
OUTCOME_TEXT = {
    KEPT: "Kept: nothing found",
    REPORTED: "Hidden and reported to SLT",
    REFERRED: "Hidden and referred to the DSL",
    FOR_PERSON: "Queued for a person to decide",
}
_CHUNK = 500


class ModerationError(ValueError):
    """The moderation step cannot be done as asked (the message says why, for people)."""


class NotAllowed(ModerationError):
    """The person's roles do not allow this at the comment's school."""


@dataclass(frozen=True, slots=True)
class Received:
    comment: db.Comment
    duplicate: bool
    """Already stored for this account (same platform id): left as it was."""


@dataclass
class Receipt:
    """What :func:`receive_comments` did; deliver ``notifications`` after commit."""

    results: list[Received] = field(default_factory=list)
    notifications: list[db.Notification] = field(default_factory=list)
    concerns: list[db.Concern] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if not r.duplicate and r.comment.outcome == outcome)

    @property
    def kept(self) -> int:
        return self.count(KEPT)

    @property
    def hidden(self) -> int:
        return self.count(REPORTED)

    @property
    def referred(self) -> int:
        return self.count(REFERRED)

    @property
    def queued(self) -> int:
        return self.count(FOR_PERSON)

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.results if r.duplicate)


@dataclass(frozen=True, slots=True)
class Decision:
    comment: db.Comment
    notifications: list[db.Notification] = field(default_factory=list)
    concern: db.Concern | None = None


def school_of(session: Session, account: db.Account) -> db.School:
    """The school whose comments these are (moderation and concerns are per school)."""
    if account.school_id is None:
        raise ModerationError(
            f"the account {account.platform}:{account.handle} belongs to no school; "
            "comments are moderated per school"
        )
    school = session.get(db.School, account.school_id)
    assert school is not None
    return school


def verdict_of(assessment: Assessment) -> dict[str, Any]:
    """The assessment as stored on the comment: labels, scores, action and the evidence."""
    return {
        **assessment.to_dict(),
        "by": "classifier",
        "evidence": [
            {
                "label": label.value,
                "score": round(ev.score, 4),
                "quote": ev.quote,
                "start": ev.start,
                "end": ev.end,
                "reasons": list(ev.reasons),
                "rules": list(ev.rules),
            }
            for label, ev in assessment.evidence.items()
        ],
    }


def _existing(session: Session, account: db.Account, ids: list[str]) -> dict[str, db.Comment]:
    found: dict[str, db.Comment] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = session.scalars(
            select(db.Comment).where(
                db.Comment.account_id == account.id, db.Comment.platform_comment_id.in_(chunk)
            )
        )
        found.update({c.platform_comment_id: c for c in rows})
    return found


def _assess(
    classify: Classify | None, contents: list[Content]
) -> tuple[list[Assessment | None], str]:
    """One assessment per content (None: for a person), and why none when there is none."""
    if classify is None:
        return [None] * len(contents), "no classifier available"
    wanted = [i for i, c in enumerate(contents) if c.text.strip()]
    out: list[Assessment | None] = [None] * len(contents)
    if not wanted:
        return out, "no text to classify"
    try:
        assessed = list(classify([contents[i] for i in wanted]))
    except ModelError:
        return out, "the classifier could not be loaded"
    for i, a in zip(wanted, assessed, strict=True):
        out[i] = a
    return out, "no text to classify"


def _labels(assessment: Assessment) -> str:
    return ",".join(label.value for label in assessment.labels) or Label.OK.value


def receive_comments(
    session: Session,
    account: db.Account,
    items: Sequence[IncomingComment],
    source: str,
    *,
    actor: str,
    classify: Classify | None,
) -> Receipt:
    """Store, classify and decide each new comment of ``account`` (one audit event each)."""
    if source not in SOURCES:
        raise ModerationError(f"unknown source {source!r}")
    school = school_of(session, account)
    existing = _existing(session, account, list(dict.fromkeys(i.platform_id for i in items)))
    receipt = Receipt()
    fresh: list[db.Comment] = []
    for item in items:
        known = existing.get(item.platform_id)
        if known is not None:
            receipt.results.append(Received(known, True))
            continue
        row = db.Comment(
            account_id=account.id,
            platform_comment_id=item.platform_id,
            author_handle=item.author,
            text=item.text,
            status="received",
            source=source,
            posted_at=item.posted_at,
        )
        session.add(row)
        existing[item.platform_id] = row
        fresh.append(row)
        receipt.results.append(Received(row, False))
    if not fresh:
        return receipt
    session.flush()
    contents = [comment(c.text, school=school.name, platform=account.platform) for c in fresh]
    assessments, why = _assess(classify, contents)
    chain = AuditChain(session)
    now = utcnow()
    for row, assessment in zip(fresh, assessments, strict=True):
        row.decided_at = now
        details: dict[str, str | int | bool | None] = {"source": source, "account": account.id}
        after_ref = None
        if assessment is None:
            row.status, row.outcome, action = QUEUED, FOR_PERSON, "comment.queue"
            row.verdict = {"labels": [], "scores": {}, "action": "queue", "by": None, "why": why}
            details |= {"clause": S9, "why": why}
        else:
            row.verdict = verdict_of(assessment)
            details |= {"labels": _labels(assessment), "action": assessment.action.value}
            if assessment.action is ModerationAction.KEEP:
                row.status, row.outcome, action = VISIBLE, KEPT, "comment.keep"
                details["clause"] = S9
            elif assessment.action is ModerationAction.HIDE_REPORT_SLT:
                row.status, row.outcome, action = HIDDEN, REPORTED, "comment.hide"
                details["clause"] = S9
            else:
                row.status, row.outcome, action = HIDDEN, REFERRED, "comment.refer"
                details["clause"] = SAFEGUARDING
                session.flush()
                concern, notes = concern_from_comment(session, row, actor=actor, chain=chain)
                receipt.concerns.append(concern)
                receipt.notifications.extend(notes)
                after_ref = f"concern:{concern.id}"
        chain.record(
            actor=actor,
            action=action,
            object_type="comment",
            object_id=row.id,
            school=school.name,
            after_ref=after_ref,
            details=details,
        )
    session.flush()
    receipt.notifications.extend(_report(session, school, receipt))
    return receipt


def _report(session: Session, school: db.School, receipt: Receipt) -> list[db.Notification]:
    """Tell the school's SLT how many comments were hidden or wait for them: counts, a link."""
    hidden, queued = receipt.hidden, receipt.queued
    if not hidden and not queued:
        return []
    people = holders(session, school.trust_id, REPORT_ROLES, school.id) or holders(
        session, school.trust_id, (Role.EXECUTIVE_HEAD,), school.id
    )
    parts = []
    if hidden:
        parts.append(f"{hidden} comment{'s' if hidden != 1 else ''} hidden and reported")
    if queued:
        parts.append(f"{queued} waiting for a person to decide")
    what = " and ".join(parts)
    return notify(
        session,
        people,
        kind="comments.hidden" if hidden else "comments.queued",
        subject=f"Comments at {school.name}: {what}"[:200],
        body=(
            f"On the school's social media accounts, {what} (policy clause S9). "
            "The comments, the labels and the action taken are in PostGuard's comment queue."
        ),
        link="/comments",
    )


def _may(session: Session, user: db.User, permission: Permission, school: db.School) -> bool:
    return user.trust_id == school.trust_id and allowed(
        grants_of(session, user), permission, school.name
    )


def _account_school(session: Session, row: db.Comment) -> db.School:
    account = session.get(db.Account, row.account_id)
    assert account is not None
    return school_of(session, account)


def restore(session: Session, row: db.Comment, moderator: db.User, reason: str) -> db.Comment:
    """Make a hidden comment visible again, with the moderator's reason (one audit event)."""
    school = _account_school(session, row)
    referred = row.outcome == REFERRED
    needed = Permission.CONCERN_ACT if referred else Permission.COMMENT_MODERATE
    if not _may(session, moderator, needed, school):
        if referred:
            raise NotAllowed(
                "This comment was referred to the DSL: only the DSL or a deputy DSL may "
                "restore it. The concern stays open either way."
            )
        raise NotAllowed(f"You may not moderate comments at {school.name}.")
    if row.status != HIDDEN:
        raise ModerationError(
            "This comment was already restored."
            if row.status == RESTORED
            else "Only a hidden comment can be restored."
        )
    if not reason.strip():
        raise ModerationError("Say why the comment can be shown again.")
    row.status = RESTORED
    row.restored_by_id = moderator.id
    row.restored_at = utcnow()
    row.restore_reason = reason.strip()
    AuditChain(session).record(
        actor=f"user:{moderator.id}",
        action="comment.restore",
        object_type="comment",
        object_id=row.id,
        school=school.name,
        before_ref=f"outcome:{row.outcome}",
        details={"clause": SAFEGUARDING if referred else S9, "outcome": row.outcome},
    )
    session.flush()
    return row


DECISIONS: tuple[Label, ...] = (Label.OK, *PRIORITY[::-1])
"""What a person can decide a queued comment is (``ok`` first, safeguarding last)."""


def decide_queued(
    session: Session, row: db.Comment, moderator: db.User, label: str, reason: str = ""
) -> Decision:
    """A person decides a queued comment: ``ok`` keeps it; safeguarding refers it to the DSL;
    any other label hides it (the moderator is the SLT member it is reported to)."""
    school = _account_school(session, row)
    if not _may(session, moderator, Permission.COMMENT_MODERATE, school):
        raise NotAllowed(f"You may not moderate comments at {school.name}.")
    if row.status != QUEUED:
        raise ModerationError("This comment was already decided.")
    try:
        chosen = Label(label)
    except ValueError:
        raise ModerationError("Choose what the comment is.") from None
    action = action_for([chosen.value])
    actor = f"user:{moderator.id}"
    person = {"user_id": moderator.id, "label": chosen.value, "reason": reason.strip()}
    row.verdict = {**(row.verdict or {}), "person": person, "action": action.value, "by": "person"}
    row.decided_at = utcnow()
    details: dict[str, str | int | bool | None] = {"by": "person", "labels": chosen.value}
    if action is ModerationAction.KEEP:
        row.status, row.outcome = VISIBLE, KEPT
        _event(session, actor, "comment.keep", row, school, {"clause": S9, **details})
        return Decision(row)
    if action is ModerationAction.HIDE_REPORT_SLT:
        row.status, row.outcome = HIDDEN, REPORTED
        _event(session, actor, "comment.hide", row, school, {"clause": S9, **details})
        return Decision(row)
    row.status, row.outcome = HIDDEN, REFERRED
    session.flush()
    concern, notes = concern_from_comment(session, row, actor=actor)
    _event(
        session,
        actor,
        "comment.refer",
        row,
        school,
        {"clause": SAFEGUARDING, **details},
        after_ref=f"concern:{concern.id}",
    )
    return Decision(row, notes, concern)


def _event(
    session: Session,
    actor: str,
    action: str,
    row: db.Comment,
    school: db.School,
    details: dict[str, str | int | bool | None],
    after_ref: str | None = None,
) -> None:
    AuditChain(session).record(
        actor=actor,
        action=action,
        object_type="comment",
        object_id=row.id,
        school=school.name,
        after_ref=after_ref,
        details=details,
    )
    session.flush()


def find_account(session: Session, trust_id: int, platform: str, handle: str) -> db.Account | None:
    """The trust's account on ``platform`` called ``handle`` (a leading ``@`` is ignored)."""
    return session.scalars(
        select(db.Account).where(
            db.Account.trust_id == trust_id,
            db.Account.platform == platform.strip().lower(),
            db.Account.handle == handle.strip().removeprefix("@"),
        )
    ).first()
