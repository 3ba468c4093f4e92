"""Dashboard flags for governance: acknowledgements (P1, P4, P9), exceptions (P6), review (M1).

Each flag source receives the session, the person, today and the policy the app loaded.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission, allowed
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.web.auth import Principal
from postguard.web.lists import school_ids
from postguard.web.section import Flag, FlagSource
from postguard.workflows import exceptions as ex
from postguard.workflows.acknowledgements import (
    ACK_CLAUSES,
    TRUST_WIDE,
    acknowledged_user_ids,
    who_has_not,
)


def _own_acknowledgement(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    if not principal.may(Permission.POLICY_ACKNOWLEDGE):
        return []
    if acknowledged_user_ids(session, policy, [principal.user_id]):
        return []
    return [
        Flag(
            "acknowledge",
            f"policy version to acknowledge: you have not acknowledged version {policy.version}",
            1,
            "/acknowledge",
            ACK_CLAUSES,
            "danger",
        )
    ]


def _unacknowledged(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    permission = Permission.COMPLIANCE_REPORT_VIEW
    if not principal.may(permission):
        return []
    trust = session.get(db.Trust, principal.trust_id)
    if trust is None:
        return []
    wide = any(g.school is None and allowed((g,), permission) for g in principal.grants)
    groups = who_has_not(
        session, trust, policy, school_ids(session, principal, permission), trust_wide=wide
    )
    flags = []
    for g in groups:
        where = "with trust-wide roles" if g.school == TRUST_WIDE else f"at {g.school}"
        flags.append(
            Flag(
                f"unacknowledged-{g.school_id or 'trust'}",
                f"staff {where} have not acknowledged policy version {policy.version}",
                len(g.missing),
                f"/acknowledgements#school-{g.school_id or 'trust'}",
                ACK_CLAUSES,
                "warning",
            )
        )
    return flags


def _exceptions(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    if not principal.may(Permission.EXCEPTION_REQUEST):
        return []
    flags: list[Flag] = []
    deciding = school_ids(session, principal, Permission.EXCEPTION_APPROVE)
    if deciding:
        n = len(ex.waiting(session, deciding, today, not_by=principal.user_id))
        flags.append(
            Flag(
                "exceptions-waiting",
                "exception requests waiting for your decision",
                n,
                "/exceptions#waiting",
                ex.CLAUSE,
                "warning",
            )
        )
    overseen = set(deciding) | set(
        school_ids(session, principal, Permission.COMPLIANCE_REPORT_VIEW)
    )
    if overseen:
        active = [e for e in ex.in_force(session, sorted(overseen), today) if e.starts_on <= today]
        ending = ex.expiring(session, sorted(overseen), today)
        flags.append(
            Flag(
                "exceptions-active",
                "exceptions in force at your schools",
                len(active),
                "/exceptions#in-force",
                ex.CLAUSE,
                "info",
            )
        )
        flags.append(
            Flag(
                "exceptions-expiring",
                f"exceptions ending within {ex.EXPIRING_DAYS} days",
                len(ending),
                "/exceptions#in-force",
                ex.CLAUSE,
                "warning",
            )
        )
    mine = session.scalars(
        select(db.PolicyException).where(
            db.PolicyException.requested_by_id == principal.user_id,
            db.PolicyException.status == "approved",
            db.PolicyException.starts_on <= today,
            db.PolicyException.expires_on >= today,
            db.PolicyException.expires_on <= today + dt.timedelta(days=ex.EXPIRING_DAYS),
        )
    ).all()
    flags.append(
        Flag(
            "exceptions-mine-expiring",
            f"of your exceptions end within {ex.EXPIRING_DAYS} days",
            len(mine),
            "/exceptions#mine",
            ex.CLAUSE,
            "info",
        )
    )
    return flags


def _review(session: Session, principal: Principal, today: dt.date, policy: Policy) -> list[Flag]:
    if not principal.may(Permission.COMPLIANCE_REPORT_VIEW):
        return []
    status = policy.review_status(today)
    if not status.overdue:
        return []
    return [
        Flag(
            "policy-review",
            f"policy review overdue since {status.due:%-d %B %Y} (the Board reviews it)",
            1,
            "/policy",
            "M1",
            "danger",
        )
    ]


FLAGS: tuple[FlagSource, ...] = (_own_acknowledgement, _unacknowledged, _exceptions, _review)
