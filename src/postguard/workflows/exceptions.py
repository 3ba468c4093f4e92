"""Exceptions to the policy (clause P6), approved in advance by the Executive Headteacher.

A member of staff asks for an exception to one clause (e.g. a personal mobile on a
residential trip: P6) for a school, with dates and a reason. Only an Executive
Headteacher of that school (or trust-wide) decides, never on their own request; a
refusal needs a reason. The requester may withdraw it. An approved exception past
its end date is *expired*: that is computed from today (:func:`state`), no job is
needed. Every action writes one audit event citing the clause, and notifies the
people who must act (a link only, never the reason's text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.permissions import Permission, allowed
from postguard.auth.roles import Role
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.store.locking import reread_locked
from postguard.workflows.notifications import holders, notify
from postguard.workflows.users import grants_of

CLAUSE = "P6"
MAX_DAYS = 366
"""The longest exception, first day to last day included: a year."""
TITLE_MAX = 200
REASON_MAX = 4000
EXPIRING_DAYS = 7
"""An active exception ending within this many days is "expiring"."""
STATES = {
    "requested": "waiting for a decision",
    "upcoming": "approved, not started",
    "active": "approved, in force",
    "expired": "expired",
    "lapsed": "not decided in time",
    "refused": "refused",
    "withdrawn": "withdrawn",
}


class ExceptionError(ValueError):
    """The request or decision was refused; ``errors`` holds a message per form field."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class NotAllowed(ExceptionError):
    """The person may not take this action on this exception (e.g. their own request)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What a person asks for, as typed (validated by :func:`problems`)."""

    clause_id: str
    title: str
    reason: str
    starts_on: dt.date | None
    expires_on: dt.date | None


def problems(request: Request, policy: Policy, today: dt.date) -> dict[str, str]:
    """A message per field that is missing or wrong (empty: the request is valid)."""
    errors: dict[str, str] = {}
    if request.clause_id not in policy.clause_ids:
        errors["clause"] = "Choose the clause of the policy the exception is to."
    if not request.title.strip():
        errors["title"] = "Say in a few words what the exception is for."
    elif len(request.title.strip()) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters."
    if not request.reason.strip():
        errors["reason"] = "Give the reason: why it is needed and how contact will be kept safe."
    elif len(request.reason.strip()) > REASON_MAX:
        errors["reason"] = f"Keep the reason to {REASON_MAX:,} characters."
    start, end = request.starts_on, request.expires_on
    if start is None:
        errors["starts_on"] = "Give the first day as a date (YYYY-MM-DD)."
    elif start < today:
        errors["starts_on"] = (
            f"Approval comes in advance ({CLAUSE}): the first day cannot be before today."
        )
    if end is None:
        errors["expires_on"] = "Give the last day as a date (YYYY-MM-DD)."
    elif end < today:
        errors["expires_on"] = "The last day is in the past."
    elif start is not None and end < start:
        errors["expires_on"] = "The last day must be on or after the first day."
    elif start is not None and (end - start).days + 1 > MAX_DAYS:
        errors["expires_on"] = "An exception lasts at most a year: ask again after it ends."
    return errors


def state(exception: db.PolicyException, today: dt.date) -> str:
    """Where the exception stands today (a key of :data:`STATES`)."""
    if exception.status == "requested":
        return "lapsed" if exception.expires_on < today else "requested"
    if exception.status == "approved":
        if exception.expires_on < today:
            return "expired"
        return "upcoming" if exception.starts_on > today else "active"
    return exception.status


def _school(session: Session, exception: db.PolicyException) -> db.School:
    school = None if exception.school_id is None else session.get(db.School, exception.school_id)
    if school is None:
        raise ExceptionError("the exception belongs to no school")
    return school


def may_decide(session: Session, user: db.User, school: db.School) -> bool:
    """Whether ``user`` approves exceptions at ``school`` (the Executive Headteacher)."""
    return user.trust_id == school.trust_id and allowed(
        grants_of(session, user), Permission.EXCEPTION_APPROVE, school.name
    )


def request_exception(
    session: Session,
    *,
    requester: db.User,
    school: db.School,
    request: Request,
    policy: Policy,
    today: dt.date,
    actor: str,
) -> tuple[db.PolicyException, list[db.Notification]]:
    """Record a request and notify the school's Executive Headteacher(s).

    :class:`ExceptionError` (a message per field) when anything is wrong; nothing is written.
    """
    if requester.trust_id != school.trust_id or not allowed(
        grants_of(session, requester), Permission.EXCEPTION_REQUEST, school.name
    ):
        raise NotAllowed("you may not ask for exceptions at this school", {"school": "no"})
    errors = problems(request, policy, today)
    if errors:
        raise ExceptionError("the request is incomplete", errors)
    assert request.starts_on is not None and request.expires_on is not None
    exception = db.PolicyException(
        school_id=school.id,
        requested_by_id=requester.id,
        clause_id=request.clause_id,
        title=request.title.strip(),
        reason=request.reason.strip(),
        starts_on=request.starts_on,
        expires_on=request.expires_on,
        status="requested",
        decision_reason="",
    )
    session.add(exception)
    session.flush()
    AuditChain(session).record(
        actor=actor,
        action="exception.request",
        object_type="exception",
        object_id=exception.id,
        school=school.name,
        details={
            "clause": CLAUSE,
            "exception_clause": request.clause_id,
            "starts_on": request.starts_on.isoformat(),
            "expires_on": request.expires_on.isoformat(),
        },
    )
    deciders = [
        u
        for u in holders(session, school.trust_id, (Role.EXECUTIVE_HEAD,), school.id)
        if u.id != requester.id
    ]
    notes = notify(
        session,
        deciders,
        kind="exception.requested",
        subject=f"Exception #{exception.id} at {school.name} is waiting for your decision",
        body=(
            f"A member of staff at {school.name} asks for an exception to clause "
            f"{request.clause_id} from {request.starts_on:%-d %B %Y} to "
            f"{request.expires_on:%-d %B %Y}. Only the Executive Headteacher may approve it "
            f"({CLAUSE})."
        ),
        link="/exceptions#waiting",
    )
    return exception, notes


def _decide(
    session: Session,
    exception: db.PolicyException,
    *,
    decider: db.User,
    approve: bool,
    reason: str,
    today: dt.date,
    actor: str,
) -> list[db.Notification]:
    school = _school(session, exception)
    if not may_decide(session, decider, school):
        raise NotAllowed("only the Executive Headteacher decides exceptions")
    if exception.requested_by_id == decider.id:
        raise NotAllowed("you cannot decide your own request: another Executive Headteacher must")
    reread_locked(session, exception)
    if exception.status != "requested":
        raise ExceptionError(f"this exception was already {exception.status}")
    if exception.expires_on < today:
        raise ExceptionError("this request ended before it was decided: ask for a new one")
    if approve and exception.starts_on < today:
        # P6: approved *in advance*. Approving now would record days already passed as
        # approved; the requester asks again from today (refusing stays possible).
        raise ExceptionError(
            "its first day has passed: P6 asks for approval in advance, so the request "
            "must be made again from today"
        )
    reason = reason.strip()
    if not approve and not reason:
        raise ExceptionError("say why", {"reason": "Say why the exception is refused."})
    if len(reason) > REASON_MAX:
        raise ExceptionError("too long", {"reason": f"Keep it to {REASON_MAX:,} characters."})
    exception.status = "approved" if approve else "refused"
    exception.decided_by_id = decider.id
    exception.decided_at = utcnow()
    exception.decision_reason = reason
    session.flush()
    AuditChain(session).record(
        actor=actor,
        action="exception.approve" if approve else "exception.refuse",
        object_type="exception",
        object_id=exception.id,
        school=school.name,
        details={"clause": CLAUSE, "exception_clause": exception.clause_id, "reason": bool(reason)},
    )
    requester = session.get(db.User, exception.requested_by_id)
    verb = "approved" if approve else "refused"
    return notify(
        session,
        [] if requester is None else [requester],
        kind=f"exception.{verb}",
        subject=f"Your exception #{exception.id} at {school.name} was {verb}",
        body=(
            f"The Executive Headteacher {verb} your exception #{exception.id} "
            f"({exception.starts_on:%-d %B %Y} to {exception.expires_on:%-d %B %Y}). "
            "The decision and its reason are in PostGuard."
        ),
        link="/exceptions#mine",
    )


def approve(
    session: Session,
    exception: db.PolicyException,
    *,
    decider: db.User,
    reason: str = "",
    today: dt.date,
    actor: str,
) -> list[db.Notification]:
    """Approve a waiting request (the Executive Headteacher, not the requester)."""
    return _decide(
        session, exception, decider=decider, approve=True, reason=reason, today=today, actor=actor
    )


def refuse(
    session: Session,
    exception: db.PolicyException,
    *,
    decider: db.User,
    reason: str,
    today: dt.date,
    actor: str,
) -> list[db.Notification]:
    """Refuse a waiting request, with a reason (the Executive Headteacher, not the requester)."""
    return _decide(
        session, exception, decider=decider, approve=False, reason=reason, today=today, actor=actor
    )


def withdraw(
    session: Session, exception: db.PolicyException, *, user: db.User, today: dt.date, actor: str
) -> None:
    """The requester withdraws a request, or ends an approved exception early."""
    if exception.requested_by_id != user.id:
        raise NotAllowed("only the person who asked may withdraw an exception")
    reread_locked(session, exception)
    if state(exception, today) not in ("requested", "upcoming", "active"):
        raise ExceptionError(f"this exception is {STATES[state(exception, today)]}")
    before = exception.status
    exception.status = "withdrawn"
    session.flush()
    AuditChain(session).record(
        actor=actor,
        action="exception.withdraw",
        object_type="exception",
        object_id=exception.id,
        school=_school(session, exception).name,
        details={"clause": CLAUSE, "was": before},
    )
    session.flush()


# -- reading ------------------------------------------------------------------------


def _at(school_ids: Collection[int]) -> Select[db.PolicyException]:
    return (
        select(db.PolicyException)
        .where(db.PolicyException.school_id.in_(list(school_ids)))
        .order_by(db.PolicyException.starts_on, db.PolicyException.id)
    )


def waiting(
    session: Session, school_ids: Collection[int], today: dt.date, *, not_by: int | None = None
) -> list[db.PolicyException]:
    """Requests waiting for a decision (not yet ended), leaving out those of ``not_by``."""
    query = _at(school_ids).where(
        db.PolicyException.status == "requested", db.PolicyException.expires_on >= today
    )
    if not_by is not None:
        query = query.where(db.PolicyException.requested_by_id != not_by)
    return list(session.scalars(query))


def in_force(
    session: Session, school_ids: Collection[int], today: dt.date
) -> list[db.PolicyException]:
    """Approved exceptions that have not ended (active today, or starting later)."""
    query = _at(school_ids).where(
        db.PolicyException.status == "approved", db.PolicyException.expires_on >= today
    )
    return list(session.scalars(query))


def expiring(
    session: Session, school_ids: Collection[int], today: dt.date, days: int = EXPIRING_DAYS
) -> list[db.PolicyException]:
    """Active exceptions whose last day is within ``days`` days."""
    end = today + dt.timedelta(days=days)
    return [
        e
        for e in in_force(session, school_ids, today)
        if e.starts_on <= today and e.expires_on <= end
    ]


def requested_by(session: Session, user: db.User) -> list[db.PolicyException]:
    """A person's own exceptions, newest first."""
    return list(
        session.scalars(
            select(db.PolicyException)
            .where(db.PolicyException.requested_by_id == user.id)
            .order_by(db.PolicyException.id.desc())
        )
    )
