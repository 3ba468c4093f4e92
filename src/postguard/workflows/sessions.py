"""Web sessions: started at sign-in, checked on every request, ended at sign-out.

A session lives until the first of: ``idle`` without a request (inactivity
timeout), ``absolute`` after it started, sign-out. A session at the
``second_factor`` stage (password right, TOTP code still to come) lasts
``second_factor`` at most and gives access to nothing but the code form.

The browser's token is never stored: the row's id is its SHA-256. Starting or
ending a session is audited; a request merely refreshing ``last_seen_at`` is not.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.store.base import utcnow
from postguard.store.models import User, WebSession


class Stage(StrEnum):
    SECOND_FACTOR = "second_factor"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class Timeouts:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    second_factor: timedelta = timedelta(minutes=5)
    # last_seen_at is written at most this often (one write per request would be costly).
    touch_every: timedelta = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Started:
    """A new session: the token goes to the browser (once), the row stays here."""

    token: str
    row: WebSession


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session,
    user: User,
    stage: Stage,
    *,
    user_agent: str = "",
    now: datetime | None = None,
    timeouts: Timeouts | None = None,
) -> Started:
    now = now or utcnow()
    timeouts = timeouts or Timeouts()
    token = secrets.token_urlsafe(32)
    lifetime = timeouts.second_factor if stage is Stage.SECOND_FACTOR else timeouts.absolute
    row = WebSession(
        id=token_id(token),
        user_id=user.id,
        stage=stage.value,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        user_agent=user_agent[:200],
    )
    session.add(row)
    session.flush()
    if stage is Stage.FULL:
        AuditChain(session).record(
            actor=f"user:{user.id}",
            action="session.start",
            object_type="user",
            object_id=user.id,
            details={"session": row.id[:12]},
            at=now,
        )
        session.flush()
    return Started(token, row)


def is_live(row: WebSession, now: datetime, timeouts: Timeouts) -> bool:
    return row.ended_at is None and now < row.expires_at and now - row.last_seen_at < timeouts.idle


def find_session(
    session: Session, token: str, *, now: datetime | None = None, timeouts: Timeouts | None = None
) -> tuple[WebSession, User] | None:
    """The live session for ``token`` and its (active) user; None when unknown or timed out."""
    now = now or utcnow()
    timeouts = timeouts or Timeouts()
    found = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id == token_id(token))
    ).first()
    if found is None:
        return None
    row, user = found[0], found[1]
    if not user.is_active or not is_live(row, now, timeouts):
        return None
    return row, user


def needs_touch(row: WebSession, now: datetime, timeouts: Timeouts | None = None) -> bool:
    return now - row.last_seen_at >= (timeouts or Timeouts()).touch_every


def touch(session: Session, session_id: str, now: datetime | None = None) -> None:
    """Record activity on a session (pushes the inactivity timeout back)."""
    session.execute(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.ended_at.is_(None))
        .values(last_seen_at=now or utcnow())
    )


def end_session(
    session: Session, session_id: str, *, reason: str = "signout", now: datetime | None = None
) -> bool:
    """End a session (sign-out, or replaced after the second factor); True if it was live."""
    now = now or utcnow()
    row = session.get(WebSession, session_id)
    if row is None or row.ended_at is not None:
        return False
    row.ended_at = now
    if row.stage == Stage.FULL.value:
        AuditChain(session).record(
            actor=f"user:{row.user_id}",
            action=f"session.{reason}",
            object_type="user",
            object_id=row.user_id,
            details={"session": row.id[:12]},
            at=now,
        )
    session.flush()
    return True


def end_sessions_of(session: Session, user: User, *, now: datetime | None = None) -> int:
    """End every live session of ``user`` (e.g. after a password change); how many."""
    now = now or utcnow()
    rows = session.scalars(
        select(WebSession).where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
    ).all()
    for row in rows:
        end_session(session, row.id, reason="revoked", now=now)
    return len(rows)
