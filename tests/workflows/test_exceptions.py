"""Exceptions (P6): asked with dates and a reason, decided by the Executive Headteacher only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.roles import Role
from postguard.policy.loader import load_policy
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.workflows import exceptions as ex
from postguard.workflows.testing import user_with_roles
from postguard.workflows.trusts import ensure_school, ensure_trust

ACTOR = "test"
TODAY = dt.date(2026, 11, 24)
DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def school(db_session: Session) -> db.School:
    trust = ensure_trust(db_session, "Exception Trust", actor=ACTOR)
    ensure_school(db_session, trust, "Other School", actor=ACTOR)
    return ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)


def _user(session: Session, school: db.School, name: str, role: Role, where: str | None) -> db.User:
    """A user with one role, written directly (no password: these tests never sign in)."""
    trust = session.get(db.Trust, school.trust_id)
    assert trust is not None
    return user_with_roles(
        session, trust, f"{name}@exc.example.org", (role, where), granted_by=ACTOR
    )


@pytest.fixture
def people(db_session: Session, school: db.School) -> dict[str, db.User]:
    return {
        "teacher": _user(db_session, school, "teacher", Role.STAFF, school.name),
        "slt": _user(db_session, school, "slt", Role.SLT, school.name),
        "head": _user(db_session, school, "head", Role.EXECUTIVE_HEAD, None),
        "head2": _user(db_session, school, "head2", Role.EXECUTIVE_HEAD, None),
        "other": _user(db_session, school, "other", Role.STAFF, "Other School"),
    }


def trip(start: dt.date = TODAY + 3 * DAY, end: dt.date = TODAY + 5 * DAY) -> ex.Request:
    return ex.Request(
        clause_id="P6",
        title="Personal mobile on the Year 6 residential",
        reason="The trip's phone has no signal at the centre; parents will be called from it.",
        starts_on=start,
        expires_on=end,
    )


def _ask(
    session: Session, school: db.School, user: db.User, policy: Policy, request: ex.Request
) -> db.PolicyException:
    exception, _ = ex.request_exception(
        session,
        requester=user,
        school=school,
        request=request,
        policy=policy,
        today=TODAY,
        actor=f"user:{user.id}",
    )
    return exception


def _actions(session: Session) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.object_type, e.object_id)
        for e in session.scalars(
            select(db.AuditEvent)
            .where(db.AuditEvent.action.like("exception.%"))
            .order_by(db.AuditEvent.seq)
        )
    ]


def test_request_then_approve_by_the_executive_head(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    teacher, head = people["teacher"], people["head"]
    exception, notes = ex.request_exception(
        db_session,
        requester=teacher,
        school=school,
        request=trip(),
        policy=policy,
        today=TODAY,
        actor="user:t",
    )
    assert exception.status == "requested" and ex.state(exception, TODAY) == "requested"
    assert {n.user_id for n in notes} == {head.id, people["head2"].id}
    assert all("Personal mobile" not in n.body and "signal" not in n.body for n in notes)
    assert ex.waiting(db_session, [school.id], TODAY) == [exception]
    told = ex.approve(
        db_session, exception, decider=head, reason="Agreed for the trip", today=TODAY, actor="h"
    )
    assert [n.user_id for n in told] == [teacher.id] and "approved" in told[0].subject
    assert (exception.status, exception.decided_by_id) == ("approved", head.id)
    assert exception.decision_reason == "Agreed for the trip"
    assert ex.state(exception, TODAY) == "upcoming"
    assert ex.state(exception, TODAY + 4 * DAY) == "active"
    assert ex.state(exception, TODAY + 6 * DAY) == "expired"
    assert _actions(db_session) == [
        ("exception.request", "exception", str(exception.id)),
        ("exception.approve", "exception", str(exception.id)),
    ]
    event = db_session.scalars(
        select(db.AuditEvent).where(db.AuditEvent.action == "exception.approve")
    ).one()
    assert event.details["clause"] == "P6" and event.school == "Hill Primary"
    assert audit.verify(db_session).ok


def test_a_decision_reads_the_row_again_locked_not_a_stale_copy(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    """Two Executive Headteachers deciding at once: the second sees the first's decision
    (the row is read again, locked, before its state is checked), not the page it loaded."""
    exception = _ask(db_session, school, people["teacher"], policy, trip())
    db_session.execute(  # another transaction refuses it; this session's copy is stale
        update(db.PolicyException)
        .where(db.PolicyException.id == exception.id)
        .values(status="refused", decision_reason="No."),
        execution_options={"synchronize_session": False},
    )
    assert exception.status == "requested"
    with pytest.raises(ex.ExceptionError, match="already refused"):
        ex.approve(db_session, exception, decider=people["head"], today=TODAY, actor="h")
    assert [a for a, _, _ in _actions(db_session)] == ["exception.request"]


def test_only_the_executive_head_decides_and_never_their_own(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    exception = _ask(db_session, school, people["teacher"], policy, trip())
    for who in ("slt", "teacher", "other"):
        with pytest.raises(ex.NotAllowed):
            ex.approve(db_session, exception, decider=people[who], today=TODAY, actor="x")
    own = _ask(db_session, school, people["head"], policy, trip())
    with pytest.raises(ex.NotAllowed, match="own request"):
        ex.approve(db_session, own, decider=people["head"], today=TODAY, actor="x")
    ex.approve(db_session, own, decider=people["head2"], today=TODAY, actor="x")
    assert own.status == "approved" and exception.status == "requested"
    assert ex.waiting(db_session, [school.id], TODAY, not_by=people["head"].id) == [exception]


def test_refusal_needs_a_reason_and_a_decision_is_final(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    exception = _ask(db_session, school, people["teacher"], policy, trip())
    head = people["head"]
    with pytest.raises(ex.ExceptionError) as no_reason:
        ex.refuse(db_session, exception, decider=head, reason="  ", today=TODAY, actor="x")
    assert list(no_reason.value.errors) == ["reason"]
    assert exception.status == "requested"
    ex.refuse(
        db_session, exception, decider=head, reason="Use the trip phone", today=TODAY, actor="x"
    )
    assert (exception.status, ex.state(exception, TODAY)) == ("refused", "refused")
    with pytest.raises(ex.ExceptionError, match="already refused"):
        ex.approve(db_session, exception, decider=head, today=TODAY, actor="x")
    assert [a for a, _, _ in _actions(db_session)] == ["exception.request", "exception.refuse"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"clause_id": "Z9"}, "clause"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"reason": ""}, "reason"),
        ({"starts_on": None}, "starts_on"),
        ({"starts_on": TODAY - DAY}, "starts_on"),
        ({"expires_on": None}, "expires_on"),
        ({"expires_on": TODAY + 2 * DAY}, "expires_on"),  # before the start
        ({"expires_on": TODAY + 3 * DAY + 366 * DAY}, "expires_on"),  # longer than a year
    ],
)
def test_bad_requests_name_the_field_and_write_nothing(
    db_session: Session,
    school: db.School,
    people: dict[str, db.User],
    policy: Policy,
    change: dict[str, object],
    field: str,
) -> None:
    base = trip()
    values = {
        "clause_id": base.clause_id,
        "title": base.title,
        "reason": base.reason,
        "starts_on": base.starts_on,
        "expires_on": base.expires_on,
    } | change
    before = db_session.scalar(select(func.count(db.AuditEvent.seq)))
    with pytest.raises(ex.ExceptionError) as refused:
        _ask(db_session, school, people["teacher"], policy, ex.Request(**values))  # type: ignore[arg-type]
    assert list(refused.value.errors) == [field]
    assert db_session.scalar(select(func.count(db.PolicyException.id))) == 0
    assert db_session.scalar(select(func.count(db.AuditEvent.seq))) == before


def test_a_year_exactly_is_allowed_and_end_in_the_past_is_not() -> None:
    policy = load_policy()
    assert ex.problems(trip(TODAY, TODAY + 365 * DAY), policy, TODAY) == {}
    assert "expires_on" in ex.problems(trip(TODAY, TODAY + 366 * DAY), policy, TODAY)
    assert "expires_on" in ex.problems(trip(TODAY, TODAY - DAY), policy, TODAY)


def test_staff_ask_only_at_their_own_school(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    with pytest.raises(ex.NotAllowed):
        _ask(db_session, school, people["other"], policy, trip())


def test_withdraw_by_the_requester_and_expiry_lists(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    teacher, head = people["teacher"], people["head"]
    soon = _ask(db_session, school, teacher, policy, trip(TODAY, TODAY + 6 * DAY))
    later = _ask(db_session, school, teacher, policy, trip(TODAY, TODAY + 30 * DAY))
    for e in (soon, later):
        ex.approve(db_session, e, decider=head, today=TODAY, actor="x")
    assert ex.in_force(db_session, [school.id], TODAY) == [soon, later]
    assert ex.expiring(db_session, [school.id], TODAY) == [soon]
    assert ex.in_force(db_session, [school.id], TODAY + 7 * DAY) == [later]
    with pytest.raises(ex.NotAllowed):
        ex.withdraw(db_session, later, user=head, today=TODAY, actor="x")
    ex.withdraw(db_session, later, user=teacher, today=TODAY, actor="x")
    assert later.status == "withdrawn"
    assert ex.in_force(db_session, [school.id], TODAY) == [soon]
    with pytest.raises(ex.ExceptionError, match="withdrawn"):
        ex.withdraw(db_session, later, user=teacher, today=TODAY, actor="x")
    with pytest.raises(ex.ExceptionError, match="expired"):
        ex.withdraw(db_session, soon, user=teacher, today=TODAY + 7 * DAY, actor="x")
    assert ex.requested_by(db_session, teacher) == [later, soon]
    assert audit.verify(db_session).ok


def test_a_request_not_decided_before_its_end_lapses(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    exception = _ask(db_session, school, people["teacher"], policy, trip())
    after = TODAY + 6 * DAY
    assert ex.state(exception, after) == "lapsed"
    assert ex.waiting(db_session, [school.id], after) == []
    with pytest.raises(ex.ExceptionError, match="ended before"):
        ex.approve(db_session, exception, decider=people["head"], today=after, actor="x")


def test_an_exception_is_approved_in_advance_never_after_its_first_day_p6(
    db_session: Session, school: db.School, people: dict[str, db.User], policy: Policy
) -> None:
    late = _ask(db_session, school, people["teacher"], policy, trip())
    during = TODAY + 4 * DAY  # the trip has started, it has not ended
    with pytest.raises(ex.ExceptionError, match="first day has passed"):
        ex.approve(db_session, late, decider=people["head"], today=during, actor="x")
    assert late.status == "requested"
    ex.refuse(db_session, late, decider=people["head"], reason="Too late.", today=during, actor="x")
    assert late.status == "refused"
    on_time = _ask(db_session, school, people["teacher"], policy, trip())
    ex.approve(db_session, on_time, decider=people["head"], today=TODAY + 3 * DAY, actor="x")
    assert on_time.status == "approved"
