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


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A notification ready to send: its id and the message (read inside a transaction)."""

    id: int
    message: Message


def outgoing(
    session: Session, *, base_url: str, ids: Iterable[int] | None = None
) -> tuple[list[Outgoing], int]:
    """The notifications to try now, as messages, and how many are left waiting.

    Waiting: given up after ``MAX_ATTEMPTS``, or the person is no longer active.
    """
    ready: list[Outgoing] = []
    waiting = 0
    for note in undelivered(session, ids):
        user = session.get(db.User, note.user_id)
        if note.attempts >= MAX_ATTEMPTS or user is None or not user.is_active:
            waiting += 1
            continue
        ready.append(Outgoing(note.id, Message((user.email,), note.subject, _body(note, base_url))))
    return ready, waiting


def send_all(mailer: Mailer, ready: Iterable[Outgoing]) -> dict[int, str | None]:
    """Hand each message to the relay, outside any transaction: id -> None (sent) or the error."""
    outcome: dict[int, str | None] = {}
    for item in ready:
        try:
            mailer.send(item.message)
        except MailError as exc:
            outcome[item.id] = str(exc)[:500] or "refused"
        else:
            outcome[item.id] = None
    return outcome


def record_outcomes(session: Session, outcome: dict[int, str | None]) -> tuple[int, int]:
    """Write what the relay said for each notification; (sent, failed)."""
    sent = failed = 0
    for note_id, error in outcome.items():
        note = session.get(db.Notification, note_id)
        if note is None:
            continue
        note.attempts += 1
        if error is None:
            note.sent_at, note.last_error = utcnow(), ""
            sent += 1
        else:
            note.last_error = error
            failed += 1
    session.flush()
    return sent, failed


def deliver(
    session: Session,
    mailer: Mailer | None,
    *,
    base_url: str,
    ids: Iterable[int] | None = None,
) -> Delivery:
    """Send undelivered notifications (only ``ids`` if given) and record each outcome.

    All in ``session``: for a caller that may hold its transaction while the relay
    answers. The web app sends between two short transactions instead
    (:func:`outgoing`, :func:`send_all`, :func:`record_outcomes`), so a slow relay
    never holds the database's write lock.
    """
    ready, waiting = outgoing(session, base_url=base_url, ids=ids)
    if mailer is None:
        return Delivery(0, 0, waiting + len(ready))
    sent, failed = record_outcomes(session, send_all(mailer, ready))
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
