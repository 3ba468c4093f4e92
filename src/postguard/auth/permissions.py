"""THE permission table: every route and action asks :func:`allowed`, nothing else decides.

A permission names something a person does (DESIGN.md, "Who uses it"). Roles are
held per school or trust-wide: a trust-wide grant counts at every school.
Safeguarding concerns are visible to the DSL and deputies only (clauses P2, P3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from postguard.auth.roles import Role

R = Role
ALL_ROLES: frozenset[Role] = frozenset(Role)
STAFF_ROLES: frozenset[Role] = ALL_ROLES - {R.BOARD}
SAFEGUARDING_ROLES: frozenset[Role] = frozenset({R.DSL, R.DEPUTY_DSL})


class Permission(StrEnum):
    DASHBOARD_VIEW = "dashboard.view"
    POLICY_VIEW = "policy.view"
    POLICY_ACKNOWLEDGE = "policy.acknowledge"
    POST_CHECK = "post.check"
    POST_REVIEW = "post.review"
    ACCOUNT_REQUEST = "account.request"
    ACCOUNT_APPROVE = "account.approve"
    ACCOUNT_CONNECT = "account.connect"
    ACCOUNT_NOTIFIED = "account.notified"
    COMMENT_MODERATE = "comment.moderate"
    COMMENT_REPORTS_VIEW = "comment.reports.view"
    CONCERN_REPORT = "concern.report"
    CONCERN_VIEW = "concern.view"
    CONCERN_ACT = "concern.act"
    EXCEPTION_REQUEST = "exception.request"
    EXCEPTION_APPROVE = "exception.approve"
    ROSTER_IMPORT = "roster.import"
    ROSTER_VIEW = "roster.view"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    COMPLIANCE_REPORT_VIEW = "report.compliance.view"


PERMISSIONS: Mapping[Permission, frozenset[Role]] = {
    Permission.DASHBOARD_VIEW: ALL_ROLES,
    Permission.POLICY_VIEW: ALL_ROLES,
    Permission.POLICY_ACKNOWLEDGE: STAFF_ROLES,  # P1
    Permission.POST_CHECK: STAFF_ROLES - {R.IT_ADMIN},  # S4-S8
    Permission.POST_REVIEW: frozenset({R.SLT, R.EXECUTIVE_HEAD}),  # S2
    Permission.ACCOUNT_REQUEST: frozenset({R.STAFF, R.SUBJECT_LEADER, R.SLT, R.EXECUTIVE_HEAD}),
    Permission.ACCOUNT_APPROVE: frozenset({R.SLT, R.EXECUTIVE_HEAD}),  # S1 (never their own)
    Permission.ACCOUNT_CONNECT: frozenset({R.IT_ADMIN}),  # S11
    Permission.ACCOUNT_NOTIFIED: frozenset({R.SUBJECT_LEADER, R.SLT}),  # S3
    Permission.COMMENT_MODERATE: frozenset({R.SLT, R.EXECUTIVE_HEAD}),  # S9
    Permission.COMMENT_REPORTS_VIEW: frozenset({R.SLT, R.EXECUTIVE_HEAD}),  # S9
    Permission.CONCERN_REPORT: STAFF_ROLES,  # P2, P3: anyone may raise a concern
    Permission.CONCERN_VIEW: SAFEGUARDING_ROLES,  # DSL-only
    Permission.CONCERN_ACT: SAFEGUARDING_ROLES,  # DSL-only
    Permission.EXCEPTION_REQUEST: STAFF_ROLES - {R.IT_ADMIN},
    Permission.EXCEPTION_APPROVE: frozenset({R.EXECUTIVE_HEAD}),  # P6
    Permission.ROSTER_IMPORT: frozenset({R.IT_ADMIN}),
    Permission.ROSTER_VIEW: frozenset({R.IT_ADMIN, R.SLT, R.DSL, R.DEPUTY_DSL, R.EXECUTIVE_HEAD}),
    Permission.USERS_MANAGE: frozenset({R.IT_ADMIN}),
    Permission.AUDIT_VIEW: frozenset({R.IT_ADMIN, R.EXECUTIVE_HEAD}),
    Permission.COMPLIANCE_REPORT_VIEW: frozenset({R.BOARD, R.EXECUTIVE_HEAD, R.SLT}),
}


@dataclass(frozen=True, slots=True)
class Grant:
    """A role held at one school (by name), or trust-wide when ``school`` is None."""

    role: Role
    school: str | None = None

    def covers(self, school: str | None) -> bool:
        return self.school is None or self.school == school


def roles_for(permission: Permission) -> frozenset[Role]:
    return PERMISSIONS[permission]


def allowed(grants: Iterable[Grant], permission: Permission, school: str | None = None) -> bool:
    """May someone holding ``grants`` do ``permission`` (at ``school``, or anywhere if None)?

    With ``school`` None the question is "at any school" (e.g. may see the page at
    all); with a school, only grants at that school or trust-wide count.
    """
    roles = PERMISSIONS[permission]
    return any(g.role in roles and (school is None or g.covers(school)) for g in grants)


def permissions_of(grants: Iterable[Grant]) -> frozenset[Permission]:
    held = {g.role for g in grants}
    return frozenset(p for p, roles in PERMISSIONS.items() if roles & held)
