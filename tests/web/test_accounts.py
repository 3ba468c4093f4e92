"""The trust account register on the web: pages, actions, the JSON API, flags, scope by school.

The web tests share one database: every test makes its own accounts, with
handles of its own, and asserts on those.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.testing import TEACHER, Accounts
from postguard.workflows import accounts as flow

RIVERSIDE = "Riverside Academy"
MEADOWBANK = "Meadowbank Primary"
OFFICIAL = "class@riversidetrust.example.org"
Signed = Callable[[Role], TestClient]


def handle() -> str:
    return f"acct{uuid.uuid4().hex[:10]}"


def form(name: str, school: str = RIVERSIDE, **kw: str) -> dict[str, str]:
    return {
        "school": school,
        "platform": "instagram",
        "handle": name,
        "linked_email": OFFICIAL,
        "purpose": "Year 6 science club news for parents.",
    } | kw


def account_of(web_db: WebDatabase, name: str) -> db.Account:
    with web_db.reading() as session:
        account = session.scalars(select(db.Account).where(db.Account.handle == name)).one()
        session.expunge(account)
        return account


def request_page(client: TestClient, name: str, **kw: str) -> int:
    r = client.post("/accounts/new", data=form(name, **kw), follow_redirects=False)
    assert r.status_code == 303, r.text
    found = re.fullmatch(r"/accounts/(\d+)\?done=requested", r.headers["location"])
    assert found, r.headers["location"]
    return int(found.group(1))


def audit_of(web_db: WebDatabase, account_id: int) -> list[tuple[str, str | None]]:
    with web_db.reading() as session:
        rows = session.scalars(
            select(db.AuditEvent)
            .where(
                db.AuditEvent.object_type == "account",
                db.AuditEvent.object_id == str(account_id),
            )
            .order_by(db.AuditEvent.seq)
        ).all()
        return [(e.action, (e.details or {}).get("clause")) for e in rows]


def count_accounts(web_db: WebDatabase) -> int:
    with web_db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(db.Account)) or 0)


def test_the_demo_school_has_a_live_account_in_the_register(client: TestClient) -> None:
    html = client.get("/accounts").text
    rows = re.findall(r'<tr id="account-\d+">.*?</tr>', html, re.S)
    [row] = [r for r in rows if "facebook riversideacademy</a>" in r]
    assert ">live<" in row and "Demo Staff" in row and "Riverside Academy" in row


def test_requested_approved_acknowledged_live_through_the_pages(
    client: TestClient,
    signed_in_as: Signed,
    accounts: Accounts,
    web_db: WebDatabase,
    mailbox: Mailbox,
) -> None:
    name = handle()
    account_id = request_page(client, name)
    page = client.get(f"/accounts/{account_id}?done=requested").text
    assert "Request sent" in page and 'id="account-state">requested<' in page
    slt = signed_in_as(Role.SLT)
    dashboard = slt.get("/dashboard").text
    assert 'id="flag-accounts-approve"' in dashboard
    assert (
        slt.post(
            f"/accounts/{account_id}/approve", data={"note": ""}, follow_redirects=False
        ).status_code
        == 303
    )
    lead_email = accounts.demo[Role.SUBJECT_LEADER].email
    [mail] = mailbox.to(lead_email)
    body = mail.get_payload(decode=True).decode()
    assert f"https://www.instagram.com/{name}" in body and f"/accounts/{account_id}" in body
    assert mailbox.to(TEACHER)  # the requester hears of the decision
    lead = signed_in_as(Role.SUBJECT_LEADER)
    assert 'id="flag-accounts-acknowledge"' in lead.get("/dashboard").text
    r = lead.post(f"/accounts/{account_id}/acknowledge", follow_redirects=False)
    assert r.status_code == 303
    assert account_of(web_db, name).status == "live"
    assert audit_of(web_db, account_id) == [
        ("account.request", "S1"),
        ("account.approve", "S2"),
        ("account.acknowledge", "S3"),
    ]
    with web_db.reading() as session:
        assert verify(session).ok


def test_a_bad_request_shows_a_message_beside_each_field_and_writes_nothing(
    client: TestClient, web_db: WebDatabase
) -> None:
    before = count_accounts(web_db)
    r = client.post(
        "/accounts/new",
        data={"school": "Nowhere", "platform": "myspace", "handle": "a b", "linked_email": "x"},
    )
    assert r.status_code == 422
    for field in ("school", "platform", "handle", "linked_email", "purpose"):
        assert f'id="{field}-error"' in r.text, field
    assert 'value="a b"' in r.text  # what was typed is kept
    assert count_accounts(web_db) == before


def test_a_non_trust_email_needs_slt_override_with_a_reason(
    client: TestClient, signed_in_as: Signed, web_db: WebDatabase
) -> None:
    name = handle()
    refused = client.post("/accounts/new", data=form(name, linked_email="me@gmail.com"))
    assert refused.status_code == 422
    assert "gmail.com is not an official trust domain" in refused.text
    account_id = request_page(client, name, linked_email="me@gmail.com", ask_override="1")
    slt = signed_in_as(Role.SLT)
    page = slt.get(f"/accounts/{account_id}").text
    assert f'action="/accounts/{account_id}/override-email"' in page
    assert 'id="approve"' not in page
    blocked = slt.post(f"/accounts/{account_id}/approve", data={})
    assert blocked.status_code == 422 and "record an override" in blocked.text
    no_reason = slt.post(f"/accounts/{account_id}/override-email", data={"override_reason": ""})
    assert no_reason.status_code == 422 and 'id="override_reason-error"' in no_reason.text
    ok = slt.post(
        f"/accounts/{account_id}/override-email",
        data={"override_reason": "The platform only signs in with Google."},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert (
        slt.post(f"/accounts/{account_id}/approve", data={}, follow_redirects=False).status_code
        == 303
    )
    assert [a for a, _ in audit_of(web_db, account_id)] == [
        "account.request",
        "account.override_email",
        "account.approve",
    ]


def test_slt_cannot_approve_their_own_request(signed_in_as: Signed, web_db: WebDatabase) -> None:
    slt = signed_in_as(Role.SLT)
    account_id = request_page(slt, handle())
    assert 'id="approve"' not in slt.get(f"/accounts/{account_id}").text
    r = slt.post(f"/accounts/{account_id}/approve", data={})
    assert r.status_code == 403
    assert [a for a, _ in audit_of(web_db, account_id)] == ["account.request"]


def test_rows_of_other_schools_are_not_found_and_wrong_roles_refused(
    client: TestClient, signed_in_as: Signed
) -> None:
    account_id = request_page(client, handle(), school=MEADOWBANK)
    staff = signed_in_as(Role.STAFF)  # staff at Riverside only
    assert staff.get(f"/accounts/{account_id}").status_code == 404
    assert f"/accounts/{account_id}" not in staff.get("/accounts").text
    slt = signed_in_as(Role.SLT)  # SLT at Riverside only
    assert slt.post(f"/accounts/{account_id}/approve", data={}).status_code == 404
    assert client.post(f"/accounts/{account_id}/approve", data={}).status_code == 403
    assert signed_in_as(Role.DSL).get("/accounts").status_code == 403
    head = signed_in_as(Role.EXECUTIVE_HEAD)  # trust-wide
    r = head.post(f"/accounts/{account_id}/approve", data={}, follow_redirects=False)
    assert r.status_code == 303
    lead = signed_in_as(Role.SUBJECT_LEADER)  # Riverside only: cannot see it
    assert lead.post(f"/accounts/{account_id}/acknowledge").status_code == 404
    assert client.post(f"/accounts/{account_id}/approve", data={}).status_code == 403
    assert signed_in_as(Role.SLT).get("/accounts/999999").status_code == 404


def test_an_action_in_the_wrong_state_is_a_conflict(
    client: TestClient, signed_in_as: Signed
) -> None:
    account_id = request_page(client, handle())
    lead = signed_in_as(Role.SUBJECT_LEADER)
    r = lead.post(f"/accounts/{account_id}/acknowledge")
    assert r.status_code == 409 and "cannot be acknowledged" in r.text
    slt = signed_in_as(Role.SLT)
    reject = slt.post(f"/accounts/{account_id}/reject", data={"reason": ""})
    assert reject.status_code == 422 and 'id="reason-error"' in reject.text


def test_the_profile_check_flags_a_failing_account_until_fixed(
    client: TestClient, web_db: WebDatabase
) -> None:
    name = handle()
    account_id = request_page(client, name)
    bad = client.post(
        f"/accounts/{account_id}/profile",
        data={"profile_text": "Science club news", "direct_messages": "on"},
        follow_redirects=False,
    )
    assert bad.status_code == 303
    page = client.get(f"/accounts/{account_id}").text
    assert "S11: The profile does not link" in page and "S10: Direct messages are on" in page
    assert account_of(web_db, name).profile_ok is False
    missing = client.post(f"/accounts/{account_id}/profile", data={"direct_messages": "x"})
    assert missing.status_code == 422
    assert 'id="profile_text-error"' in missing.text
    assert 'id="direct_messages-error"' in missing.text
    good = "News. AUP: https://www.riversidetrust.example.org/policies/acceptable-use"
    client.post(
        f"/accounts/{account_id}/profile", data={"profile_text": good, "direct_messages": "off"}
    )
    assert account_of(web_db, name).profile_ok is True
    assert audit_of(web_db, account_id)[-1] == ("account.profile_check", "S10, S11")


def test_overdue_and_failing_accounts_are_flagged_on_the_dashboard(
    client: TestClient, signed_in_as: Signed, web_db: WebDatabase, accounts: Accounts
) -> None:
    name = handle()
    account_id = request_page(client, name)
    with web_db.writing() as session:
        account = session.get(db.Account, account_id)
        slt = session.scalars(
            select(db.User).where(db.User.email == accounts.demo[Role.SLT].email)
        ).one()
        assert account is not None
        flow.approve(session, account, user=slt, today=dt.date(2025, 6, 1))  # lapsed 2026-06-01
        flow.record_profile(session, account, user=slt, text="news", direct_messages="on")
    dashboard = client.get("/dashboard").text
    assert 'id="flag-accounts-overdue"' in dashboard
    assert 'id="flag-accounts-profile"' in dashboard
    row = client.get("/accounts").text.split(f'id="account-{account_id}"')[1].split("</tr>")[0]
    assert "re-approval overdue since 1 Jun 2026 (S2)" in row
    assert "profile check failed (S11, S10)" in row
    slt_client = signed_in_as(Role.SLT)
    r = slt_client.post(f"/accounts/{account_id}/reapprove", follow_redirects=False)
    assert r.status_code == 303
    assert account_of(web_db, name).approved_until == dt.date(2027, 11, 24)
    row = client.get("/accounts").text.split(f'id="account-{account_id}"')[1].split("</tr>")[0]
    assert "overdue" not in row


def test_close_needs_a_reason_and_keeps_the_row(client: TestClient, web_db: WebDatabase) -> None:
    name = handle()
    account_id = request_page(client, name)
    refused = client.post(f"/accounts/{account_id}/close", data={"close_reason": " "})
    assert refused.status_code == 422 and 'id="close_reason-error"' in refused.text
    client.post(f"/accounts/{account_id}/close", data={"close_reason": "Club ended."})
    assert account_of(web_db, name).status == "closed"
    assert audit_of(web_db, account_id)[-1] == ("account.close", "S2")


# -- the JSON API ---------------------------------------------------------------------


def test_the_api_requests_and_lists_accounts(client: TestClient, web_db: WebDatabase) -> None:
    name = handle()
    body = form(name) | {"platform": "x", "display_name": "Science club"}
    r = client.post("/api/accounts", json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["status"], made["url"], made["owner"]) == (
        "requested",
        f"https://x.com/{name}",
        "Sam Teacher",
    )
    listed = {a["handle"]: a for a in client.get("/api/accounts").json()}
    assert listed[name]["id"] == made["id"]
    assert listed["riversideacademy"]["status"] == "live"
    assert audit_of(web_db, made["id"]) == [("account.request", "S1")]


def test_the_api_rejects_bad_fields_one_message_each(
    client: TestClient, signed_in_as: Signed, web_db: WebDatabase
) -> None:
    before = count_accounts(web_db)
    r = client.post("/api/accounts", json={})
    assert r.status_code == 422
    missing = {tuple(e["loc"])[-1] for e in r.json()["detail"]}
    assert missing == {"school", "platform", "handle", "purpose", "linked_email"}
    r = client.post("/api/accounts", json=form(handle(), linked_email="me@gmail.com"))
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "linked_email"] and "not an official" in error["msg"]
    r = client.post("/api/accounts", json=form(handle(), platform="myspace"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "platform"]
    r = client.post("/api/accounts", json=form(handle(), school="Nowhere"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "school"]
    r = client.post("/api/accounts", json=form(handle()) | {"extra": 1})
    assert r.status_code == 422
    staff = signed_in_as(Role.STAFF)
    assert staff.post("/api/accounts", json=form(handle(), school=MEADOWBANK)).status_code == 403
    assert count_accounts(web_db) == before


def test_what_people_type_is_shown_escaped(client: TestClient) -> None:
    account_id = request_page(
        client, handle(), purpose="<script>alert(1)</script>", display_name="<b>Club</b>"
    )
    page = client.get(f"/accounts/{account_id}").text
    assert "<script>alert(1)</script>" not in page and "<b>Club</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
