"""Acknowledgements, exceptions and their dashboard flags, through the pages of the app.

Each test makes its own people (unique e-mail addresses) in the shared database,
so it depends on no other test's order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postguard.audit import verify
from postguard.auth.permissions import Grant
from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.store.rosters import find_trust
from postguard.web.auth import Principal
from postguard.web.database import WebDatabase
from postguard.web.routes.governance_flags import FLAGS
from postguard.web.service import Service
from postguard.web.testing import BASE_URL, Accounts, sign_in
from postguard.workflows.acknowledgements import CHECKLIST
from postguard.workflows.demo import DEMO_SCHOOL, DEMO_TRUST
from postguard.workflows.sessions import Stage
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

PASSWORD = "governance pages password 1"
TODAY = dt.date(2026, 11, 24)
_n = itertools.count()
ALL = [item.key for item in CHECKLIST]


@pytest.fixture
def new_staff(
    app: FastAPI, web_db: WebDatabase, service: Service, accounts: Accounts
) -> Iterator[Callable[[str], tuple[TestClient, str, int]]]:
    """``new_staff(school)``: a new member of staff there, signed in; (client, e-mail, id)."""
    opened: list[TestClient] = []

    def make(school: str = DEMO_SCHOOL) -> tuple[TestClient, str, int]:
        email = f"gov{next(_n)}-{id(opened)}@demo.postguard.example.org"
        with web_db.writing() as session:
            trust = find_trust(session, DEMO_TRUST)
            assert trust is not None
            user = create_user(
                session,
                trust,
                email,
                actor="test",
                secret_key=service.settings.secret_key,
                display_name=f"Governance Tester {len(opened)}",
                password=PASSWORD,
                grants=((Role.STAFF, school),),
            ).user
            user_id = user.id
        client = TestClient(app, base_url=BASE_URL)
        client.headers["X-CSRF-Token"] = sign_in(client, email, PASSWORD)
        opened.append(client)
        return client, email, user_id

    yield make
    for c in opened:
        c.close()


def _count(web_db: WebDatabase, model: type[db.Base], **where: object) -> int:
    with web_db.reading() as s:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(s.scalar(query) or 0)


def _events(web_db: WebDatabase, action: str, object_id: int) -> list[db.AuditEvent]:
    with web_db.reading() as s:
        return list(
            s.scalars(
                select(db.AuditEvent).where(
                    db.AuditEvent.action == action, db.AuditEvent.object_id == str(object_id)
                )
            )
        )


def flags(html: str) -> dict[str, str]:
    return {
        k: re.sub(r"<[^>]+>", "", v)
        for k, v in re.findall(r'id="flag-([\w-]+)"><a href="[^"]*">(.*?)</a>', html)
    }


# -- acknowledgements ----------------------------------------------------------------


def test_staff_acknowledge_every_item_or_nothing(
    new_staff: Callable[..., tuple[TestClient, str, int]], web_db: WebDatabase
) -> None:
    client, _, user_id = new_staff()
    page = client.get("/acknowledge")
    assert page.status_code == 200
    for item in CHECKLIST:
        assert f'value="{item.key}"' in page.text
    assert "P4" in page.text and "P9" in page.text and "Highest privacy settings" in page.text
    dashboard = client.get("/dashboard").text
    assert "you have not acknowledged version 1.0" in flags(dashboard)["acknowledge"]
    assert 'class="flag flag-danger" id="flag-acknowledge"' in dashboard

    refused = client.post("/acknowledge", data={"item": ALL[:-1]})
    assert refused.status_code == 422
    assert 'id="item-no_parents-error"' in refused.text and "Tick this" in refused.text
    assert 'id="item-privacy_highest" name="item" value="privacy_highest" checked' in refused.text
    assert _count(web_db, db.Acknowledgement, user_id=user_id) == 0
    assert client.post("/acknowledge", data={}).status_code == 422

    done = client.post("/acknowledge", data={"item": ALL}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/acknowledge?done=1")
    assert "Thank you: you acknowledged version 1.0" in client.get("/acknowledge?done=1").text
    assert _count(web_db, db.Acknowledgement, user_id=user_id) == 1
    with web_db.reading() as s:
        ack = s.scalars(select(db.Acknowledgement).where(db.Acknowledgement.user_id == user_id))
        ack_id = ack.one().id
    (event,) = _events(web_db, "policy.acknowledge", ack_id)
    assert event.details["clause"] == "P1, P4, P9" and event.actor == f"user:{user_id}"
    assert "acknowledge" not in flags(client.get("/dashboard").text)
    # a second post changes nothing
    client.post("/acknowledge", data={"item": ALL})
    assert _count(web_db, db.Acknowledgement, user_id=user_id) == 1


def test_who_has_not_acknowledged_per_school_for_slt_and_board(
    new_staff: Callable[..., tuple[TestClient, str, int]],
    signed_in_as: Callable[[Role], TestClient],
    web_db: WebDatabase,
) -> None:
    _, riverside, _ = new_staff(DEMO_SCHOOL)
    _, meadowbank, _ = new_staff("Meadowbank Primary")
    slt = signed_in_as(Role.SLT)
    page = slt.get("/acknowledgements")
    assert page.status_code == 200
    assert riverside in page.text and meadowbank not in page.text
    assert 'id="school-trust"' not in page.text
    found = flags(slt.get("/dashboard").text)
    text = found[f"unacknowledged-{_school_id(web_db)}"]
    assert "staff at Riverside Academy have not acknowledged policy version 1.0" in text
    assert f"unacknowledged-{_school_id(web_db, 'Meadowbank Primary')}" not in found
    board = signed_in_as(Role.BOARD).get("/acknowledgements")
    assert riverside in board.text and meadowbank in board.text
    assert "Trust-wide roles" in board.text
    for role in (Role.STAFF, Role.DSL, Role.IT_ADMIN):
        assert signed_in_as(role).get("/acknowledgements").status_code == 403
    assert signed_in_as(Role.BOARD).get("/acknowledge").status_code == 403


def test_policy_review_overdue_is_flagged_for_slt_exec_head_and_board(
    signed_in_as: Callable[[Role], TestClient],
) -> None:
    for role in (Role.SLT, Role.EXECUTIVE_HEAD, Role.BOARD):
        found = flags(signed_in_as(role).get("/dashboard").text)
        assert "policy review overdue since 1 September 2022" in found["policy-review"], role
    assert "policy-review" not in flags(signed_in_as(Role.STAFF).get("/dashboard").text)


# -- exceptions -------------------------------------------------------------------------


def _form(**change: str) -> dict[str, str]:
    return {
        "clause": "P6",
        "title": "Own mobile on the Year 6 residential",
        "reason": "No signal for the school phone at the centre; calls to parents only.",
        "starts_on": "2026-12-01",
        "expires_on": "2026-12-03",
    } | change


def _school_id(web_db: WebDatabase, name: str = DEMO_SCHOOL) -> str:
    with web_db.reading() as s:
        return str(s.scalars(select(db.School.id).where(db.School.name == name)).first())


def _ask(client: TestClient, web_db: WebDatabase, user_id: int, **change: str) -> int:
    answer = client.post(
        "/exceptions/new",
        data=_form(school=_school_id(web_db), **change),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    with web_db.reading() as s:
        return int(
            s.scalar(
                select(func.max(db.PolicyException.id)).where(
                    db.PolicyException.requested_by_id == user_id
                )
            )
            or 0
        )


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"expires_on": "2026-11-30"}, "expires_on", "on or after the first day"),
        ({"reason": "  "}, "reason", "Give the reason"),
        ({"title": ""}, "title", "what the exception is for"),
        ({"starts_on": "01/12/2026"}, "starts_on", "as a date"),
        ({"starts_on": "2026-11-20"}, "starts_on", "cannot be before today"),
        ({"expires_on": "2028-01-01"}, "expires_on", "at most a year"),
        ({"clause": "Z9"}, "clause", "Choose the clause"),
        ({"school": "999999"}, "school", "Choose one of your schools"),
    ],
)
def test_bad_requests_are_refused_field_by_field(
    client: TestClient, web_db: WebDatabase, change: dict[str, str], field: str, message: str
) -> None:
    before = _count(web_db, db.PolicyException)
    answer = client.post("/exceptions/new", data=_form(school=_school_id(web_db)) | change)
    assert answer.status_code == 422
    assert f'id="{field}-error"' in answer.text and message in answer.text
    assert len(re.findall(r'class="field-error"', answer.text)) == 1
    assert _count(web_db, db.PolicyException) == before


def test_exec_head_approves_slt_cannot_and_the_requester_is_told(
    new_staff: Callable[..., tuple[TestClient, str, int]],
    signed_in_as: Callable[[Role], TestClient],
    accounts: Accounts,
    web_db: WebDatabase,
    mailbox: Mailbox,
) -> None:
    client, email, user_id = new_staff()
    exception_id = _ask(client, web_db, user_id)
    head_email = accounts.demo[Role.EXECUTIVE_HEAD].email
    (asked,) = [m for m in mailbox.to(head_email) if f"#{exception_id}" in m["Subject"]]
    body = asked.get_payload()
    assert "Own mobile" not in str(body) and "No signal" not in str(body)

    slt = signed_in_as(Role.SLT)
    assert f"Approve #{exception_id}" not in slt.get("/exceptions").text
    assert slt.post(f"/exceptions/{exception_id}/approve", data={}).status_code == 403

    head = signed_in_as(Role.EXECUTIVE_HEAD)
    listing = head.get("/exceptions")
    assert f"Approve #{exception_id}" in listing.text
    assert (
        "exception requests waiting for your decision"
        in flags(head.get("/dashboard").text)["exceptions-waiting"]
    )
    no_reason = head.post(f"/exceptions/{exception_id}/refuse", data={"reason": ""})
    assert no_reason.status_code == 422
    assert f'id="reason-{exception_id}-error"' in no_reason.text
    ok = head.post(
        f"/exceptions/{exception_id}/approve",
        data={"reason": "Agreed: log each call."},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    again = head.post(f"/exceptions/{exception_id}/approve", data={})
    assert again.status_code == 409 and "already approved" in again.text

    mine = client.get("/exceptions").text
    assert "approved, not started" in mine and "Agreed: log each call." in mine
    (told,) = [m for m in mailbox.to(email) if "approved" in m["Subject"]]
    assert f"#{exception_id}" in told["Subject"]
    assert [e.action for e in _events(web_db, "exception.request", exception_id)] == [
        "exception.request"
    ]
    (approved,) = _events(web_db, "exception.approve", exception_id)
    assert approved.details["clause"] == "P6" and approved.school == DEMO_SCHOOL
    assert _events(web_db, "exception.refuse", exception_id) == []
    with web_db.reading() as s:
        assert verify(s).ok


def test_rows_are_checked_per_person_school_and_trust(
    new_staff: Callable[..., tuple[TestClient, str, int]],
    signed_in_as: Callable[[Role], TestClient],
    client: TestClient,
    web_db: WebDatabase,
    accounts: Accounts,
) -> None:
    requester, _, user_id = new_staff()
    exception_id = _ask(requester, web_db, user_id)
    # another teacher does not see it at all; the Executive Headteacher may not withdraw it
    assert client.post(f"/exceptions/{exception_id}/withdraw", data={}).status_code == 404
    head = signed_in_as(Role.EXECUTIVE_HEAD)
    assert head.post(f"/exceptions/{exception_id}/withdraw", data={}).status_code == 403
    # a row of another trust is not found
    with web_db.writing() as s:
        other = ensure_school(
            s, ensure_trust(s, f"Other Trust {next(_n)}", actor="test"), "Far School", actor="t"
        )
        row = db.PolicyException(
            school_id=other.id,
            requested_by_id=user_id,
            clause_id="P6",
            title="x",
            reason="y",
            starts_on=TODAY,
            expires_on=TODAY,
            status="requested",
            decision_reason="",
        )
        s.add(row)
        s.flush()
        foreign = row.id
    assert head.post(f"/exceptions/{foreign}/approve", data={}).status_code == 404
    # the Executive Headteacher never decides their own request
    with web_db.reading() as s:
        head_id = s.scalars(
            select(db.User.id).where(db.User.email == accounts.demo[Role.EXECUTIVE_HEAD].email)
        ).one()
    own = _ask(head, web_db, head_id)
    assert f"Approve #{own}" not in head.get("/exceptions").text
    refused = head.post(f"/exceptions/{own}/approve", data={})
    assert refused.status_code == 403 and "own request" in refused.text
    # the requester withdraws theirs
    gone = requester.post(f"/exceptions/{exception_id}/withdraw", data={}, follow_redirects=False)
    assert gone.status_code == 303
    assert _events(web_db, "exception.withdraw", exception_id)[0].details["was"] == "requested"
    with web_db.writing() as s:  # leave no request waiting for the other tests' dashboards
        for e in s.scalars(select(db.PolicyException).where(db.PolicyException.id.in_([own]))):
            e.status = "withdrawn"


def test_in_force_and_expiring_exceptions_show_to_slt(
    new_staff: Callable[..., tuple[TestClient, str, int]],
    signed_in_as: Callable[[Role], TestClient],
    web_db: WebDatabase,
) -> None:
    client, _, user_id = new_staff()
    exception_id = _ask(client, web_db, user_id, starts_on="2026-11-24", expires_on="2026-11-26")
    head = signed_in_as(Role.EXECUTIVE_HEAD)
    assert head.post(f"/exceptions/{exception_id}/approve", data={}).status_code == 200
    slt = signed_in_as(Role.SLT)
    page = slt.get("/exceptions").text
    assert f'id="in-force-{exception_id}"' in page and "ends within 7 days" in page
    found = flags(slt.get("/dashboard").text)
    assert "exceptions ending within 7 days" in found["exceptions-expiring"]
    assert "exceptions in force at your schools" in found["exceptions-active"]
    assert (
        "of your exceptions end within 7 days"
        in flags(client.get("/dashboard").text)["exceptions-mine-expiring"]
    )
    assert "approved, in force" in client.get("/exceptions").text


def test_a_new_policy_version_flags_everyone_again(
    new_staff: Callable[..., tuple[TestClient, str, int]],
    web_db: WebDatabase,
    service: Service,
) -> None:
    client, email, user_id = new_staff()
    assert client.post("/acknowledge", data={"item": ALL}, follow_redirects=False).is_redirect
    with web_db.reading() as s:
        trust_id = s.scalars(select(db.User.trust_id).where(db.User.id == user_id)).one()
    me = Principal(
        user_id=user_id,
        email=email,
        display_name="x",
        trust_id=trust_id,
        grants=(Grant(Role.STAFF, DEMO_SCHOOL),),
        session_id="s",
        csrf_token="t",
        stage=Stage.FULL,
    )
    newer = service.policy.model_copy(update={"version": "2.0"})
    with web_db.reading() as s:
        assert [
            f for source in FLAGS for f in source(s, me, TODAY, service.policy) if f.count
        ] == []
        (flag,) = [f for source in FLAGS for f in source(s, me, TODAY, newer) if f.count]
    assert (flag.key, flag.level, flag.clause) == ("acknowledge", "danger", "P1, P4, P9")
    assert "you have not acknowledged version 2.0" in flag.text
