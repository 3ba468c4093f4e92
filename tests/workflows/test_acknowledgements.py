"""Acknowledgements (P1, P4, P9): every item ticked, one per version, who has not, per school."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.roles import Role
from postguard.policy.loader import load_policy
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.workflows.acknowledgements import (
    CHECKLIST,
    TRUST_WIDE,
    AcknowledgementError,
    acknowledge,
    acknowledgement_of,
    checklist_for,
    who_has_not,
)
from postguard.workflows.testing import user_with_roles
from postguard.workflows.trusts import ensure_school, ensure_trust

ACTOR = "test"
ALL = [item.key for item in CHECKLIST]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def _user(
    session: Session, trust: db.Trust, email: str, *grants: tuple[Role, str | None]
) -> db.User:
    return user_with_roles(session, trust, email, *grants, granted_by=ACTOR)


@pytest.fixture
def trust(db_session: Session) -> db.Trust:
    trust = ensure_trust(db_session, "Ack Trust", actor=ACTOR)
    ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)
    ensure_school(db_session, trust, "Vale Academy", actor=ACTOR)
    return trust


def _events(session: Session, action: str) -> list[db.AuditEvent]:
    return list(session.scalars(select(db.AuditEvent).where(db.AuditEvent.action == action)))


def test_the_checklist_cites_the_personal_use_clauses(policy: Policy) -> None:
    assert {item.clause for item in CHECKLIST} == {"P1", "P4", "P9"}
    assert len({item.key for item in CHECKLIST}) == len(CHECKLIST)
    assert checklist_for(policy) == CHECKLIST
    assert all(c in policy.clause_ids for c in ("P1", "P4", "P9"))


def test_acknowledging_records_the_version_and_one_audit_event(
    db_session: Session, trust: db.Trust, policy: Policy
) -> None:
    teacher = _user(db_session, trust, "t@ack.example.org", (Role.STAFF, "Hill Primary"))
    ack = acknowledge(db_session, teacher, policy, ALL, actor=f"user:{teacher.id}")
    assert (ack.policy_id, ack.policy_version) == (policy.id, policy.version)
    assert ack.checklist == {key: True for key in ALL}
    (event,) = _events(db_session, "policy.acknowledge")
    assert (event.object_type, event.object_id) == ("acknowledgement", str(ack.id))
    assert event.details["clause"] == "P1, P4, P9" and event.details["version"] == "1.0"
    assert audit.verify(db_session).ok
    # again: the same row, nothing more written
    assert acknowledge(db_session, teacher, policy, ALL, actor="x").id == ack.id
    assert len(_events(db_session, "policy.acknowledge")) == 1


@pytest.mark.parametrize("left_out", ALL)
def test_an_unticked_item_refuses_it_all_and_writes_nothing(
    db_session: Session, trust: db.Trust, policy: Policy, left_out: str
) -> None:
    teacher = _user(db_session, trust, "u@ack.example.org", (Role.STAFF, "Hill Primary"))
    before = db_session.scalar(select(func.count(db.AuditEvent.seq)))
    with pytest.raises(AcknowledgementError) as refused:
        acknowledge(db_session, teacher, policy, [k for k in ALL if k != left_out], actor="x")
    assert list(refused.value.errors) == [left_out]
    assert acknowledgement_of(db_session, teacher, policy) is None
    assert db_session.scalar(select(func.count(db.AuditEvent.seq))) == before


def test_a_new_policy_version_asks_again(
    db_session: Session, trust: db.Trust, policy: Policy
) -> None:
    teacher = _user(db_session, trust, "v@ack.example.org", (Role.STAFF, "Hill Primary"))
    acknowledge(db_session, teacher, policy, ALL, actor="x")
    newer = policy.model_copy(update={"version": "2.0"})
    assert acknowledgement_of(db_session, teacher, policy) is not None
    assert acknowledgement_of(db_session, teacher, newer) is None
    (hill,) = [g for g in who_has_not(db_session, trust, newer) if g.school == "Hill Primary"]
    assert [u.email for u in hill.missing] == ["v@ack.example.org"]
    second = acknowledge(db_session, teacher, newer, ALL, actor="x")
    assert second.policy_version == "2.0"


def test_the_board_does_not_acknowledge(
    db_session: Session, trust: db.Trust, policy: Policy
) -> None:
    board = _user(db_session, trust, "b@ack.example.org", (Role.BOARD, None))
    with pytest.raises(AcknowledgementError, match="only staff"):
        acknowledge(db_session, board, policy, ALL, actor="x")


def test_who_has_not_is_per_school_with_trust_wide_roles_apart(
    db_session: Session, trust: db.Trust, policy: Policy
) -> None:
    a = _user(db_session, trust, "a@ack.example.org", (Role.STAFF, "Hill Primary"))
    _user(
        db_session,
        trust,
        "b@ack.example.org",
        (Role.STAFF, "Hill Primary"),
        (Role.SLT, "Vale Academy"),
    )
    _user(db_session, trust, "c@ack.example.org", (Role.EXECUTIVE_HEAD, None))
    _user(db_session, trust, "d@ack.example.org", (Role.BOARD, None))
    gone = _user(db_session, trust, "e@ack.example.org", (Role.STAFF, "Vale Academy"))
    gone.is_active = False
    acknowledge(db_session, a, policy, ALL, actor="x")
    groups = {g.school: g for g in who_has_not(db_session, trust, policy)}
    assert list(groups) == ["Hill Primary", "Vale Academy", TRUST_WIDE]
    assert [u.email for u in groups["Hill Primary"].staff] == [
        "a@ack.example.org",
        "b@ack.example.org",
    ]
    assert [u.email for u in groups["Hill Primary"].missing] == ["b@ack.example.org"]
    assert groups["Hill Primary"].done == 1
    assert [u.email for u in groups["Vale Academy"].missing] == ["b@ack.example.org"]
    assert [u.email for u in groups[TRUST_WIDE].missing] == ["c@ack.example.org"]
    vale = db_session.scalars(select(db.School).where(db.School.name == "Vale Academy")).one()
    only = who_has_not(db_session, trust, policy, [vale.id], trust_wide=False)
    assert [g.school for g in only] == ["Vale Academy"]
