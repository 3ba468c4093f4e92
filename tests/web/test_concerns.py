"""Safeguarding concerns on the web: staff report (page and API), the DSL side reads and acts.

The reporter sees a receipt, never the record; only DSL roles at the concern's school
open it, its files (sealed at rest, served as downloads) and its PDF export. Urgent
reports reach the DSL by e-mail at once (the loopback SMTP server), with a link and
no child data. A refused file refuses the whole report: nothing is kept.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from email.message import Message

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func, select

from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.store.rosters import find_trust
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, blank_png
from postguard.workflows.concerns import concern_from_comment
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.trusts import find_school

RIVERSIDE = "Riverside Academy"
MEADOWBANK = "Meadowbank Primary"
CHILD = "Zebedee Quartermaine"
WHAT = f"{CHILD} (Year 9) sent me a message on Instagram late last night saying she is scared."


def last_concern_id(web_db: WebDatabase) -> int:
    with web_db.reading() as session:
        return int(session.scalar(select(func.max(db.Concern.id))) or 0)


def counts(web_db: WebDatabase) -> tuple[int, int]:
    with web_db.reading() as session:
        return (
            int(session.scalar(select(func.count()).select_from(db.Concern)) or 0),
            int(session.scalar(select(func.count()).select_from(db.ConcernAttachment)) or 0),
        )


def events(web_db: WebDatabase, action: str, object_id: int | str) -> list[db.AuditEvent]:
    with web_db.reading() as session:
        return list(
            session.scalars(
                select(db.AuditEvent).where(
                    db.AuditEvent.action == action, db.AuditEvent.object_id == str(object_id)
                )
            )
        )


def report(
    client: TestClient,
    *,
    summary: str = WHAT,
    school: str = RIVERSIDE,
    urgent: bool = False,
    files: list[tuple[str, bytes, str]] | None = None,
    **extra: str,
) -> tuple[int, str]:
    """Post the report form; returns (status, the concern id from the receipt URL or "")."""
    data = {"summary": summary, "school": school, "children": CHILD, "platform": "instagram"}
    if urgent:
        data["urgent"] = "1"
    data |= extra
    upload = [("attachments", f) for f in files or []]
    r = client.post("/concerns/new", data=data, files=upload or None, follow_redirects=False)
    if r.status_code == 303:
        found = re.fullmatch(r"/concerns/received/(\d+)", r.headers["location"])
        assert found, r.headers["location"]
        return 303, found.group(1)
    return r.status_code, r.text


def text_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_the_report_form_offers_the_teachers_schools(client: TestClient) -> None:
    html = client.get("/concerns/new").text
    assert (
        '<option value="Riverside Academy"' in html and '<option value="Meadowbank Primary"' in html
    )
    assert 'name="attachments"' in html and 'type="file"' in html


def test_a_teacher_reports_and_sees_a_receipt_but_never_the_record(
    client: TestClient, signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase
) -> None:
    status, concern_id = report(client)
    assert status == 303
    receipt = client.get(f"/concerns/received/{concern_id}")
    assert receipt.status_code == 200
    assert f"PG-CONCERN-{concern_id}" in receipt.text
    assert "have been told" in receipt.text
    assert CHILD not in receipt.text and "scared" not in receipt.text
    assert client.get(f"/concerns/{concern_id}").status_code == 403
    assert client.get(f"/concerns/{concern_id}/export.pdf").status_code == 403
    dsl = signed_in_as(Role.DSL)
    page = dsl.get(f"/concerns/{concern_id}")
    assert page.status_code == 200 and CHILD in page.text and "scared" in page.text
    assert "Sam Teacher" in page.text  # the reporter, for the DSL
    # the receipt is the reporter's only: the DSL (not the reporter) gets a 404 there
    assert dsl.get(f"/concerns/received/{concern_id}").status_code == 404
    [event] = events(web_db, "concern.raise", concern_id)
    assert CHILD not in str(event.details) and event.school == RIVERSIDE


def test_an_urgent_report_is_mailed_to_the_dsl_and_deputy_without_child_data(
    client: TestClient, accounts: Accounts, mailbox: Mailbox
) -> None:
    status, concern_id = report(client, urgent=True)
    assert status == 303
    for role in (Role.DSL, Role.DEPUTY_DSL):
        [message] = mailbox.to(accounts.demo[role].email)
        body = text_of(message)
        assert message["Subject"].startswith(f"URGENT safeguarding concern #{concern_id}")
        assert f"/concerns/{concern_id}" in body
        for secret in (CHILD, "Zebedee", "scared", "Instagram", "instagram"):
            assert secret not in body and secret not in message["Subject"]
    assert mailbox.to(accounts.demo[Role.STAFF].email) == []


def test_a_report_that_is_not_urgent_waits_in_the_app(
    client: TestClient, accounts: Accounts, mailbox: Mailbox, web_db: WebDatabase
) -> None:
    status, concern_id = report(client)
    assert status == 303
    assert mailbox.to(accounts.demo[Role.DSL].email) == []
    with web_db.reading() as session:
        notes = session.scalars(
            select(db.Notification).where(db.Notification.link == f"/concerns/{concern_id}")
        ).all()
    assert {n.kind for n in notes} == {"concern.new"} and all(n.sent_at is None for n in notes)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"summary": "   "}, "summary", "Say what happened."),
        ({"school": "Hogwarts"}, "school", "Choose the school the concern is about."),
        ({"platform": "myspace"}, "platform", "Choose one of the listed platforms."),
    ],
)
def test_a_bad_report_is_shown_again_with_a_message_beside_the_field(
    client: TestClient, web_db: WebDatabase, fields: dict[str, str], field: str, message: str
) -> None:
    before = counts(web_db)
    status, html = report(client, **fields)
    assert status == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in html
    assert counts(web_db) == before


def test_an_oversized_attachment_refuses_the_report_and_keeps_nothing(
    client: TestClient, web_db: WebDatabase
) -> None:
    before = counts(web_db)
    big = blank_png() + b"\x00" * (10 * 1024 * 1024)
    status, html = report(
        client, files=[("ok.png", blank_png(), "image/png"), ("huge.png", big, "image/png")]
    )
    assert status == 422
    assert "huge.png is too big" in html and "the limit is 10 MB per file" in html
    assert 'id="attachments-error"' in html
    assert WHAT in html  # what was typed is kept for the next try
    assert counts(web_db) == before


def test_a_file_that_is_not_a_screenshot_or_pdf_is_refused(
    client: TestClient, web_db: WebDatabase
) -> None:
    before = counts(web_db)
    status, html = report(client, files=[("notes.png", b"MZ\x90\x00 not an image", "image/png")])
    assert status == 422 and "notes.png cannot be attached" in html
    assert counts(web_db) == before


def test_attachments_are_sealed_and_served_to_dsl_roles_only(
    client: TestClient, signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase
) -> None:
    png = blank_png(20, 10)
    status, concern_id = report(client, files=[("screen shot.png", png, "image/png")])
    assert status == 303
    with web_db.reading() as session:
        row = session.scalars(
            select(db.ConcernAttachment).where(db.ConcernAttachment.concern_id == int(concern_id))
        ).one()
        attachment_id, sealed = row.id, row.sealed
    assert png not in sealed and row.size == len(png) and row.content_type == "image/png"
    url = f"/concerns/{concern_id}/attachments/{attachment_id}"
    for role in (Role.DSL, Role.DEPUTY_DSL):
        r = signed_in_as(role).get(url)
        assert r.status_code == 200 and r.content == png
        assert r.headers["content-type"] == "image/png"
        assert r.headers["content-disposition"].startswith('attachment; filename="screen shot.png"')
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "no-store" in r.headers["cache-control"]
    assert client.get(url).status_code == 403
    assert signed_in_as(Role.SLT).get(url).status_code == 403
    assert (
        signed_in_as(Role.DSL).get(f"/concerns/{concern_id}/attachments/999999").status_code == 404
    )
    assert len(events(web_db, "concern.attachment.view", attachment_id)) == 2


def test_an_attachment_that_cannot_be_unsealed_is_a_clear_refusal_not_a_server_error(
    client: TestClient, signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase
) -> None:
    """A file sealed under an older secret key (or altered in the database) is refused with a
    message; nothing is served and no opening is recorded."""
    status, concern_id = report(client, files=[("dm.png", blank_png(), "image/png")])
    assert status == 303
    with web_db.writing() as session:
        row = session.scalars(
            select(db.ConcernAttachment).where(db.ConcernAttachment.concern_id == int(concern_id))
        ).one()
        row.sealed = b"gAAAAA-sealed-under-another-key"
        attachment_id = row.id
    r = signed_in_as(Role.DSL).get(f"/concerns/{concern_id}/attachments/{attachment_id}")
    assert r.status_code == 409 and "cannot be opened" in r.text
    assert events(web_db, "concern.attachment.view", attachment_id) == []


def test_a_concern_at_another_school_is_not_found_for_the_dsl(
    client: TestClient, signed_in_as: Callable[[Role], TestClient]
) -> None:
    status, concern_id = report(client, school=MEADOWBANK)  # the demo DSL is at Riverside
    assert status == 303
    dsl = signed_in_as(Role.DSL)
    assert dsl.get(f"/concerns/{concern_id}").status_code == 404
    assert dsl.get(f"/concerns/{concern_id}/export.pdf").status_code == 404
    assert dsl.post(f"/concerns/{concern_id}/notes", data={"text": "x"}).status_code == 404
    assert f'/concerns/{concern_id}"' not in dsl.get("/concerns").text


def test_the_dsl_adds_to_the_chronology_closes_with_an_outcome_and_exports_a_pdf(
    client: TestClient, signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase
) -> None:
    status, concern_id = report(client, files=[("chat.png", blank_png(), "image/png")])
    assert status == 303
    dsl = signed_in_as(Role.DSL)
    empty = dsl.post(f"/concerns/{concern_id}/notes", data={"text": "  "})
    assert empty.status_code == 422 and 'id="text-error">Say what was done.' in empty.text
    done = dsl.post(f"/concerns/{concern_id}/notes", data={"text": "Called the parent at 9:10."})
    assert done.status_code == 200 and "Called the parent at 9:10." in done.text
    no_outcome = dsl.post(f"/concerns/{concern_id}/close", data={"outcome": ""})
    assert (
        no_outcome.status_code == 422 and 'id="outcome-error">Give the outcome.' in no_outcome.text
    )
    closed = dsl.post(
        f"/concerns/{concern_id}/close", data={"outcome": "Referred to children's services."}
    )
    assert closed.status_code == 200 and "Referred to children&#39;s services." in closed.text
    again = dsl.post(f"/concerns/{concern_id}/notes", data={"text": "Late note"})
    assert again.status_code == 422 and "closed" in again.text
    assert client.post(f"/concerns/{concern_id}/close", data={"outcome": "x"}).status_code == 403

    pdf = dsl.get(f"/concerns/{concern_id}/export.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert f"PG-CONCERN-{concern_id}" in flat
    assert "Called the parent at 9:10." in flat
    assert "Referred to children's services." in flat
    assert CHILD in flat and "chat.png" in flat and "SHA-256" in flat
    assert RIVERSIDE in flat and DEMO_TRUST in flat
    for action in ("concern.note", "concern.close", "concern.export"):
        [event] = events(web_db, action, concern_id)
        assert event.details.get("clause") == "P2, P3"
    with web_db.reading() as session:
        assert verify(session).ok


def test_the_queue_puts_urgent_open_concerns_first_and_shows_how_long_each_waited(
    client: TestClient, signed_in_as: Callable[[Role], TestClient]
) -> None:
    _, calm = report(client, summary="A pupil's friend request to a teacher.")
    _, urgent = report(client, summary="A pupil says they will hurt themselves.", urgent=True)
    html = signed_in_as(Role.DSL).get("/concerns").text
    order = [int(i) for i in re.findall(r'<li class="finding [^"]*" id="concern-(\d+)">', html)]
    assert order.index(int(urgent)) < order.index(int(calm))
    assert html.count('class="waited"') >= 2 and "just now" in html


def test_the_dsl_dashboard_flags_urgent_open_concerns(
    client: TestClient, signed_in_as: Callable[[Role], TestClient]
) -> None:
    report(client, urgent=True)
    html = signed_in_as(Role.DSL).get("/dashboard").text
    assert 'id="flag-concerns-urgent"' in html
    assert 'id="flag-concerns-urgent"' not in signed_in_as(Role.SLT).get("/dashboard").text


def test_a_comment_kept_as_evidence_is_shown_escaped_with_its_labels(
    signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase
) -> None:
    with web_db.writing() as session:
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        school = find_school(session, trust, RIVERSIDE)
        assert school is not None
        account = db.Account(
            trust_id=trust.id,
            school_id=school.id,
            platform="facebook",
            handle=f"@riverside-evidence-{last_concern_id(web_db)}",
            status="live",
        )
        session.add(account)
        session.flush()
        comment = db.Comment(
            account_id=account.id,
            platform_comment_id="c-1",
            author_handle="worried.neighbour",
            text="<script>alert(1)</script> nobody at home would notice if I left",
            verdict={"labels": ["safeguarding"], "scores": {"safeguarding": 0.91}},
        )
        session.add(comment)
        session.flush()
        concern, _ = concern_from_comment(session, comment, actor="test")
        concern_id = concern.id
    html = signed_in_as(Role.DSL).get(f"/concerns/{concern_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; nobody at home" in html
    assert "<script>alert(1)" not in html
    assert "worried.neighbour" in html and "safeguarding 0.91" in html


# -- the JSON API ----------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_the_api_reports_a_concern_and_answers_the_receipt_only(
    client: TestClient, web_db: WebDatabase
) -> None:
    r = client.post(
        "/api/concerns",
        json={
            "summary": WHAT,
            "school": RIVERSIDE,
            "children": CHILD,
            "platform": "x",
            "attachments": [{"filename": "dm.png", "data": b64(blank_png())}],
        },
    )
    assert r.status_code == 201, r.text
    answer = r.json()
    assert set(answer) == {"id", "reference", "received_at", "receipt", "message"}
    assert answer["reference"] == f"PG-CONCERN-{answer['id']}"
    assert CHILD not in r.text
    with web_db.reading() as session:
        assert (
            session.scalar(
                select(func.count()).where(db.ConcernAttachment.concern_id == answer["id"])
            )
            == 1
        )


def test_the_api_receipt_says_so_when_nobody_holds_the_dsl_role_at_the_school(
    client: TestClient,
) -> None:
    """Like the page's receipt: a reporter must not be told the DSL has it when no one holds
    the role there (the demo's DSL and deputy are at Riverside only)."""
    r = client.post("/api/concerns", json={"summary": WHAT, "school": MEADOWBANK})
    assert r.status_code == 201, r.text
    message = r.json()["message"]
    assert "nobody holds the DSL role" in message and "in person" in message
    assert "have it" not in message
    told = client.post("/api/concerns", json={"summary": WHAT, "school": RIVERSIDE})
    assert "deputies have it" in told.json()["message"]


@pytest.mark.parametrize(
    "body, loc",
    [
        ({"school": RIVERSIDE}, ["body", "summary"]),
        ({"summary": "x", "school": "Hogwarts"}, ["body", "school"]),
        ({"summary": "x", "school": RIVERSIDE, "platform": "myspace"}, ["body", "platform"]),
        (
            {"summary": "x", "school": RIVERSIDE, "attachments": [{"data": "%%%"}]},
            ["body", "attachments", 0, "data"],
        ),
        (
            {"summary": "x", "school": RIVERSIDE, "attachments": [{"data": b64(b"hello")}]},
            ["body", "attachments"],
        ),
    ],
)
def test_the_api_refuses_bad_fields_one_by_one_and_keeps_nothing(
    client: TestClient, web_db: WebDatabase, body: dict[str, object], loc: list[object]
) -> None:
    before = counts(web_db)
    r = client.post("/api/concerns", json=body)
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [loc]
    assert counts(web_db) == before


def test_the_api_refuses_a_school_where_the_person_may_not_report(
    signed_in_as: Callable[[Role], TestClient],
) -> None:
    board = signed_in_as(Role.BOARD)  # the board holds no staff role
    r = board.post("/api/concerns", json={"summary": "x", "school": RIVERSIDE})
    assert r.status_code == 403
