"""Users: argon2 hashes, TOTP secrets, role grants, sign-in with lockout, all audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.permissions import Grant
from postguard.auth.roles import Role
from postguard.auth.sealing import unseal
from postguard.auth.totp import code_at
from postguard.store import models as db
from postguard.workflows.signin import SignIn, SignInStatus, authenticate
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import (
    NewUser,
    UserError,
    create_user,
    grant_role,
    grants_of,
    revoke_role,
)

ACTOR = "cli:admin"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
KEY = "test-secret-key-" + "x" * 24


@pytest.fixture
def trust(db_session: Session) -> db.Trust:
    t = ensure_trust(db_session, "User Trust", actor=ACTOR)
    ensure_school(db_session, t, "Hill Primary", actor=ACTOR)
    return t


def sign_in(
    session: Session, email: str, password: str, code: str | None = None, *, now: datetime
) -> SignIn:
    return authenticate(session, email, password, code, secret_key=KEY, now=now)


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(db.AuditEvent.action).order_by(db.AuditEvent.seq)))


def test_create_user_hashes_the_password_and_grants_roles(
    db_session: Session, trust: db.Trust
) -> None:
    new = create_user(
        db_session,
        trust,
        " Teacher@Example.org ",
        actor=ACTOR,
        secret_key=KEY,
        grants=((Role.STAFF, "Hill Primary"), (Role.BOARD, None)),
    )
    user = new.user
    assert user.email == "teacher@example.org"
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert new.password not in user.password_hash and len(new.password) >= 20
    assert len(new.totp_secret) == 32 and not user.totp_confirmed
    assert user.totp_secret_sealed is not None and new.totp_secret not in user.totp_secret_sealed
    assert unseal(KEY, user.totp_secret_sealed) == new.totp_secret
    assert grants_of(db_session, user) == (
        Grant(Role.STAFF, "Hill Primary"),
        Grant(Role.BOARD, None),
    )
    assert _actions(db_session)[-3:] == ["user.create", "role.grant", "role.grant"]
    assert audit.verify(db_session).ok


@pytest.mark.parametrize(
    "email, kwargs, message",
    [
        ("not-an-email", {}, "not an email address"),
        ("a@b.org", {"grants": ((Role.DSL, "No Such School"),)}, "no school named"),
        ("a@b.org", {"password": "short"}, "at least 12 characters"),
    ],
)
def test_create_user_refuses_bad_input(
    db_session: Session, trust: db.Trust, email: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        create_user(db_session, trust, email, actor=ACTOR, secret_key=KEY, **kwargs)  # type: ignore[arg-type]


def test_duplicate_email_is_refused(db_session: Session, trust: db.Trust) -> None:
    create_user(db_session, trust, "dup@example.org", actor=ACTOR, secret_key=KEY)
    with pytest.raises(UserError, match="already exists"):
        create_user(db_session, trust, "DUP@example.org", actor=ACTOR, secret_key=KEY)


def test_grant_is_idempotent_and_revoke_is_audited(db_session: Session, trust: db.Trust) -> None:
    user = create_user(db_session, trust, "slt@example.org", actor=ACTOR, secret_key=KEY).user
    first = grant_role(db_session, user, Role.SLT, "Hill Primary", actor=ACTOR)
    again = grant_role(db_session, user, Role.SLT, "Hill Primary", actor=ACTOR)
    assert first.id == again.id
    assert revoke_role(db_session, user, Role.SLT, "Hill Primary", actor=ACTOR)
    assert not revoke_role(db_session, user, Role.SLT, "Hill Primary", actor=ACTOR)
    assert grants_of(db_session, user) == ()
    assert _actions(db_session)[-2:] == ["role.grant", "role.revoke"]


def _new(session: Session, trust: db.Trust, role: Role) -> NewUser:
    return create_user(
        session,
        trust,
        f"{role.value}@example.org",
        actor=ACTOR,
        secret_key=KEY,
        password=PASSWORD,
        grants=((role, None),),
    )


def _user(session: Session, trust: db.Trust, role: Role) -> db.User:
    return _new(session, trust, role).user


def test_staff_sign_in_with_password_only(db_session: Session, trust: db.Trust) -> None:
    user = _user(db_session, trust, Role.STAFF)
    result = sign_in(db_session, "STAFF@example.org", PASSWORD, now=NOW)
    assert (result.status, result.user) == (SignInStatus.OK, user)
    assert user.last_login_at == NOW
    assert _actions(db_session)[-1] == "signin.ok"


@pytest.mark.parametrize(
    "email, password, status",
    [
        ("staff@example.org", "wrong password here", SignInStatus.BAD_CREDENTIALS),
        ("nobody@example.org", PASSWORD, SignInStatus.BAD_CREDENTIALS),
        ("not an email", PASSWORD, SignInStatus.BAD_CREDENTIALS),
    ],
)
def test_bad_credentials_get_one_answer(
    db_session: Session, trust: db.Trust, email: str, password: str, status: SignInStatus
) -> None:
    _user(db_session, trust, Role.STAFF)
    assert sign_in(db_session, email, password, now=NOW).status is status


def test_dsl_needs_a_totp_code_and_a_code_is_never_reused(
    db_session: Session, trust: db.Trust
) -> None:
    new = _new(db_session, trust, Role.DSL)
    user = new.user
    assert sign_in(db_session, "dsl@example.org", PASSWORD, now=NOW).status is (
        SignInStatus.SECOND_FACTOR_REQUIRED
    )
    code = code_at(new.totp_secret, NOW)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert sign_in(db_session, "dsl@example.org", PASSWORD, wrong, now=NOW).status is (
        SignInStatus.SECOND_FACTOR_WRONG
    )
    assert sign_in(db_session, "dsl@example.org", PASSWORD, code, now=NOW).status is SignInStatus.OK
    assert user.totp_confirmed and user.failed_logins == 0
    replay = sign_in(db_session, "dsl@example.org", PASSWORD, code, now=NOW + timedelta(seconds=5))
    assert replay.status is SignInStatus.SECOND_FACTOR_WRONG


def test_lockout_after_five_failures_even_with_the_right_password(
    db_session: Session, trust: db.Trust
) -> None:
    user = _user(db_session, trust, Role.STAFF)
    statuses = [
        sign_in(
            db_session, "staff@example.org", "wrong password!", now=NOW + timedelta(seconds=i)
        ).status
        for i in range(5)
    ]
    assert statuses == [SignInStatus.BAD_CREDENTIALS] * 4 + [SignInStatus.LOCKED]
    assert sign_in(
        db_session, "staff@example.org", PASSWORD, now=NOW + timedelta(minutes=1)
    ).status is (SignInStatus.LOCKED)
    later = sign_in(db_session, "staff@example.org", PASSWORD, now=NOW + timedelta(minutes=16))
    assert later.status is SignInStatus.OK and user.failed_logins == 0
    assert _actions(db_session).count("user.lock") == 1
    assert audit.verify(db_session).ok


def test_a_changed_secret_key_means_enrolling_again(db_session: Session, trust: db.Trust) -> None:
    new = _new(db_session, trust, Role.SLT)
    code = code_at(new.totp_secret, NOW)
    result = authenticate(
        db_session, "slt@example.org", PASSWORD, code, secret_key="another key " * 4, now=NOW
    )
    assert result.status is SignInStatus.SECOND_FACTOR_NOT_ENROLLED
