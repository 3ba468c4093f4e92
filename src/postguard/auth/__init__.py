"""Authentication and authorisation helpers, pure (no web, no database).

Roles (:mod:`.roles`), the one permission table (:mod:`.permissions`), argon2
password hashing (:mod:`.passwords`), TOTP (:mod:`.totp`) and lockout counters
(:mod:`.lockout`). The sign-in workflow that uses them lives in
:mod:`postguard.workflows.signin`.
"""

from __future__ import annotations

from postguard.auth.permissions import PERMISSIONS, Grant, Permission, allowed
from postguard.auth.roles import Role, needs_second_factor, parse_role

__all__ = [
    "PERMISSIONS",
    "Grant",
    "Permission",
    "Role",
    "allowed",
    "needs_second_factor",
    "parse_role",
]
