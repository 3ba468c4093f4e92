"""Safeguarding concerns (clauses P2, P3): raised by staff or found in comments, for the DSL.

Every change writes one audit event that names the concern by id (never its
text or the child). Raising a concern notifies the school's DSL and deputy
DSLs; an urgent one is e-mailed to them at once (the notification's body holds
no child data, only a link).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard.attachments import (
    MAX_ATTACHMENTS,
    Attachment,
    AttachmentError,
    accept,
    open_sealed,
    seal_bytes,
)
from postguard.audit import AuditChain, Scalar
from postguard.auth.roles import Role
from postguard.concern_pdf import CommentEvidence, ConcernRecord, FileEntry, NoteEntry
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.store.locking import reread_locked
from postguard.workflows.notifications import holders, notify

CONCERN_CLAUSES = "P2, P3"
SAFEGUARDING_ROLES = (Role.DSL, Role.DEPUTY_DSL)


MAX_SUMMARY_CHARS = 20_000
MAX_NOTE_CHARS = 10_000
URGENT_LIMIT = timedelta(hours=1)
"""An urgent concern still open after this long is flagged as waiting too long."""
WORKING_DAYS_LIMIT = 2
"""Any other open concern is flagged after this many working days (Monday to Friday)."""


class ConcernError(ValueError):
    """A concern could not be recorded as asked (the message says why).

    ``field`` names the form field at fault, when there is one.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


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
    attachments: Sequence[tuple[str, bytes]] = (),
    secret_key: str = "",
    max_attachment_bytes: int = 10 * 1024 * 1024,
    chain: AuditChain | None = None,
) -> tuple[db.Concern, list[db.Notification]]:
    """Record a concern and notify the school's DSL and deputies; returns both.

    ``attachments`` (file name, bytes) are vetted (:func:`postguard.attachments.accept`)
    before anything is written and kept sealed under ``secret_key``; one refused
    file refuses the whole report (:class:`ConcernError`, field ``attachments``).
    ``chain``: the caller's audit chain, when the concern is raised inside a workflow
    that records its own events in the same transaction (comment moderation).
    The caller delivers the notifications after its transaction commits
    (:func:`postguard.workflows.notifications.deliver`).
    """
    if not summary.strip():
        raise ConcernError("say what happened", "summary")
    files = vet_attachments(attachments, max_attachment_bytes)
    if files and not secret_key:
        raise ConcernError("attachments need the secret key to be sealed", "attachments")
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
    for f in files:
        session.add(
            db.ConcernAttachment(
                concern_id=concern.id,
                filename=f.filename,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                sealed=seal_bytes(secret_key, f.data),
                uploaded_by_id=None if reporter is None else reporter.id,
            )
        )
    (chain or AuditChain(session)).record(
        actor=actor,
        action="concern.raise",
        object_type="concern",
        object_id=concern.id,
        school=school.name,
        after_ref=None if comment is None else f"comment:{comment.id}",
        details={
            "source": source,
            "urgent": urgent,
            "clause": CONCERN_CLAUSES,
            "clauses": CONCERN_CLAUSES,
            "attachments": len(files),
        },
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
    chain: AuditChain | None = None,
) -> tuple[db.Concern, list[db.Notification]]:
    """A comment classified ``safeguarding`` becomes a concern; the comment stays as evidence.

    The comment row is never deleted or altered here: the concern points at it.
    """
    account = session.get(db.Account, comment.account_id)
    if account is None or account.school_id is None:
        raise ConcernError("the comment's account belongs to no school", "comment")
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
        chain=chain,
    )


def vet_attachments(files: Sequence[tuple[str, bytes]], max_bytes: int) -> list[Attachment]:
    """Every file accepted, or :class:`ConcernError` naming each one refused."""
    if len(files) > MAX_ATTACHMENTS:
        raise ConcernError(
            f"{len(files)} files attached; a concern takes at most {MAX_ATTACHMENTS}.",
            "attachments",
        )
    accepted: list[Attachment] = []
    problems: list[str] = []
    for name, data in files:
        try:
            accepted.append(accept(name, data, max_bytes))
        except AttachmentError as exc:
            problems.append(str(exc))
    if problems:
        raise ConcernError(" ".join(problems), "attachments")
    return accepted


def _school_of(session: Session, concern: db.Concern) -> db.School:
    school = session.get(db.School, concern.school_id)
    assert school is not None
    return school


def _entry(text: str, field: str, *, missing: str, what: str) -> str:
    """``text`` stripped (plain newlines); ConcernError (on ``field``) if empty or too long."""
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise ConcernError(missing, field)
    if len(text) > MAX_NOTE_CHARS:
        raise ConcernError(
            f"{what} is too long ({len(text):,} characters); the limit is {MAX_NOTE_CHARS:,}",
            field,
        )
    return text


def _audit(
    session: Session,
    concern: db.Concern,
    actor: str,
    verb: str,
    *,
    after_ref: str,
    before_ref: str | None = None,
    **details: Scalar,
) -> None:
    """The action's one audit event, ``concern.<verb>`` (the clauses and ``details``)."""
    AuditChain(session).record(
        actor=actor,
        action=f"concern.{verb}",
        object_type="concern",
        object_id=concern.id,
        school=_school_of(session, concern).name,
        before_ref=before_ref,
        after_ref=after_ref,
        details={"clause": CONCERN_CLAUSES, **details},
    )
    session.flush()


def add_note(
    session: Session, concern: db.Concern, *, text: str, author_id: int | None, actor: str
) -> db.ConcernNote:
    """Add an action (a call, a referral, a decision) to the concern's chronology."""
    text = _entry(text, "text", missing="say what was done", what="the entry")
    reread_locked(session, concern)
    if concern.status != "open":
        raise ConcernError("this concern is closed: its chronology is final", "text")
    note = db.ConcernNote(concern_id=concern.id, author_id=author_id, text=text, at=utcnow())
    session.add(note)
    session.flush()
    _audit(session, concern, actor, "note", after_ref=f"concern_note:{note.id}")
    return note


def close_concern(
    session: Session, concern: db.Concern, *, outcome: str, closed_by_id: int | None, actor: str
) -> db.Concern:
    """Close the concern with its outcome (required); a closed concern stays closed."""
    outcome = _entry(outcome, "outcome", missing="give the outcome", what="the outcome")
    reread_locked(session, concern)
    if concern.status != "open":
        raise ConcernError("this concern is already closed", "outcome")
    concern.status = "closed"
    concern.outcome = outcome
    concern.closed_at = utcnow()
    concern.closed_by_id = closed_by_id
    session.flush()
    _audit(session, concern, actor, "close", before_ref="status:open", after_ref="status:closed")
    return concern


def record_export(session: Session, concern: db.Concern, *, actor: str, sha256: str) -> None:
    """Audit an export of the concern (a PDF for CPOMS, MyConcern or another school)."""
    _audit(session, concern, actor, "export", after_ref=f"sha256:{sha256}", format="pdf")


def read_attachment(
    session: Session, attachment: db.ConcernAttachment, *, actor: str, secret_key: str
) -> bytes:
    """The attachment's clear bytes; the reading is audited (who opened which file)."""
    data = open_sealed(secret_key, attachment.sealed)
    concern = session.get(db.Concern, attachment.concern_id)
    assert concern is not None
    AuditChain(session).record(
        actor=actor,
        action="concern.attachment.view",
        object_type="concern_attachment",
        object_id=attachment.id,
        school=_school_of(session, concern).name,
        after_ref=f"concern:{concern.id}",
        details={"clause": CONCERN_CLAUSES},
    )
    session.flush()
    return data


# -- reading: the queue, deadlines ------------------------------------------------------


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` moved on by ``days`` working days (Monday to Friday; bank holidays count)."""
    at = start
    left = days
    while left > 0:
        at += timedelta(days=1)
        if at.weekday() < 5:
            left -= 1
    return at


def due_by(concern: db.Concern) -> datetime:
    """When an open concern starts to count as waiting too long."""
    if concern.urgent:
        return concern.created_at + URGENT_LIMIT
    return add_working_days(concern.created_at, WORKING_DAYS_LIMIT)


def overdue(concern: db.Concern, now: datetime | None = None) -> bool:
    return concern.status == "open" and (now or utcnow()) > due_by(concern)


@dataclass(frozen=True, slots=True)
class QueueRow:
    concern: db.Concern
    school: str


CLOSED_SHOWN = 100
"""The queue shows every open concern but only this many of the latest closed ones."""


def queue(
    session: Session,
    school_ids: Sequence[int],
    *,
    include_closed: bool = True,
    closed_limit: int = CLOSED_SHOWN,
) -> list[QueueRow]:
    """Open concerns, urgent first then the longest waiting; then the latest closed ones
    (at most ``closed_limit``, latest first: the queue stays fast after years of records)."""
    ids = list(school_ids)
    query = (
        select(db.Concern, db.School.name)
        .join(db.School, db.School.id == db.Concern.school_id)
        .where(db.Concern.school_id.in_(ids))
    )
    open_rows = [
        QueueRow(c, s)
        for c, s in session.execute(
            query.where(db.Concern.status == "open").order_by(db.Concern.id)
        ).all()
    ]
    open_rows.sort(key=lambda r: (not r.concern.urgent, r.concern.created_at, r.concern.id))
    if not include_closed or closed_limit <= 0:
        return open_rows
    latest = func.coalesce(db.Concern.closed_at, db.Concern.created_at)
    closed = [
        QueueRow(c, s)
        for c, s in session.execute(
            query.where(db.Concern.status != "open")
            .order_by(latest.desc(), db.Concern.id)
            .limit(closed_limit)
        ).all()
    ]
    return open_rows + closed


def closed_count(session: Session, school_ids: Sequence[int]) -> int:
    """How many closed concerns the schools have (the queue shows the latest only)."""
    return int(
        session.scalar(
            select(func.count(db.Concern.id)).where(
                db.Concern.school_id.in_(list(school_ids)), db.Concern.status != "open"
            )
        )
        or 0
    )


def attachments_of(session: Session, concern: db.Concern) -> list[db.ConcernAttachment]:
    return list(
        session.scalars(
            select(db.ConcernAttachment)
            .where(db.ConcernAttachment.concern_id == concern.id)
            .order_by(db.ConcernAttachment.id)
        )
    )


def chronology(session: Session, concern: db.Concern) -> list[tuple[db.ConcernNote, str]]:
    """The concern's notes, oldest first, each with its author's name (or e-mail)."""
    rows = session.execute(
        select(db.ConcernNote, db.User)
        .outerjoin(db.User, db.User.id == db.ConcernNote.author_id)
        .where(db.ConcernNote.concern_id == concern.id)
        .order_by(db.ConcernNote.at, db.ConcernNote.id)
    ).all()
    return [(note, person_name(user)) for note, user in rows]


def person_name(user: db.User | None) -> str:
    """Who wrote a chronology entry: a person, or PostGuard itself (no author)."""
    return "PostGuard" if user is None else user.name


def _evidence(session: Session, comment_id: int | None) -> CommentEvidence | None:
    if comment_id is None:
        return None
    comment = session.get(db.Comment, comment_id)
    if comment is None:
        return None
    account = session.get(db.Account, comment.account_id)
    verdict = comment.verdict or {}
    labels = verdict.get("labels", [])
    scores = verdict.get("scores", {})
    return CommentEvidence(
        text=comment.text,
        author_handle=comment.author_handle,
        account="" if account is None else f"{account.platform} {account.handle}",
        received_at=comment.received_at,
        labels=tuple(str(x) for x in labels) if isinstance(labels, list) else (),
        scores=tuple(
            (str(k), float(v)) for k, v in sorted(scores.items()) if isinstance(v, int | float)
        )
        if isinstance(scores, dict)
        else (),
    )


def record_of(session: Session, concern: db.Concern) -> ConcernRecord:
    """The whole record, as plain values, for the DSL's page and the PDF export."""
    school = _school_of(session, concern)
    trust = session.get(db.Trust, school.trust_id)
    reporter = (
        None if concern.reported_by_id is None else session.get(db.User, concern.reported_by_id)
    )
    closer = None if concern.closed_by_id is None else session.get(db.User, concern.closed_by_id)
    return ConcernRecord(
        id=concern.id,
        trust="" if trust is None else trust.name,
        school=school.name,
        created_at=concern.created_at,
        reporter=(
            "PostGuard (comment moderation)"
            if reporter is None and concern.source == "comment"
            else person_name(reporter)
            if reporter is not None
            else "not recorded"
        ),
        source=concern.source,
        category=concern.category,
        urgent=concern.urgent,
        platform=concern.platform,
        children=concern.children,
        summary=concern.summary,
        status=concern.status,
        closed_at=concern.closed_at,
        closed_by="" if closer is None else person_name(closer),
        outcome=concern.outcome,
        comment=_evidence(session, concern.comment_id),
        notes=tuple(NoteEntry(n.at, who, n.text) for n, who in chronology(session, concern)),
        files=tuple(
            FileEntry(a.id, a.filename, a.content_type, a.size, a.sha256)
            for a in attachments_of(session, concern)
        ),
    )
