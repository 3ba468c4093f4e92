"""The daily summary: one notification per person with something waiting, counts only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.roles import Role
from postguard.policy.loader import load_policy
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.workflows import exceptions as ex
from postguard.workflows.acknowledgements import CHECKLIST, acknowledge
from postguard.workflows.reminders import daily_summary
from postguard.workflows.testing import user_with_roles
from postguard.workflows.trusts import ensure_school, ensure_trust

ACTOR = "test"
TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
CHILD_TEXT = "Ellie Quarrington messaged me"
BASE = "https://postguard.example.org"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def trust(db_session: Session) -> db.Trust:
    return ensure_trust(db_session, "Reminder Trust", actor=ACTOR)


@pytest.fixture
def hill(db_session: Session, trust: db.Trust) -> db.School:
    return ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)


@pytest.fixture
def vale(db_session: Session, trust: db.Trust) -> db.School:
    return ensure_school(db_session, trust, "Vale Academy", actor=ACTOR)


def _user(
    session: Session, trust: db.Trust, name: str, role: Role, school: db.School | None
) -> db.User:
    where = None if school is None else school.name
    return user_with_roles(
        session, trust, f"{name}@rem.example.org", (role, where), granted_by=ACTOR
    )


def _bodies(notes: list[db.Notification]) -> dict[int, str]:
    return {n.user_id: n.body for n in notes}


def test_each_role_gets_its_counts_and_nothing_else(
    db_session: Session, trust: db.Trust, hill: db.School, vale: db.School, policy: Policy
) -> None:
    s = db_session
    teacher = _user(s, trust, "teacher", Role.STAFF, hill)
    done = _user(s, trust, "done", Role.STAFF, vale)
    slt = _user(s, trust, "slt", Role.SLT, hill)
    head = _user(s, trust, "head", Role.EXECUTIVE_HEAD, None)
    board = _user(s, trust, "board", Role.BOARD, None)
    dsl = _user(s, trust, "dsl", Role.DSL, hill)
    for person in (done, slt, head, dsl):
        acknowledge(s, person, policy, [i.key for i in CHECKLIST], actor="x")
    s.add_all(
        [
            db.Post(school_id=hill.id, text=CHILD_TEXT, status="in_review"),
            db.Post(school_id=hill.id, text="draft", status="draft"),
            db.Post(school_id=vale.id, text="other school", status="in_review"),
            db.Account(trust_id=trust.id, school_id=hill.id, platform="x", handle="@a1"),
            db.Account(
                trust_id=trust.id,
                school_id=hill.id,
                platform="x",
                handle="@a2",
                status="live",
                approved_until=TODAY - DAY,
            ),
            db.Account(
                trust_id=trust.id,
                school_id=hill.id,
                platform="x",
                handle="@a3",
                status="live",
                approved_until=TODAY + DAY,
            ),
            db.Concern(
                school_id=hill.id,
                source="staff_report",
                summary=CHILD_TEXT,
                children="Ellie Quarrington",
                status="open",
                created_at=NOW - 3 * DAY,
            ),
            db.Concern(school_id=hill.id, source="staff_report", summary="x", status="open"),
            db.Concern(school_id=hill.id, source="staff_report", summary="y", status="closed"),
        ]
    )
    trip = ex.Request("P6", "Phone on trip", "No signal", TODAY, TODAY + 3 * DAY)
    soon, _ = ex.request_exception(
        s, requester=teacher, school=hill, request=trip, policy=policy, today=TODAY, actor="x"
    )
    ex.approve(s, soon, decider=head, today=TODAY, actor="x")
    ex.request_exception(
        s, requester=teacher, school=hill, request=trip, policy=policy, today=TODAY, actor="x"
    )
    s.flush()

    notes = daily_summary(s, trust, TODAY, policy, base_url=BASE, now=NOW)
    bodies = _bodies(notes)
    assert set(bodies) == {teacher.id, slt.id, head.id, board.id, dsl.id}  # not `done`
    assert all(n.key == f"summary:2026-11-24:user:{n.user_id}" for n in notes)
    assert all(n.kind == "summary.daily" and n.link == "/dashboard" for n in notes)
    assert (
        f"You have not acknowledged policy version 1.0 yet (P1, P4, P9): {BASE}/acknowledge"
        in (bodies[teacher.id])
    )
    assert bodies[slt.id].count("- Hill Primary: ") == 5
    for line in (
        "Hill Primary: 1 post waiting for review (S2)",
        "Hill Primary: 1 account request waiting for approval (S2)",
        "Hill Primary: 1 account whose annual approval has lapsed (S2)",
        "Hill Primary: 1 member of staff not yet acknowledging policy version 1.0 (P1, P4, P9)",
        "Hill Primary: 1 exception ending within 7 days (P6)",
    ):
        assert line in bodies[slt.id]
    # every link leads to a section that exists on its page (the exceptions page's list of
    # exceptions in force at the person's schools is ``#in-force``)
    assert f"ending within 7 days (P6): {BASE}/exceptions#in-force" in bodies[slt.id]
    assert "Vale" not in bodies[slt.id]
    assert "1 exception request waiting for your decision (P6)" in bodies[head.id]
    assert "The policy review is OVERDUE since 2022-09-01" in bodies[head.id]
    assert "(M1)" in bodies[board.id] and "exception" not in bodies[board.id]
    assert "Hill Primary: 2 open concerns; the oldest has waited 3 days (P2, P3)" in bodies[dsl.id]
    everything = " ".join(n.subject + n.body for n in notes)
    assert "Ellie" not in everything and "Quarrington" not in everything
    assert "Phone on trip" not in everything and "No signal" not in everything

    (event,) = s.scalars(
        select(db.AuditEvent).where(db.AuditEvent.action == "notify.daily_summary")
    ).all()
    assert (event.object_type, event.object_id) == ("trust", str(trust.id))
    assert event.details == {"clause": "M1", "day": "2026-11-24", "notifications": 5}
    # the same day again: nothing new, no second event; the next day: again
    assert daily_summary(s, trust, TODAY, policy, now=NOW) == []
    assert (
        len(
            s.scalars(
                select(db.AuditEvent.seq).where(db.AuditEvent.action == "notify.daily_summary")
            ).all()
        )
        == 1
    )
    assert len(daily_summary(s, trust, TODAY + DAY, policy, now=NOW + DAY)) == 5
    assert audit.verify(s).ok


def test_nothing_waiting_means_no_mail(
    db_session: Session, trust: db.Trust, hill: db.School, policy: Policy
) -> None:
    in_date = policy.model_copy(update={"review_due": TODAY + 90 * DAY})
    people = [
        _user(db_session, trust, "a", Role.STAFF, hill),
        _user(db_session, trust, "b", Role.SLT, hill),
        _user(db_session, trust, "c", Role.EXECUTIVE_HEAD, None),
        _user(db_session, trust, "d", Role.DSL, hill),
    ]
    _user(db_session, trust, "e", Role.BOARD, None)
    for person in people:
        acknowledge(db_session, person, in_date, [i.key for i in CHECKLIST], actor="x")
    assert daily_summary(db_session, trust, TODAY, in_date, now=NOW) == []
    assert (
        db_session.scalars(
            select(db.AuditEvent).where(db.AuditEvent.action == "notify.daily_summary")
        ).all()
        == []
    )
    soon = policy.model_copy(update={"review_due": TODAY + 10 * DAY})
    for person in people:
        acknowledge(db_session, person, soon, [i.key for i in CHECKLIST], actor="x")
    notes = daily_summary(db_session, trust, TODAY, soon, now=NOW)
    assert len(notes) == 2  # the Executive Headteacher and the Board: review due in 10 days
    assert all("due 2026-12-04 (in 10 days) (M1)" in n.body for n in notes)
