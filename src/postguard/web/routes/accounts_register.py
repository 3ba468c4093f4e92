"""The read side of the trust account register: rows, one account, the dashboard flags.

Who sees what (documented in docs/accounts.md): the register is read with
``ACCOUNT_REQUEST`` (staff, Subject Leaders, SLT, the Executive Headteacher), and
shows the accounts of the schools where the person holds it. A row of another
school or trust is "not found". Flags go to the people who act on them: requests
to approvers, approved accounts to the Subject Leaders and SLT, failing profiles
and lapsing approvals to the owner and to the school's approvers and notified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from postguard.auth.permissions import Permission
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.web.auth import Principal
from postguard.web.lists import school_ids, waited
from postguard.web.section import Flag
from postguard.workflows import accounts as flow

READ = Permission.ACCOUNT_REQUEST
"""The permission that opens the register (and, per school, its rows)."""
LABELS = {
    flow.REQUESTED: "waiting for SLT approval",
    flow.APPROVED: "approved: waiting for the Subject Leader",
    flow.LIVE: "live",
    flow.REJECTED: "rejected",
    flow.CLOSED: "closed",
}


@dataclass(frozen=True)
class Row:
    account: db.Account
    school: str
    owner: str
    flags: tuple[str, ...]
    waited: str

    @property
    def state(self) -> str:
        return LABELS.get(self.account.status, self.account.status)

    def to_dict(self) -> dict[str, Any]:
        a = self.account
        return {
            "id": a.id,
            "school": self.school,
            "platform": a.platform,
            "handle": a.handle,
            "url": a.url,
            "display_name": a.display_name,
            "purpose": a.purpose,
            "subject": a.subject,
            "linked_email": a.linked_email,
            "status": a.status,
            "owner": self.owner,
            "approved_until": a.approved_until,
            "profile_ok": a.profile_ok,
            "profile_problems": list(a.profile_problems or []),
            "flags": list(self.flags),
            "created_at": a.created_at,
        }


def row_flags(account: db.Account, today: dt.date, email_ok: bool) -> tuple[str, ...]:
    """What needs attention on one account, in words (with the clause)."""
    flags: list[str] = []
    if account.status == flow.REQUESTED and not email_ok:
        flags.append("linked e-mail not official: needs SLT's override (P5)")
    if account.status in (flow.APPROVED, flow.LIVE):
        until = account.approved_until
        if until is not None and until < today:
            flags.append(f"re-approval overdue since {until:%-d %b %Y} (S2)")
        elif until is not None and (until - today).days <= flow.REAPPROVE_SOON_DAYS:
            flags.append(f"re-approval due {until:%-d %b %Y} (S2)")
        if account.profile_ok is False:
            clauses = ", ".join(p.get("clause", "") for p in account.profile_problems or [])
            flags.append(f"profile check failed ({clauses})")
        elif account.profile_ok is None:
            flags.append("profile not checked yet (S10, S11)")
    return tuple(flags)


def _since(account: db.Account) -> datetime | None:
    if account.status == flow.REQUESTED:
        return account.created_at
    if account.status == flow.APPROVED:
        return account.decided_at
    return None


def register_rows(
    session: Session, ids: list[int], today: dt.date, now: datetime | None = None
) -> list[Row]:
    """Every account of the schools ``ids``, open ones first, newest first."""
    owner = aliased(db.User)
    found = session.execute(
        select(db.Account, db.School.name, owner.display_name, owner.email)
        .join(db.School, db.School.id == db.Account.school_id)
        .outerjoin(owner, owner.id == db.Account.requested_by_id)
        .where(db.Account.school_id.in_(ids))
        .order_by(db.Account.id.desc())
    ).all()
    domains: dict[int, frozenset[str]] = {}
    rows: list[Row] = []
    for account, school, name, email in found:
        if account.trust_id not in domains:
            domains[account.trust_id] = flow.official_domains(session, account.trust_id)
        email_ok = account.email_override_by_id is not None or flow.is_official_email(
            account.linked_email, domains[account.trust_id]
        )
        since = _since(account)
        rows.append(
            Row(
                account=account,
                school=school,
                owner=name or email or "unknown",
                flags=row_flags(account, today, email_ok),
                waited="" if since is None else waited(since, now),
            )
        )
    rows.sort(key=lambda r: r.account.status not in flow.OPEN_STATES)
    return rows


def visible(session: Session, principal: Principal, account_id: int) -> tuple[db.Account, str]:
    """The account and its school's name, if this person may see it; 404 otherwise."""
    account = session.get(db.Account, account_id)
    school = None
    if account is not None and account.school_id is not None:
        school = session.get(db.School, account.school_id)
    if (
        account is None
        or school is None
        or account.trust_id != principal.trust_id
        or not principal.may(READ, school.name)
    ):
        raise HTTPException(404, "There is no such account in the register.")
    return account, school.name


def account_flags(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    """The dashboard's account flags for this person (only their schools, only theirs to act)."""
    names = dict(
        session.execute(
            select(db.School.id, db.School.name).where(db.School.trust_id == principal.trust_id)
        ).all()
    )
    ids = school_ids(session, principal, READ)
    accounts = session.scalars(
        select(db.Account).where(
            db.Account.school_id.in_(ids), db.Account.status.in_(flow.OPEN_STATES)
        )
    ).all()
    counts = {"approve": 0, "acknowledge": 0, "profile": 0, "overdue": 0, "due": 0}
    for a in accounts:
        school = names.get(a.school_id or 0, "")
        own = a.requested_by_id == principal.user_id
        approver = principal.may(Permission.ACCOUNT_APPROVE, school)
        notified = principal.may(Permission.ACCOUNT_NOTIFIED, school)
        if a.status == flow.REQUESTED and approver and not own:
            counts["approve"] += 1
        if a.status == flow.APPROVED and notified and not own:
            counts["acknowledge"] += 1
        if a.status == flow.REQUESTED or not (own or approver or notified):
            continue
        if a.profile_ok is False:
            counts["profile"] += 1
        until = a.approved_until
        if until is not None and until < today:
            counts["overdue"] += 1
        elif until is not None and (until - today).days <= flow.REAPPROVE_SOON_DAYS:
            counts["due"] += 1
    return [
        Flag(
            "accounts-approve",
            "trust account requests wait for your approval",
            counts["approve"],
            "/accounts",
            "S2",
        ),
        Flag(
            "accounts-acknowledge",
            "approved trust accounts wait for the Subject Leader's acknowledgement",
            counts["acknowledge"],
            "/accounts",
            "S3",
        ),
        Flag(
            "accounts-profile",
            "trust accounts fail their profile check (AUP link, direct messages)",
            counts["profile"],
            "/accounts",
            "S10, S11",
            "danger",
        ),
        Flag(
            "accounts-overdue",
            "trust accounts are overdue for their annual re-approval",
            counts["overdue"],
            "/accounts",
            "S2",
            "danger",
        ),
        Flag(
            "accounts-due",
            f"trust accounts are due for re-approval within {flow.REAPPROVE_SOON_DAYS} days",
            counts["due"],
            "/accounts",
            "S2",
            "info",
        ),
    ]
