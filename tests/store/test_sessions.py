"""Web sessions and the two-step sign-in, on SQLite and PostgreSQL: timeouts, sign-out, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.roles import Role
from postguard.auth.totp import code_at
from postguard.store import models as db
from postguard.workflows.sessions import (
    Stage,
    Timeouts,
    end_session,
    end_sessions_of,
    find_session,
    start_session,
    token_id,
    touch,
)
from postguard.workflows.signin import SignInStatus, authenticate, second_factor
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import NewUser, create_user

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
KEY = "test-secret-key-" + "x" * 24
PASSWORD = "correct horse battery staple"
T = Timeouts()


def new_user(session: Session, role: Role = Role.STAFF) -> NewUser:
    trust = ensure_trust(session, "Session Trust", actor="test")
    ensure_school(session, trust, "Hill Primary", actor="test")
    return create_user(
        session,
        trust,
        f"{role.value}@hill.example.org",
        actor="test",
        secret_key=KEY,
        password=PASSWORD,
        grants=((role, "Hill Primary"),),
    )


def actions(session: Session) -> list[str]:
    return list(session.scalars(select(db.AuditEvent.action).order_by(db.AuditEvent.seq)))


@pytest.mark.parametrize(
    "later, alive",
    [
        (timedelta(0), True),
        (timedelta(minutes=29), True),
        (timedelta(minutes=30), False),  # inactivity timeout
        (timedelta(hours=2), False),
    ],
)
def test_inactivity_timeout(db_session: Session, later: timedelta, alive: bool) -> None:
    user = new_user(db_session).user
    started = start_session(db_session, user, Stage.FULL, now=NOW)
    assert (find_session(db_session, started.token, now=NOW + later) is not None) is alive


def test_activity_keeps_a_session_alive_until_the_absolute_timeout(db_session: Session) -> None:
    user = new_user(db_session).user
    started = start_session(db_session, user, Stage.FULL, now=NOW)
    at = NOW
    while at + timedelta(minutes=20) < NOW + T.absolute:
        at += timedelta(minutes=20)
        assert find_session(db_session, started.token, now=at) is not None
        touch(db_session, started.row.id, at)
        db_session.expire_all()
    assert find_session(db_session, started.token, now=NOW + T.absolute) is None


def test_a_second_factor_session_lasts_minutes_and_only_the_hash_is_stored(
    db_session: Session,
) -> None:
    user = new_user(db_session).user
    started = start_session(db_session, user, Stage.SECOND_FACTOR, now=NOW)
    assert started.row.id == token_id(started.token) != started.token
    assert find_session(db_session, started.token, now=NOW + timedelta(minutes=4)) is not None
    assert find_session(db_session, started.token, now=NOW + timedelta(minutes=5)) is None
    assert find_session(db_session, "another-token", now=NOW) is None


def test_sign_out_ends_the_session_and_is_audited(db_session: Session) -> None:
    user = new_user(db_session).user
    started = start_session(db_session, user, Stage.FULL, now=NOW)
    assert end_session(db_session, started.row.id, now=NOW) is True
    assert end_session(db_session, started.row.id, now=NOW) is False
    assert find_session(db_session, started.token, now=NOW) is None
    assert actions(db_session)[-2:] == ["session.start", "session.signout"]


def test_a_disabled_user_has_no_session(db_session: Session) -> None:
    user = new_user(db_session).user
    started = start_session(db_session, user, Stage.FULL, now=NOW)
    user.is_active = False
    db_session.flush()
    assert find_session(db_session, started.token, now=NOW) is None


def test_every_session_of_a_user_can_be_ended(db_session: Session) -> None:
    user = new_user(db_session).user
    tokens = [start_session(db_session, user, Stage.FULL, now=NOW).token for _ in range(3)]
    assert end_sessions_of(db_session, user, now=NOW) == 3
    assert all(find_session(db_session, t, now=NOW) is None for t in tokens)


def test_two_step_sign_in_never_needs_the_password_twice(db_session: Session) -> None:
    new = new_user(db_session, Role.DSL)
    first = authenticate(db_session, new.user.email, PASSWORD, secret_key=KEY, now=NOW)
    assert first.status is SignInStatus.SECOND_FACTOR_REQUIRED and first.user is not None
    wrong = second_factor(db_session, new.user.id, "000000", secret_key=KEY, now=NOW)
    assert wrong.status is SignInStatus.SECOND_FACTOR_WRONG
    ok = second_factor(
        db_session, new.user.id, code_at(new.totp_secret, NOW), secret_key=KEY, now=NOW
    )
    assert ok.status is SignInStatus.OK
    replay = second_factor(
        db_session, new.user.id, code_at(new.totp_secret, NOW), secret_key=KEY, now=NOW
    )
    assert replay.status is SignInStatus.SECOND_FACTOR_WRONG
    assert "signin.ok" in actions(db_session)


def test_wrong_codes_lock_the_account(db_session: Session) -> None:
    new = new_user(db_session, Role.SLT)
    statuses = [
        second_factor(db_session, new.user.id, "000000", secret_key=KEY, now=NOW).status
        for _ in range(5)
    ]
    assert statuses == [SignInStatus.SECOND_FACTOR_WRONG] * 4 + [SignInStatus.LOCKED]
    right = code_at(new.totp_secret, NOW)
    assert second_factor(db_session, new.user.id, right, secret_key=KEY, now=NOW).status is (
        SignInStatus.LOCKED
    )


def test_an_unknown_email_is_audited_without_it(db_session: Session) -> None:
    result = authenticate(db_session, "ghost@hill.example.org", PASSWORD, secret_key=KEY, now=NOW)
    assert result.status is SignInStatus.BAD_CREDENTIALS
    event = db_session.scalars(select(db.AuditEvent).order_by(db.AuditEvent.seq.desc())).first()
    assert event is not None and (event.action, event.actor) == ("signin.fail", "anonymous")
    assert "ghost" not in f"{event.object_id} {event.details}"
