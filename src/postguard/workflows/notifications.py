"""Notifications: workflows write them in their own transaction; delivery comes after commit.

:func:`notify` adds one notification per person (never with child data in the
body: the link leads to the record, behind the sign-in). :func:`deliver` hands
undelivered ones to a :class:`~postguard.mail.Mailer`, one message each, and
records the outcome: sent, or the error and the attempt count, so a relay that
is down loses nothing and the next delivery tries again. Without a mailer
(no ``POSTGUARD_SMTP_HOST``) notifications are only shown in the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard.auth.roles import Role
from postguard.mail import Mailer, MailError, Message
from postguard.store import models as db
from postguard.store.base import utcnow

MAX_ATTEMPTS = 5
"""After this many failed attempts a notification is left for a person to look at."""


def holders(
    session: Session, trust_id: int, roles: Iterable[Role], school_id: int | None = None
) -> list[db.User]:
    """Active users of the trust holding any of ``roles`` at ``school_id`` or trust-wide."""
    names = [r.value for r in roles]
    query = (
        select(db.User)
        .join(db.RoleGrant, db.RoleGrant.user_id == db.User.id)
        .where(
            db.User.trust_id == trust_id,
            db.User.is_active.is_(True),
            db.RoleGrant.role.in_(names),
        )
        .distinct()
        .order_by(db.User.id)
    )
    if school_id is not None:
        query = query.where(
            (db.RoleGrant.school_id == school_id) | (db.RoleGrant.school_id.is_(None))
        )
    return list(session.scalars(query))


def notify(
    session: Session,
    users: Iterable[db.User],
    *,
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    key: str | None = None,
) -> list[db.Notification]:
    """One notification per user (``key`` + user id makes it happen once; repeats are skipped)."""
    made: list[db.Notification] = []
    for user in users:
        unique = None if key is None else f"{key}:user:{user.id}"
        if unique is not None and session.scalar(
            select(db.Notification.id).where(db.Notification.key == unique)
        ):
            continue
        note = db.Notification(
            trust_id=user.trust_id,
            user_id=user.id,
            kind=kind,
            key=unique,
            subject=subject,
            body=body,
            link=link,
            attempts=0,
            last_error="",
        )
        session.add(note)
        made.append(note)
    session.flush()
    return made


@dataclass(frozen=True, slots=True)
class Delivery:
    sent: int
    failed: int
    waiting: int  # not tried: no mailer configured, or given up after MAX_ATTEMPTS


def undelivered(session: Session, ids: Iterable[int] | None = None) -> list[db.Notification]:
    query = select(db.Notification).where(db.Notification.sent_at.is_(None))
    if ids is not None:
        query = query.where(db.Notification.id.in_(list(ids)))
    return list(session.scalars(query.order_by(db.Notification.id)))


def deliver(
    session: Session,
    mailer: Mailer | None,
    *,
    base_url: str,
    ids: Iterable[int] | None = None,
) -> Delivery:
    """Send undelivered notifications (only ``ids`` if given) and record each outcome."""
    pending = undelivered(session, ids)
    if mailer is None:
        return Delivery(0, 0, len(pending))
    sent = failed = waiting = 0
    for note in pending:
        if note.attempts >= MAX_ATTEMPTS:
            waiting += 1
            continue
        user = session.get(db.User, note.user_id)
        if user is None or not user.is_active:
            waiting += 1
            continue
        note.attempts += 1
        try:
            mailer.send(Message((user.email,), note.subject, _body(note, base_url)))
        except MailError as exc:
            note.last_error = str(exc)[:500]
            failed += 1
        else:
            note.sent_at, note.last_error = utcnow(), ""
            sent += 1
    session.flush()
    return Delivery(sent, failed, waiting)


def _body(note: db.Notification, base_url: str) -> str:
    text = note.body.rstrip()
    if note.link:
        text += f"\n\nOpen it in PostGuard (sign-in needed):\n{base_url}{note.link}"
    return text + "\n\n-- PostGuard. You get this e-mail because of your role in the trust.\n"


def inbox(session: Session, user_id: int, *, limit: int = 100) -> list[db.Notification]:
    """A person's notifications, newest first."""
    return list(
        session.scalars(
            select(db.Notification)
            .where(db.Notification.user_id == user_id)
            .order_by(db.Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(db.Notification)
            .where(db.Notification.user_id == user_id, db.Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, user_id: int) -> int:
    """Mark all of a person's notifications read; how many were unread.

    Not audited: reading one's own notices changes no record the policy asks for.
    """
    rows = session.scalars(
        select(db.Notification).where(
            db.Notification.user_id == user_id, db.Notification.read_at.is_(None)
        )
    ).all()
    now = utcnow()
    for note in rows:
        note.read_at = now
    session.flush()
    return len(rows)
