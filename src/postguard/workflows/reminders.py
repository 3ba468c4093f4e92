"""The daily summary e-mail (clauses M1, P1, P4, P6, P9, S2, P2, P3): one per person, once a day.

:func:`daily_summary` writes one notification to each active person of the trust
whose roles have something waiting, keyed ``summary:<day>`` so a second run the
same day writes nothing. Only counts go in it (never a name, a post's text or a
concern's detail): the links lead to the records, behind the sign-in.

- SLT, per school they hold the role at: posts waiting for review, account
  requests waiting for approval and accounts whose annual approval has lapsed
  (S2), staff who have not acknowledged the current policy version (P1, P4, P9),
  exceptions ending within 7 days (P6).
- Executive Headteacher: exceptions waiting for their decision (P6); the policy's
  review date (M1) when it is overdue or due within 30 days. The Board gets the
  review line too.
- DSL and deputies, per school: open concerns and how long the oldest has waited
  (P2, P3).
- Every member of staff: their own acknowledgement of the current version, if missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.permissions import STAFF_ROLES
from postguard.auth.roles import Role
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.workflows import exceptions as exc
from postguard.workflows.acknowledgements import ACK_CLAUSES, acknowledgement_of, who_has_not
from postguard.workflows.notifications import notify

REVIEW_WARNING_DAYS = 30
"""The review date is mentioned from this many days before it is due."""
KIND = "summary.daily"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a summary: what waits, the clause, and where to act."""

    text: str
    clause: str
    link: str

    def render(self, base_url: str = "") -> str:
        return f"- {self.text} ({self.clause}): {base_url}{self.link}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _age(since: dt.datetime, now: dt.datetime) -> str:
    days = (now - since).days
    if days >= 1:
        return _plural(days, "day")
    hours = int((now - since).total_seconds() // 3600)
    return _plural(hours, "hour") if hours >= 1 else "less than an hour"


def _schools_of(session: Session, user: db.User, roles: Iterable[Role]) -> list[db.School]:
    """The schools where ``user`` holds any of ``roles`` (all of them when trust-wide)."""
    names = [r.value for r in roles]
    grants = session.scalars(
        select(db.RoleGrant.school_id).where(
            db.RoleGrant.user_id == user.id, db.RoleGrant.role.in_(names)
        )
    ).all()
    if not grants:
        return []
    query = select(db.School).where(db.School.trust_id == user.trust_id).order_by(db.School.name)
    if None not in grants:
        query = query.where(db.School.id.in_([g for g in grants if g is not None]))
    return list(session.scalars(query))


def _slt_lines(
    session: Session, trust: db.Trust, user: db.User, today: dt.date, policy: Policy
) -> list[Line]:
    lines: list[Line] = []
    schools = _schools_of(session, user, (Role.SLT,))
    if not schools:
        return lines
    ids = [s.id for s in schools]
    missing = {
        g.school_id: len(g.missing)
        for g in who_has_not(session, trust, policy, ids, trust_wide=False)
    }
    for school in schools:
        posts = session.scalar(
            select(func.count(db.Post.id)).where(
                db.Post.school_id == school.id, db.Post.status == "in_review"
            )
        )
        requested = session.scalar(
            select(func.count(db.Account.id)).where(
                db.Account.school_id == school.id, db.Account.status == "requested"
            )
        )
        lapsed = session.scalar(
            select(func.count(db.Account.id)).where(
                db.Account.school_id == school.id,
                db.Account.status.in_(("approved", "live")),
                db.Account.approved_until < today,
            )
        )
        ending = len(exc.expiring(session, [school.id], today))
        counts = (
            (posts or 0, _plural(posts or 0, "post") + " waiting for review", "S2", "/review"),
            (
                requested or 0,
                _plural(requested or 0, "account request") + " waiting for approval",
                "S2",
                "/accounts",
            ),
            (
                lapsed or 0,
                _plural(lapsed or 0, "account") + " whose annual approval has lapsed",
                "S2",
                "/accounts",
            ),
            (
                missing.get(school.id, 0),
                _plural(missing.get(school.id, 0), "member", "members")
                + f" of staff not yet acknowledging policy version {policy.version}",
                ACK_CLAUSES,
                "/acknowledgements",
            ),
            (
                ending,
                _plural(ending, "exception") + f" ending within {exc.EXPIRING_DAYS} days",
                exc.CLAUSE,
                "/exceptions#in-force",
            ),
        )
        lines += [
            Line(f"{school.name}: {text}", clause, link) for n, text, clause, link in counts if n
        ]
    return lines


def _review_line(policy: Policy, today: dt.date) -> list[Line]:
    status = policy.review_status(today)
    if not status.overdue and status.days_until_due > REVIEW_WARNING_DAYS:
        return []
    return [Line(f"The policy review is {status.describe()}", "M1", "/policy")]


def _exec_lines(session: Session, user: db.User, today: dt.date) -> list[Line]:
    schools = _schools_of(session, user, (Role.EXECUTIVE_HEAD,))
    if not schools:
        return []
    n = len(exc.waiting(session, [s.id for s in schools], today, not_by=user.id))
    if not n:
        return []
    return [
        Line(
            _plural(n, "exception request") + " waiting for your decision",
            exc.CLAUSE,
            "/exceptions#waiting",
        )
    ]


def _dsl_lines(session: Session, user: db.User, now: dt.datetime) -> list[Line]:
    lines: list[Line] = []
    for school in _schools_of(session, user, (Role.DSL, Role.DEPUTY_DSL)):
        n, oldest = session.execute(
            select(func.count(db.Concern.id), func.min(db.Concern.created_at)).where(
                db.Concern.school_id == school.id, db.Concern.status == "open"
            )
        ).one()
        if n:
            waited = "" if oldest is None else f"; the oldest has waited {_age(oldest, now)}"
            lines.append(
                Line(
                    f"{school.name}: {_plural(n, 'open concern')}{waited}",
                    "P2, P3",
                    "/concerns",
                )
            )
    return lines


def _own_lines(session: Session, user: db.User, roles: set[str], policy: Policy) -> list[Line]:
    if not roles & {r.value for r in STAFF_ROLES}:
        return []
    if acknowledgement_of(session, user, policy) is not None:
        return []
    return [
        Line(
            f"You have not acknowledged policy version {policy.version} yet",
            ACK_CLAUSES,
            "/acknowledge",
        )
    ]


def summary_lines(
    session: Session,
    trust: db.Trust,
    user: db.User,
    today: dt.date,
    policy: Policy,
    now: dt.datetime | None = None,
) -> list[Line]:
    """What the person's roles have waiting today (empty: nothing to send)."""
    roles = set(session.scalars(select(db.RoleGrant.role).where(db.RoleGrant.user_id == user.id)))
    lines = _own_lines(session, user, roles, policy)
    if Role.EXECUTIVE_HEAD.value in roles:
        lines += _exec_lines(session, user, today)
    if roles & {Role.EXECUTIVE_HEAD.value, Role.BOARD.value}:
        lines += _review_line(policy, today)
    if Role.SLT.value in roles:
        lines += _slt_lines(session, trust, user, today, policy)
    if roles & {Role.DSL.value, Role.DEPUTY_DSL.value}:
        lines += _dsl_lines(session, user, now or utcnow())
    return lines


def daily_summary(
    session: Session,
    trust: db.Trust,
    today: dt.date,
    policy: Policy,
    *,
    actor: str = "system",
    base_url: str = "",
    now: dt.datetime | None = None,
) -> list[db.Notification]:
    """One summary notification per person with something waiting; once per day.

    ``base_url`` (the app's address) makes each line's link a full address.

    Writes one audit event (``notify.daily_summary``, naming the trust) when it
    wrote any notification; a repeat the same day writes nothing.
    """
    users = session.scalars(
        select(db.User)
        .where(db.User.trust_id == trust.id, db.User.is_active.is_(True))
        .order_by(db.User.id)
    ).all()
    made: list[db.Notification] = []
    key = f"summary:{today.isoformat()}"
    for user in users:
        lines = summary_lines(session, trust, user, today, policy, now)
        if not lines:
            continue
        body = "\n".join(
            [
                f"This is what waits for you in PostGuard on {today:%-d %B %Y}:",
                "",
                *(line.render(base_url) for line in lines),
                "",
                "Links open in PostGuard after you sign in. Counts only: the records "
                "themselves are in the app.",
            ]
        )
        made += notify(
            session,
            [user],
            kind=KIND,
            subject=f"PostGuard: {_plural(len(lines), 'thing')} to look at today "
            f"({today:%-d %b %Y})",
            body=body,
            link="/dashboard",
            key=key,
        )
    if made:
        AuditChain(session).record(
            actor=actor,
            action="notify.daily_summary",
            object_type="trust",
            object_id=trust.id,
            details={"clause": "M1", "day": today.isoformat(), "notifications": len(made)},
        )
        session.flush()
    return made
