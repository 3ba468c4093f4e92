"""Trust-sanctioned social media accounts (clauses S1, S2, S3, S10, S11, P5).

A member of staff requests an account (S1: a dedicated educational account,
linked to an official trust e-mail, P5); SLT approve or reject it, never their
own request (S2); the school's Subject Leaders and SLT are notified of its URL and
identity, and one of them acknowledges it before it is live for pupils (S3). A
profile check records whether the bio links to the IT Acceptable Use Policy (S11)
and whether direct messages are off or monitored (S10). Approval lasts a year:
SLT re-approve it (S2). Every action writes exactly one audit event, naming the
account by row id, citing its clause.

A request (its fields, the trust's official domains) is
:mod:`postguard.workflows.account_requests`. An account linked to an address
outside those domains is refused, unless the requester asks for SLT's override;
it then cannot be approved until a member of SLT (not the requester) records the
override with a reason (P5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, object_session

from postguard.accounts_profile import DirectMessages, check_profile
from postguard.audit import AuditChain, Scalar
from postguard.auth.permissions import Permission, allowed
from postguard.auth.roles import Role
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.store.locking import reread_locked
from postguard.workflows.account_requests import LIMITS as LIMITS
from postguard.workflows.account_requests import PROFILE_URLS as PROFILE_URLS
from postguard.workflows.account_requests import AccountRequest as AccountRequest
from postguard.workflows.account_requests import clean_request
from postguard.workflows.account_requests import email_domain as email_domain
from postguard.workflows.account_requests import is_official_email as is_official_email
from postguard.workflows.account_requests import official_domains as official_domains
from postguard.workflows.account_requests import request_errors as request_errors
from postguard.workflows.notifications import holders, notify
from postguard.workflows.users import grants_of

REQUESTED, APPROVED, LIVE, REJECTED, CLOSED = "requested", "approved", "live", "rejected", "closed"
STATES = (REQUESTED, APPROVED, LIVE, REJECTED, CLOSED)
OPEN_STATES = (REQUESTED, APPROVED, LIVE)
REAPPROVE_SOON_DAYS = 30
"""Re-approval is flagged this many days before it is due."""
APPROVERS = (Role.SLT, Role.EXECUTIVE_HEAD)
NOTIFIED = (Role.SUBJECT_LEADER, Role.SLT)
MAX_PROFILE_CHARS = 5000
MAX_REASON_CHARS = 2000


class AccountError(ValueError):
    """The action was refused for bad input or the account's state; a message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class AccountForbidden(PermissionError):
    """The person may not do this to this account (wrong role here, or their own request)."""


@dataclass
class Done:
    """An account after an action, and the notifications to deliver once committed."""

    account: db.Account
    notes: list[db.Notification] = field(default_factory=list)


def email_cleared(session: Session, account: db.Account) -> bool:
    """The linked e-mail is official, or SLT overrode it (P5)."""
    if account.email_override_by_id is not None:
        return True
    return is_official_email(account.linked_email, official_domains(session, account.trust_id))


# -- who may ----------------------------------------------------------------------------


def _school(session: Session, account: db.Account) -> db.School:
    school = None if account.school_id is None else session.get(db.School, account.school_id)
    if school is None:
        raise AccountError({"school": "This account belongs to no school."})
    return school


def may(session: Session, user: db.User, permission: Permission, school: db.School) -> bool:
    return user.trust_id == school.trust_id and allowed(
        grants_of(session, user), permission, school.name
    )


def _require(session: Session, user: db.User, permission: Permission, school: db.School) -> None:
    if not may(session, user, permission, school):
        raise AccountForbidden(f"Your role does not let you do this at {school.name}.")


def _not_own(account: db.Account, user: db.User, what: str) -> None:
    if account.requested_by_id == user.id:
        raise AccountForbidden(f"You requested this account: someone else must {what} it.")


def _state(account: db.Account, *states: str, what: str) -> None:
    """Refuse unless the account is in one of ``states``, as it is now in the database: the
    row is read again and locked (FOR UPDATE on PostgreSQL), so two people acting at once
    see each other's decision, not the page they loaded."""
    session = object_session(account)
    if session is not None:
        reread_locked(session, account)
    if account.status not in states:
        raise AccountError({"status": f"This account is {account.status}: it cannot be {what}."})


def _reason(reason: str, name: str = "reason") -> str:
    text = reason.strip()
    if not text:
        raise AccountError({name: "Give a reason."})
    if len(text) > MAX_REASON_CHARS:
        raise AccountError({name: f"Keep the reason under {MAX_REASON_CHARS} characters."})
    return text


def a_year_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _identity(account: db.Account, school: db.School) -> str:
    name = f" ({account.display_name})" if account.display_name else ""
    return f"{account.platform} account {account.handle}{name} of {school.name}, at {account.url}"


def _audit(
    session: Session,
    account: db.Account,
    user: db.User,
    school: db.School,
    verb: str,
    details: Mapping[str, Scalar],
) -> None:
    """Flush the change and write its one audit event: ``account.<verb>`` by ``user``."""
    session.flush()
    AuditChain(session).record(
        actor=f"user:{user.id}",
        action=f"account.{verb}",
        object_type="account",
        object_id=account.id,
        school=school.name,
        details=details,
    )


# -- the actions ------------------------------------------------------------------------


def request_account(
    session: Session, asked: AccountRequest, *, requester: db.User, school: db.School
) -> Done:
    """Record a request (S1) and tell the school's approvers; AccountError lists bad fields."""
    _require(session, requester, Permission.ACCOUNT_REQUEST, school)
    values, errors = clean_request(session, school.trust_id, asked)
    if errors:
        raise AccountError(errors)
    account = db.Account(
        trust_id=school.trust_id,
        school_id=school.id,
        status=REQUESTED,
        requested_by_id=requester.id,
        profile_problems=[],
        **values,
    )
    session.add(account)
    session.flush()
    official = is_official_email(account.linked_email, official_domains(session, school.trust_id))
    _audit(
        session,
        account,
        requester,
        school,
        "request",
        {"clause": "S1", "platform": account.platform, "official_email": official},
    )
    approvers = [u for u in holders(session, school.trust_id, APPROVERS, school.id)]
    notes = notify(
        session,
        [u for u in approvers if u.id != requester.id],
        kind="account.requested",
        subject=f"A trust account waits for approval at {school.name}",
        body=f"A member of staff asks to set up the {_identity(account, school)}. "
        "SLT approve or reject it in PostGuard (policy clause S2)."
        + ("" if official else " Its linked e-mail is not an official trust address (P5)."),
        link=f"/accounts/{account.id}",
    )
    return Done(account, notes)


def override_email(session: Session, account: db.Account, *, user: db.User, reason: str) -> Done:
    """SLT accept a linked e-mail outside the trust's domains, with a reason (S1, P5)."""
    school = _school(session, account)
    _require(session, user, Permission.ACCOUNT_APPROVE, school)
    _not_own(account, user, "override its e-mail for")
    _state(account, REQUESTED, what="changed")
    if is_official_email(account.linked_email, official_domains(session, account.trust_id)):
        raise AccountError({"reason": "The linked e-mail is an official trust address already."})
    account.email_override_reason = _reason(reason)
    account.email_override_by_id = user.id
    _audit(session, account, user, school, "override_email", {"clause": "P5"})
    return Done(account)


def approve(
    session: Session, account: db.Account, *, user: db.User, today: dt.date, note: str = ""
) -> Done:
    """SLT approve a request for a year (S2); the Subject Leaders and SLT are told (S3)."""
    school = _school(session, account)
    _require(session, user, Permission.ACCOUNT_APPROVE, school)
    _not_own(account, user, "approve")
    _state(account, REQUESTED, what="approved")
    if not email_cleared(session, account):
        raise AccountError(
            {
                "linked_email": "The linked e-mail is not an official trust address: record an "
                "override with a reason first (P5)."
            }
        )
    if len(note.strip()) > MAX_REASON_CHARS:
        raise AccountError({"note": f"Keep the note under {MAX_REASON_CHARS} characters."})
    account.status = APPROVED
    account.approved_by_id = user.id
    account.decided_at = utcnow()
    account.decision_reason = note.strip()
    account.approved_until = a_year_on(today)
    _audit(
        session,
        account,
        user,
        school,
        "approve",
        {"clause": "S2", "approved_until": account.approved_until.isoformat()},
    )
    told = [u for u in holders(session, school.trust_id, NOTIFIED, school.id) if u.id != user.id]
    notes = notify(
        session,
        told,
        kind="account.approved",
        subject=f"New trust account at {school.name}: acknowledge before pupils get access",
        body=f"SLT approved the {_identity(account, school)}. As Subject Leader or SLT, "
        "acknowledge its URL and identity in PostGuard before pupils are given access "
        "(policy clause S3).",
        link=f"/accounts/{account.id}",
    )
    notes += _tell_requester(session, account, "approved: it goes live once acknowledged", school)
    return Done(account, notes)


def _tell_requester(
    session: Session, account: db.Account, what: str, school: db.School
) -> list[db.Notification]:
    requester = (
        None if account.requested_by_id is None else session.get(db.User, account.requested_by_id)
    )
    if requester is None:
        return []
    return notify(
        session,
        [requester],
        kind=f"account.{account.status}",
        subject=f"Your trust account request: {account.status}",
        body=f"Your request for the {_identity(account, school)} was {what}.",
        link=f"/accounts/{account.id}",
    )


def reject(session: Session, account: db.Account, *, user: db.User, reason: str) -> Done:
    """SLT reject a request, with a reason (S2)."""
    school = _school(session, account)
    _require(session, user, Permission.ACCOUNT_APPROVE, school)
    _not_own(account, user, "reject")
    _state(account, REQUESTED, what="rejected")
    account.decision_reason = _reason(reason)
    account.status = REJECTED
    account.decided_at = utcnow()
    _audit(session, account, user, school, "reject", {"clause": "S2"})
    return Done(account, _tell_requester(session, account, "rejected", school))


def acknowledge(session: Session, account: db.Account, *, user: db.User) -> Done:
    """The Subject Leader (or SLT) acknowledges the URL and identity: the account is live (S3)."""
    school = _school(session, account)
    _require(session, user, Permission.ACCOUNT_NOTIFIED, school)
    _not_own(account, user, "acknowledge")
    _state(account, APPROVED, what="acknowledged")
    now = utcnow()
    account.subject_leader_id = user.id
    account.acknowledged_by_id = user.id
    account.acknowledged_at = now
    account.live_at = now
    account.status = LIVE
    _audit(session, account, user, school, "acknowledge", {"clause": "S3"})
    return Done(account, _tell_requester(session, account, "acknowledged: it is live", school))


def record_profile(
    session: Session,
    account: db.Account,
    *,
    user: db.User,
    text: str,
    direct_messages: DirectMessages | str,
    policy: Policy | None = None,
) -> Done:
    """Check the profile's text and DM setting (S10, S11) and keep the result."""
    school = _school(session, account)
    if account.requested_by_id != user.id and not (
        may(session, user, Permission.ACCOUNT_APPROVE, school)
        or may(session, user, Permission.ACCOUNT_NOTIFIED, school)
    ):
        raise AccountForbidden("Only the account's owner, its Subject Leader or SLT check it.")
    _state(account, *OPEN_STATES, what="checked")
    errors: dict[str, str] = {}
    body = text.replace("\r\n", "\n").strip()
    if not body:
        errors["profile_text"] = "Paste the account's bio and website text."
    elif len(body) > MAX_PROFILE_CHARS:
        errors["profile_text"] = f"Keep this under {MAX_PROFILE_CHARS} characters."
    try:
        setting = DirectMessages(direct_messages)
    except ValueError:
        errors["direct_messages"] = "Choose off, monitored or on."
    if errors:
        raise AccountError(errors)
    problems = check_profile(
        body, setting, domains=official_domains(session, account.trust_id), policy=policy
    )
    account.profile_text = body
    account.profile_checked_at = utcnow()
    account.profile_ok = not problems
    account.profile_problems = [p.to_dict() for p in problems]
    _audit(
        session,
        account,
        user,
        school,
        "profile_check",
        {
            "clause": "S10, S11",
            "ok": not problems,
            "failed": ", ".join(p.clause for p in problems),
            "direct_messages": setting.value,
        },
    )
    return Done(account)


def reapprove(session: Session, account: db.Account, *, user: db.User, today: dt.date) -> Done:
    """SLT renew an approved or live account's approval for another year (S2)."""
    school = _school(session, account)
    _require(session, user, Permission.ACCOUNT_APPROVE, school)
    _not_own(account, user, "re-approve")
    _state(account, APPROVED, LIVE, what="re-approved")
    account.approved_until = a_year_on(today)
    account.approved_by_id = user.id
    account.decided_at = utcnow()
    _audit(
        session,
        account,
        user,
        school,
        "reapprove",
        {"clause": "S2", "approved_until": account.approved_until.isoformat()},
    )
    return Done(account)


def close(session: Session, account: db.Account, *, user: db.User, reason: str) -> Done:
    """The owner or SLT close an account (it stays in the register as closed)."""
    school = _school(session, account)
    if account.requested_by_id != user.id:
        _require(session, user, Permission.ACCOUNT_APPROVE, school)
    _state(account, *OPEN_STATES, what="closed")
    account.decision_reason = _reason(reason)
    account.status = CLOSED
    account.decided_at = utcnow()
    _audit(session, account, user, school, "close", {"clause": "S2"})
    return Done(account)
