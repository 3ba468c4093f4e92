"""The roles a user can hold, per school or trust-wide."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    SUBJECT_LEADER = "subject_leader"
    SLT = "slt"
    DSL = "dsl"
    DEPUTY_DSL = "deputy_dsl"
    EXECUTIVE_HEAD = "executive_head"
    IT_ADMIN = "it_admin"
    BOARD = "board"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.STAFF: "Staff",
    Role.SUBJECT_LEADER: "Subject Leader",
    Role.SLT: "Senior Leadership Team",
    Role.DSL: "Designated Safeguarding Lead",
    Role.DEPUTY_DSL: "Deputy DSL",
    Role.EXECUTIVE_HEAD: "Executive Headteacher",
    Role.IT_ADMIN: "IT services",
    Role.BOARD: "Board",
}

# A second factor (TOTP) is required before any of these roles is used.
SECOND_FACTOR_ROLES: frozenset[Role] = frozenset(
    {Role.SLT, Role.DSL, Role.DEPUTY_DSL, Role.EXECUTIVE_HEAD, Role.IT_ADMIN}
)


def parse_role(value: str) -> Role:
    """The role named ``value`` (case-insensitive, ``-`` or ``_``); ValueError lists the roles."""
    key = value.strip().lower().replace("-", "_")
    try:
        return Role(key)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValueError(f"{value!r} is not a role ({known})") from None


def needs_second_factor(roles: frozenset[Role] | set[Role]) -> bool:
    return bool(SECOND_FACTOR_ROLES & set(roles))
