"""Users and their roles: created with an argon2 password hash and a TOTP secret."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.passwords import generate_password, hash_password
from postguard.auth.permissions import Grant
from postguard.auth.roles import Role
from postguard.auth.sealing import seal
from postguard.auth.totp import new_secret
from postguard.store.models import RoleGrant, School, Trust, User
from postguard.workflows.trusts import find_school


class UserError(ValueError):
    """A user could not be created or changed; the message says why (no secrets in it)."""


@dataclass(frozen=True)
class NewUser:
    """A created user, with the secrets to hand over ONCE (they are not stored in clear)."""

    user: User
    password: str
    totp_secret: str


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        raise UserError("not an email address")
    return email


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def _school(session: Session, trust: Trust, name: str | None) -> School | None:
    if name is None:
        return None
    school = find_school(session, trust, name)
    if school is None:
        raise UserError(f"no school named {name!r} in this trust")
    return school


def create_user(
    session: Session,
    trust: Trust,
    email: str,
    *,
    actor: str,
    secret_key: str,
    display_name: str = "",
    password: str | None = None,
    grants: tuple[tuple[Role, str | None], ...] = (),
) -> NewUser:
    """Create a user (password generated if not given) and grant ``grants`` (role, school name).

    The TOTP seed is stored sealed under ``secret_key``; it is returned once, in clear.
    """
    address = normalise_email(email)
    if find_user(session, address) is not None:
        raise UserError("a user with this email already exists")
    secret = password or generate_password()
    totp_secret = new_secret()
    user = User(
        trust_id=trust.id,
        email=address,
        display_name=display_name.strip(),
        password_hash=hash_password(secret),
        totp_secret_sealed=seal(secret_key, totp_secret),
        totp_confirmed=False,
        failed_logins=0,
        is_active=True,
    )
    session.add(user)
    session.flush()
    chain = AuditChain(session)
    chain.record(actor=actor, action="user.create", object_type="user", object_id=user.id)
    for role, school in grants:
        grant_role(session, user, role, school, actor=actor, chain=chain)
    session.flush()
    return NewUser(user, secret, totp_secret)


def grant_role(
    session: Session,
    user: User,
    role: Role,
    school: str | None,
    *,
    actor: str,
    chain: AuditChain | None = None,
) -> RoleGrant:
    """Grant ``role`` at ``school`` (a school name, or None for trust-wide); idempotent."""
    trust = session.get(Trust, user.trust_id)
    assert trust is not None
    sch = _school(session, trust, school)
    school_id = None if sch is None else sch.id
    existing = session.scalars(
        select(RoleGrant).where(
            RoleGrant.user_id == user.id,
            RoleGrant.role == role.value,
            RoleGrant.school_id.is_(None)
            if school_id is None
            else RoleGrant.school_id == school_id,
        )
    ).first()
    if existing is not None:
        return existing
    grant = RoleGrant(user_id=user.id, role=role.value, school_id=school_id, granted_by=actor)
    session.add(grant)
    session.flush()
    (chain or AuditChain(session)).record(
        actor=actor,
        action="role.grant",
        object_type="user",
        object_id=user.id,
        school=school,
        after_ref=f"role_grant:{grant.id}",
        details={"role": role.value},
    )
    session.flush()
    return grant


def revoke_role(
    session: Session, user: User, role: Role, school: str | None, *, actor: str
) -> bool:
    """Revoke a grant; True if there was one. The grant row is deleted, the audit keeps it."""
    for grant in session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id)):
        sch = None if grant.school_id is None else session.get(School, grant.school_id)
        if grant.role == role.value and (None if sch is None else sch.name) == school:
            AuditChain(session).record(
                actor=actor,
                action="role.revoke",
                object_type="user",
                object_id=user.id,
                school=school,
                before_ref=f"role_grant:{grant.id}",
                details={"role": role.value},
            )
            session.delete(grant)
            session.flush()
            return True
    return False


def grants_of(session: Session, user: User) -> tuple[Grant, ...]:
    """The user's roles, as the permission table reads them."""
    rows = session.execute(
        select(RoleGrant.role, School.name)
        .outerjoin(School, School.id == RoleGrant.school_id)
        .where(RoleGrant.user_id == user.id)
        .order_by(RoleGrant.id)
    ).all()
    return tuple(Grant(Role(role), school) for role, school in rows)


def set_password(session: Session, user: User, password: str, *, actor: str) -> None:
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    AuditChain(session).record(
        actor=actor, action="user.password.set", object_type="user", object_id=user.id
    )
    session.flush()
