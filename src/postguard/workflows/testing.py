"""Helpers for tests of the workflows (``tests/workflows``): people written directly."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.workflows.trusts import find_school


def user_with_roles(
    session: Session,
    trust: db.Trust,
    email: str,
    *grants: tuple[Role, str | None],
    granted_by: str = "test",
) -> db.User:
    """An active user of ``trust`` holding each (role, school name or None for trust-wide).

    Written directly, with no password and no audit event: for tests that never sign in.
    """
    user = db.User(trust_id=trust.id, email=email, is_active=True)
    session.add(user)
    session.flush()
    for role, where in grants:
        school = None if where is None else find_school(session, trust, where)
        session.add(
            db.RoleGrant(
                user_id=user.id,
                role=role.value,
                school_id=None if school is None else school.id,
                granted_by=granted_by,
            )
        )
    session.flush()
    return user
