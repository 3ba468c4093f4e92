"""Local sign-in: password, then TOTP where a role needs it, with lockout.

The web layer (sessions, CSRF, OpenID Connect) calls :func:`authenticate` and
commits; the counters and the audit events land in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.lockout import LockoutPolicy, LoginState, after_failure, after_success
from postguard.auth.passwords import verify_password
from postguard.auth.roles import needs_second_factor
from postguard.auth.sealing import SealError, unseal
from postguard.auth.totp import verify_code
from postguard.store.base import utcnow
from postguard.store.models import User
from postguard.workflows.users import UserError, find_user, grants_of


class SignInStatus(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"  # unknown email or wrong password: one answer for both
    LOCKED = "locked"
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    SECOND_FACTOR_WRONG = "second_factor_wrong"
    SECOND_FACTOR_NOT_ENROLLED = "second_factor_not_enrolled"


@dataclass(frozen=True)
class SignIn:
    status: SignInStatus
    user: User | None = None
    locked_until: datetime | None = None


def _fail(session: Session, user: User, now: datetime, policy: LockoutPolicy, why: str) -> SignIn:
    state = after_failure(LoginState(user.failed_logins, user.locked_until), now, policy)
    newly_locked = state.locked_until != user.locked_until and state.is_locked(now)
    user.failed_logins, user.locked_until = state.failed, state.locked_until
    chain = AuditChain(session)
    chain.record(
        actor=f"user:{user.id}",
        action="signin.fail",
        object_type="user",
        object_id=user.id,
        details={"reason": why, "failures": state.failed},
        at=now,
    )
    if newly_locked:
        chain.record(
            actor="system",
            action="user.lock",
            object_type="user",
            object_id=user.id,
            details={"failures": state.failed},
            at=now,
        )
    session.flush()
    if newly_locked:
        return SignIn(SignInStatus.LOCKED, None, state.locked_until)
    return SignIn(
        SignInStatus.SECOND_FACTOR_WRONG if why == "totp" else SignInStatus.BAD_CREDENTIALS
    )


def _unknown(session: Session, now: datetime) -> SignIn:
    """A failure for an unknown or disabled email: audited without the address."""
    AuditChain(session).record(
        actor="anonymous",
        action="signin.fail",
        object_type="user",
        object_id="unknown",
        details={"reason": "unknown"},
        at=now,
    )
    session.flush()
    return SignIn(SignInStatus.BAD_CREDENTIALS)


def _succeed(session: Session, user: User, now: datetime) -> SignIn:
    state = after_success()
    user.failed_logins, user.locked_until = state.failed, state.locked_until
    user.last_login_at = now
    AuditChain(session).record(
        actor=f"user:{user.id}", action="signin.ok", object_type="user", object_id=user.id, at=now
    )
    session.flush()
    return SignIn(SignInStatus.OK, user)


def _check_code(
    session: Session,
    user: User,
    code: str,
    *,
    secret_key: str,
    now: datetime,
    policy: LockoutPolicy,
) -> SignIn:
    try:
        seed = unseal(secret_key, user.totp_secret_sealed or "")
    except SealError:
        return SignIn(SignInStatus.SECOND_FACTOR_NOT_ENROLLED, user)
    step = verify_code(seed, code, last_step=user.totp_last_step, at=now)
    if step is None:
        return _fail(session, user, now, policy, "totp")
    user.totp_last_step = step
    user.totp_confirmed = True
    return _succeed(session, user, now)


def needs_code(session: Session, user: User) -> bool:
    """Whether ``user`` signs in with a TOTP code too (their roles, or they enrolled one)."""
    return needs_second_factor({g.role for g in grants_of(session, user)}) or user.totp_confirmed


def authenticate(
    session: Session,
    email: str,
    password: str,
    totp_code: str | None = None,
    *,
    secret_key: str,
    now: datetime | None = None,
    policy: LockoutPolicy | None = None,
) -> SignIn:
    """Password (and TOTP code where needed) in one call.

    Without a code, a user who needs one gets ``SECOND_FACTOR_REQUIRED`` (the
    password was right): the web app then asks for the code and calls
    :func:`second_factor`, so the password is never kept between the two steps.
    """
    now = now or utcnow()
    policy = policy or LockoutPolicy()
    try:
        user = find_user(session, email)
    except UserError:
        user = None
    password_ok = verify_password(None if user is None else user.password_hash, password)
    if user is None or not user.is_active:
        return _unknown(session, now)
    if LoginState(user.failed_logins, user.locked_until).is_locked(now):
        return SignIn(SignInStatus.LOCKED, None, user.locked_until)
    if not password_ok:
        return _fail(session, user, now, policy, "password")
    if needs_code(session, user):
        try:
            unseal(secret_key, user.totp_secret_sealed or "")
        except SealError:
            return SignIn(SignInStatus.SECOND_FACTOR_NOT_ENROLLED, user)
        if totp_code is None:
            return SignIn(SignInStatus.SECOND_FACTOR_REQUIRED, user)
        return _check_code(session, user, totp_code, secret_key=secret_key, now=now, policy=policy)
    return _succeed(session, user, now)


def second_factor(
    session: Session,
    user_id: int,
    code: str,
    *,
    secret_key: str,
    now: datetime | None = None,
    policy: LockoutPolicy | None = None,
) -> SignIn:
    """The second step: the TOTP code of a user whose password was accepted moments ago.

    Wrong codes count towards the lockout like wrong passwords; a code is never
    accepted twice.
    """
    now = now or utcnow()
    policy = policy or LockoutPolicy()
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return SignIn(SignInStatus.BAD_CREDENTIALS)
    if LoginState(user.failed_logins, user.locked_until).is_locked(now):
        return SignIn(SignInStatus.LOCKED, None, user.locked_until)
    return _check_code(session, user, code, secret_key=secret_key, now=now, policy=policy)


def single_sign_on(
    session: Session,
    email: str,
    *,
    provider: str,
    now: datetime | None = None,
) -> SignIn:
    """Sign-in vouched for by an identity provider (OpenID Connect): no password here.

    The address must belong to an existing, active user (unknown ones are refused
    and audited without the address); a locked account stays locked; roles that
    need a second factor still give their TOTP code (``SECOND_FACTOR_REQUIRED``).
    """
    now = now or utcnow()
    try:
        user = find_user(session, email)
    except UserError:
        user = None
    if user is None or not user.is_active:
        return _unknown(session, now)
    if LoginState(user.failed_logins, user.locked_until).is_locked(now):
        return SignIn(SignInStatus.LOCKED, None, user.locked_until)
    if needs_code(session, user):
        return SignIn(SignInStatus.SECOND_FACTOR_REQUIRED, user)
    result = _succeed(session, user, now)
    AuditChain(session).record(
        actor=f"user:{user.id}",
        action="signin.sso",
        object_type="user",
        object_id=user.id,
        details={"provider": provider},
        at=now,
    )
    session.flush()
    return result
