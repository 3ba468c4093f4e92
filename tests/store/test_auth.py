"""Pure auth helpers: the permission table, roles, argon2, TOTP and lockout arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from postguard.auth.lockout import LockoutPolicy, LoginState, after_failure
from postguard.auth.passwords import (
    WeakPasswordError,
    generate_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from postguard.auth.permissions import PERMISSIONS, Grant, Permission, allowed, permissions_of
from postguard.auth.roles import Role, needs_second_factor, parse_role
from postguard.auth.sealing import SealError, seal, unseal
from postguard.auth.totp import code_at, new_secret, provisioning_uri, verify_code

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_every_permission_is_in_the_table_and_held_by_someone() -> None:
    assert set(PERMISSIONS) == set(Permission)
    assert all(PERMISSIONS[p] for p in Permission)


def test_safeguarding_pages_are_for_the_dsl_and_deputies_only() -> None:
    for permission in (Permission.CONCERN_VIEW, Permission.CONCERN_ACT):
        assert PERMISSIONS[permission] == {Role.DSL, Role.DEPUTY_DSL}
    dsl_only = {p for p, roles in PERMISSIONS.items() if roles <= {Role.DSL, Role.DEPUTY_DSL}}
    assert dsl_only == {Permission.CONCERN_VIEW, Permission.CONCERN_ACT}


@pytest.mark.parametrize(
    "grants, permission, school, expected",
    [
        ((Grant(Role.STAFF, "A"),), Permission.POST_CHECK, "A", True),
        ((Grant(Role.STAFF, "A"),), Permission.POST_CHECK, "B", False),
        ((Grant(Role.STAFF, "A"),), Permission.CONCERN_VIEW, "A", False),
        ((Grant(Role.STAFF, "A"),), Permission.CONCERN_REPORT, "A", True),
        ((Grant(Role.DSL, "A"),), Permission.CONCERN_VIEW, "A", True),
        ((Grant(Role.DSL, "A"),), Permission.CONCERN_VIEW, "B", False),
        ((Grant(Role.DSL, None),), Permission.CONCERN_VIEW, "B", True),
        ((Grant(Role.SLT, "A"), Grant(Role.STAFF, "B")), Permission.ACCOUNT_APPROVE, "B", False),
        ((Grant(Role.SLT, "A"),), Permission.ACCOUNT_APPROVE, None, True),
        ((Grant(Role.BOARD, None),), Permission.POST_CHECK, None, False),
        ((Grant(Role.BOARD, None),), Permission.COMPLIANCE_REPORT_VIEW, None, True),
        ((Grant(Role.EXECUTIVE_HEAD, None),), Permission.EXCEPTION_APPROVE, "A", True),
        ((Grant(Role.SLT, None),), Permission.EXCEPTION_APPROVE, "A", False),
        ((Grant(Role.IT_ADMIN, None),), Permission.ROSTER_IMPORT, None, True),
        ((Grant(Role.IT_ADMIN, None),), Permission.CONCERN_VIEW, None, False),
        ((), Permission.DASHBOARD_VIEW, None, False),
    ],
)
def test_allowed(
    grants: tuple[Grant, ...], permission: Permission, school: str | None, expected: bool
) -> None:
    assert allowed(grants, permission, school) is expected


def test_permissions_of_a_staff_member() -> None:
    held = permissions_of([Grant(Role.STAFF, "A")])
    assert Permission.POST_CHECK in held and Permission.CONCERN_VIEW not in held


@pytest.mark.parametrize(
    "text, role",
    [("dsl", Role.DSL), ("Deputy-DSL", Role.DEPUTY_DSL), (" it_admin ", Role.IT_ADMIN)],
)
def test_parse_role(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_parse_role_lists_the_roles_when_unknown() -> None:
    with pytest.raises(ValueError, match="not a role .*subject_leader"):
        parse_role("headmaster")


@pytest.mark.parametrize(
    "roles, expected",
    [
        ({Role.STAFF}, False),
        ({Role.BOARD, Role.STAFF}, False),
        ({Role.STAFF, Role.DSL}, True),
        ({Role.SLT}, True),
        ({Role.IT_ADMIN}, True),
        ({Role.DEPUTY_DSL}, True),
    ],
)
def test_second_factor_roles(roles: set[Role], expected: bool) -> None:
    assert needs_second_factor(roles) is expected


def test_argon2_round_trip() -> None:
    password = generate_password()
    digest = hash_password(password)
    assert digest.startswith("$argon2id$") and not needs_rehash(digest)
    assert verify_password(digest, password)
    assert not verify_password(digest, password + "x")
    assert not verify_password(None, password)
    assert not verify_password("not a hash", password)


@pytest.mark.parametrize("password", ["short", "aaaaaaaaaaaaaaa", " padded password "])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPasswordError):
        hash_password(password)


def test_totp_accepts_drift_and_refuses_replay() -> None:
    secret = new_secret()
    code = code_at(secret, NOW)
    step = verify_code(secret, code, at=NOW)
    assert step is not None
    assert verify_code(secret, code, at=NOW + timedelta(seconds=30)) == step  # one step late
    assert verify_code(secret, code, at=NOW + timedelta(seconds=90)) is None  # too late
    assert verify_code(secret, code, last_step=step, at=NOW) is None  # replay
    assert verify_code(secret, "12345", at=NOW) is None
    assert verify_code(secret, "abcdef", at=NOW) is None
    uri = provisioning_uri(secret, "dsl@example.org")
    assert (
        uri.startswith("otpauth://totp/PostGuard:dsl%40example.org?secret=")
        and "issuer=PostGuard" in uri
    )


def test_lockout_locks_every_fifth_failure_for_longer() -> None:
    policy = LockoutPolicy(max_failures=5, lock_for=timedelta(minutes=15))
    state = LoginState()
    locks = []
    for _ in range(10):
        state = after_failure(state, NOW, policy)
        locks.append(None if state.locked_until is None else state.locked_until - NOW)
    assert locks[:4] == [None] * 4
    assert locks[4] == timedelta(minutes=15) and locks[9] == timedelta(minutes=30)
    assert state.is_locked(NOW + timedelta(minutes=29))
    assert not state.is_locked(NOW + timedelta(minutes=30))


def test_sealed_secrets_open_only_with_their_key() -> None:
    token = seal("key one " * 5, "JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in token
    assert unseal("key one " * 5, token) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SealError, match="secret key changed"):
        unseal("key two " * 5, token)
    with pytest.raises(SealError):
        unseal("key one " * 5, token[:-4] + "AAAA")
