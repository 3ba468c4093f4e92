"""Comment moderation in the web app (S9; P2, P3): form, import, API, queue, restore, decide."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postguard import audit
from postguard.auth.roles import Role
from postguard.comment_imports import IncomingComment
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.web import comments_view
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, live_account
from postguard.workflows.moderation import receive_comments, restore

RIVERSIDE, MEADOWBANK = "Riverside Academy", "Meadowbank Primary"
ABUSIVE = "You are a useless idiot, Mr Smith, get out of our school"
SPAM = "Buy cheap followers now, DM me for crypto gains"
OK = "Great sports day, thank you to all the staff!"
SAFEGUARDING = "I am 12 and my teacher touches me and told me not to tell anyone"
HOSTILE = "<script>alert('pg')</script> you stupid cow <img src=x onerror=alert('pg')>"
HOSTILE_AUTHOR = '"><img src=x onerror=alert(1)>'
RAW_MARKUP = ("<script>alert(", "<img src=x onerror")

Client = Callable[[Role], TestClient]


def enter(client: TestClient, account: int, text: str, author: str = "") -> int:
    answer = client.post(
        "/comments/new",
        data={"account": str(account), "text": text, "author": author},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/comments/(\d+)", answer.headers["location"])
    assert found
    return int(found.group(1))


def comment_row(web_db: WebDatabase, comment_id: int) -> db.Comment:
    with web_db.reading() as s:
        row = s.get(db.Comment, comment_id)
        assert row is not None
        s.expunge(row)
        return row


def last_events(web_db: WebDatabase, object_id: int) -> list[tuple[str, object]]:
    with web_db.reading() as s:
        rows = s.scalars(
            select(db.AuditEvent)
            .where(
                db.AuditEvent.object_type == "comment", db.AuditEvent.object_id == str(object_id)
            )
            .order_by(db.AuditEvent.seq)
        ).all()
        assert audit.verify(s).ok
        return [(e.action, e.details.get("clause")) for e in rows]


def count_comments(web_db: WebDatabase) -> int:
    with web_db.reading() as s:
        return int(s.scalar(select(func.count(db.Comment.id))) or 0)


def no_raw_markup(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html


def test_an_abusive_comment_is_hidden_reported_to_slt_and_listed_with_the_action(
    signed_in_as: Client, web_db: WebDatabase, accounts: Accounts, mailbox: Mailbox
) -> None:
    slt = signed_in_as(Role.SLT)
    account, handle = live_account(web_db)
    page = slt.get("/comments/new")
    assert page.status_code == 200 and handle in page.text
    comment_id = enter(slt, account, ABUSIVE, "angry parent")
    detail = slt.get(f"/comments/{comment_id}")
    assert "Hidden and reported to SLT" in detail.text and "idiot" in detail.text
    assert "Restore the comment" in detail.text
    queue = slt.get("/comments")
    item = re.search(
        rf'<li class="comment-item[^"]*" id="comment-{comment_id}">(.*?)</li>\s*'
        r'(?=<li class="comment-item|</ol>)',
        queue.text,
        re.S,
    )
    assert item, "the hidden comment is in the SLT report queue"
    assert "hidden and reported to SLT" in item.group(1) and "abusive" in item.group(1)
    assert "waited" in item.group(1)
    row = comment_row(web_db, comment_id)
    assert (row.status, row.outcome, row.source) == ("hidden", "reported_slt", "web")
    assert last_events(web_db, comment_id) == [("comment.hide", "S9")]
    (mail,) = mailbox.to(accounts.demo[Role.SLT].email)
    body = str(mail.get_payload(decode=True), "utf-8")
    assert (
        "1 comment hidden and reported" in " ".join(str(mail["Subject"]).split())
        and "/comments" in body
    )
    assert "idiot" not in body and "angry parent" not in body


def test_hostile_text_is_escaped_on_every_page(signed_in_as: Client, web_db: WebDatabase) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    hidden = enter(slt, account, HOSTILE, HOSTILE_AUTHOR)
    assert comment_row(web_db, hidden).status == "hidden"
    with web_db.writing() as s:
        queued_row = (
            receive_comments(
                s,
                s.get(db.Account, account),  # type: ignore[arg-type]
                [IncomingComment(f"q{uuid4().hex}", HOSTILE_AUTHOR, HOSTILE, None, "t")],
                "api",
                actor="test",
                classify=None,
            )
            .results[0]
            .comment
        )
        queued = queued_row.id
    pages = [slt.get("/comments").text, slt.get(f"/comments/{hidden}").text]
    pages.append(slt.get(f"/comments/{queued}").text)
    bad_restore = slt.post(f"/comments/{hidden}/restore", data={"reason": " "})
    assert bad_restore.status_code == 422
    pages.append(bad_restore.text)
    bad_decide = slt.post(f"/comments/{queued}/decide", data={"label": HOSTILE})
    assert bad_decide.status_code == 422
    pages.append(bad_decide.text)
    restored = slt.post(
        f"/comments/{hidden}/restore", data={"reason": HOSTILE}, follow_redirects=True
    )
    pages.append(restored.text)
    form = slt.post("/comments/new", data={"account": "x", "text": HOSTILE, "author": HOSTILE})
    assert form.status_code == 422
    pages.append(form.text)
    upload = slt.post(
        "/comments/import",
        data={"account": str(account), "format": "csv"},
        files={"file": ("<img src=x onerror=alert(1)>.csv", b"id,text\n,x\n", "text/csv")},
    )
    assert upload.status_code == 422
    pages.append(upload.text)
    good = slt.post(
        "/comments/import",
        data={"account": str(account), "format": "csv"},
        files={"file": ("<script>alert(1)</script>.csv", b"id,text\nz1,hi\n", "text/csv")},
    )
    assert good.status_code == 200
    pages.append(good.text)
    for html in pages:
        no_raw_markup(html)
    assert any("&lt;script&gt;alert(" in html for html in pages)
    assert all("&lt;img src=x onerror" in html or "&#34;&gt;&lt;img" in html for html in pages[:3])
    api = slt.post(
        "/api/comments",
        json={
            "platform": "facebook",
            "handle": _handle(web_db, account),
            "comments": [{"id": f"a{uuid4().hex}", "text": HOSTILE}],
        },
    )
    assert api.status_code == 200 and "script" not in api.text


def _handle(web_db: WebDatabase, account: int) -> str:
    with web_db.reading() as s:
        row = s.get(db.Account, account)
        assert row is not None
        return row.handle


def test_the_form_rejects_bad_input_per_field_and_stores_nothing(
    signed_in_as: Client, web_db: WebDatabase
) -> None:
    slt = signed_in_as(Role.SLT)
    other, _ = live_account(web_db, MEADOWBANK)  # SLT holds no role at Meadowbank
    before = count_comments(web_db)
    empty = slt.post("/comments/new", data={})
    assert empty.status_code == 422
    assert "Choose one of the listed accounts." in empty.text
    assert "Enter the comment&#39;s text." in empty.text
    elsewhere = slt.post(
        "/comments/new",
        data={"account": str(other), "text": "x" * 20_001, "author": "a" * 201},
    )
    assert elsewhere.status_code == 422
    assert "Choose one of the listed accounts." in elsewhere.text
    assert "longer than 20,000 characters" in elsewhere.text
    assert "The author is longer than 200 characters." in elsewhere.text
    assert count_comments(web_db) == before


def test_people_see_and_act_on_comments_of_their_schools_only(
    signed_in_as: Client, client: TestClient, web_db: WebDatabase
) -> None:
    head = signed_in_as(Role.EXECUTIVE_HEAD)
    slt = signed_in_as(Role.SLT)
    meadow, _ = live_account(web_db, MEADOWBANK)
    comment_id = enter(head, meadow, SPAM)
    assert f'id="comment-{comment_id}"' in head.get("/comments").text
    assert f'id="comment-{comment_id}"' not in slt.get("/comments").text
    assert slt.get(f"/comments/{comment_id}").status_code == 404
    assert slt.post(f"/comments/{comment_id}/restore", data={"reason": "x"}).status_code == 404
    assert client.get("/comments").status_code == 403  # a teacher
    assert client.get(f"/comments/{comment_id}").status_code == 403
    assert signed_in_as(Role.DSL).get("/comments").status_code == 403
    assert comment_row(web_db, comment_id).status == "hidden"


def test_a_moderator_restores_with_a_reason(signed_in_as: Client, web_db: WebDatabase) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    comment_id = enter(slt, account, SPAM)
    missing = slt.post(f"/comments/{comment_id}/restore", data={"reason": ""})
    assert missing.status_code == 422 and "Say why the comment can be shown again." in missing.text
    assert comment_row(web_db, comment_id).status == "hidden"
    done = slt.post(
        f"/comments/{comment_id}/restore",
        data={"reason": "The PTA's own raffle."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    row = comment_row(web_db, comment_id)
    assert row.status == "restored" and row.restore_reason == "The PTA's own raffle."
    page = slt.get(f"/comments/{comment_id}").text
    assert "Restored by a moderator" in page and "Restore the comment" not in page
    again = slt.post(f"/comments/{comment_id}/restore", data={"reason": "again"})
    assert again.status_code == 422 and "already restored" in again.text
    assert last_events(web_db, comment_id) == [("comment.hide", "S9"), ("comment.restore", "S9")]


def test_a_safeguarding_comment_goes_to_the_dsl_not_to_slt(
    signed_in_as: Client, web_db: WebDatabase, accounts: Accounts, mailbox: Mailbox
) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    comment_id = enter(slt, account, SAFEGUARDING)
    row = comment_row(web_db, comment_id)
    assert (row.status, row.outcome) == ("hidden", "referred_dsl")
    page = slt.get(f"/comments/{comment_id}").text
    assert "referred to the Designated Safeguarding Lead" in page
    assert "touches" not in page and "Restore the comment" not in page
    queue = slt.get("/comments").text
    assert "touches" not in queue and 'id="referred-note"' in queue
    refused = slt.post(f"/comments/{comment_id}/restore", data={"reason": "harmless"})
    assert refused.status_code == 403
    with web_db.reading() as s:
        concern = s.scalars(select(db.Concern).where(db.Concern.comment_id == comment_id)).one()
        assert concern.source == "comment"
    assert last_events(web_db, comment_id) == [("comment.refer", "P2, P3")]
    dsl_mail = mailbox.to(accounts.demo[Role.DSL].email)
    assert dsl_mail and all("touches" not in str(m.get_payload()) for m in dsl_mail)
    assert mailbox.to(accounts.demo[Role.SLT].email) == []


def test_a_person_decides_a_queued_comment(signed_in_as: Client, web_db: WebDatabase) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    with web_db.writing() as s:
        acct = s.get(db.Account, account)
        assert acct is not None
        receipt = receive_comments(
            s, acct, [IncomingComment("only", "", SPAM, None, "t")], "api", actor="t", classify=None
        )
        comment_id = receipt.results[0].comment.id
    page = slt.get(f"/comments/{comment_id}").text
    assert "Decide this comment" in page and "Queued for a person to decide" in page
    assert f'id="comment-{comment_id}"' in slt.get("/comments").text
    blank = slt.post(f"/comments/{comment_id}/decide", data={"label": ""})
    assert blank.status_code == 422 and "Choose what the comment is." in blank.text
    done = slt.post(
        f"/comments/{comment_id}/decide",
        data={"label": "spam", "decide_reason": "Selling followers."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert comment_row(web_db, comment_id).outcome == "reported_slt"
    decided = slt.get(f"/comments/{comment_id}").text
    assert "Action taken: hidden and reported to SLT" in decided
    assert "A person decided: <strong>spam</strong>: Selling followers." in decided
    assert last_events(web_db, comment_id) == [("comment.queue", "S9"), ("comment.hide", "S9")]


CSV = b"id,author,text,created_time\nc1,Ann,Great sports day, thank you to all the staff!,\n"


def test_an_export_is_imported_once_and_a_bad_one_imports_nothing(
    signed_in_as: Client, web_db: WebDatabase
) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    assert "Import and classify" in slt.get("/comments/import").text
    export = {
        "data": [
            {"id": "m1", "message": OK, "from": {"name": "A", "id": "1"}},
            {"id": "m2", "message": ABUSIVE, "created_time": "2026-11-20T09:30:00+0000"},
            {"id": "m3", "message": SAFEGUARDING},
        ],
        "paging": {},
    }
    files = {"file": ("page.json", json.dumps(export).encode(), "application/json")}
    first = slt.post("/comments/import", data={"account": str(account)}, files=files)
    assert first.status_code == 200
    assert "kept: 1" in first.text and "hidden and reported to SLT: 1" in first.text
    assert "referred to the DSL: 1" in first.text
    again = slt.post("/comments/import", data={"account": str(account)}, files=files)
    assert "already imported: 3" in again.text and "kept: 0" in again.text
    before = count_comments(web_db)
    broken = b'id,text\nb1,fine\n,"no id here"\n'
    bad = slt.post(
        "/comments/import",
        data={"account": str(account), "format": "csv"},
        files={"file": ("bad.csv", broken, "text/csv")},
    )
    assert bad.status_code == 422 and "Nothing was imported: bad.csv:3: no comment id" in bad.text
    nothing = slt.post("/comments/import", data={"account": "", "format": "pdf"})
    assert nothing.status_code == 422
    for message in (
        "Choose one of the listed accounts.",
        "Choose one of the listed formats.",
        "Choose the export file to upload.",
    ):
        assert message in nothing.text
    assert count_comments(web_db) == before


def test_the_api_decides_comments_and_rejects_bad_input_per_field(
    signed_in_as: Client, web_db: WebDatabase
) -> None:
    slt = signed_in_as(Role.SLT)
    account, handle = live_account(web_db)
    body = {
        "platform": "facebook",
        "handle": handle,
        "comments": [
            {"id": "1", "author": "A", "text": OK, "posted_at": "2026-11-20T09:30:00Z"},
            {"id": "2", "text": ABUSIVE},
        ],
    }
    answer = slt.post("/api/comments", json=body)
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert [(d["id"], d["status"], d["action"]) for d in doc["decisions"]] == [
        ("1", "visible", "keep"),
        ("2", "hidden", "hide-and-report-to-SLT"),
    ]
    assert (doc["kept"], doc["hidden"], doc["duplicates"]) == (1, 1, 0)
    assert doc["decisions"][1]["labels"] == ["abusive"] and "idiot" not in answer.text
    again = slt.post("/api/comments", json=body).json()
    assert again["duplicates"] == 2 and [d["duplicate"] for d in again["decisions"]] == [True, True]
    before = count_comments(web_db)
    bad = slt.post(
        "/api/comments",
        json={"platform": "facebook", "handle": handle, "comments": [{"id": "", "txt": "x"}]},
    )
    assert bad.status_code == 422
    locs = {tuple(e["loc"]) for e in bad.json()["detail"]}
    assert {("body", "comments", 0, "id"), ("body", "comments", 0, "text")} <= locs
    unknown = slt.post("/api/comments", json={**body, "handle": "nobody-here"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "handle"]
    empty = slt.post("/api/comments", json={**body, "comments": []})
    assert empty.status_code == 422
    _, meadow = live_account(web_db, MEADOWBANK)
    assert slt.post("/api/comments", json={**body, "handle": meadow}).status_code == 403
    assert count_comments(web_db) == before


def test_the_dashboard_flags_hidden_and_waiting_comments(
    signed_in_as: Client, web_db: WebDatabase
) -> None:
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    enter(slt, account, ABUSIVE)
    with web_db.writing() as s:
        acct = s.get(db.Account, account)
        assert acct is not None
        receive_comments(
            s, acct, [IncomingComment("w", "", OK, None, "t")], "api", actor="t", classify=None
        )
    page = slt.get("/dashboard").text
    assert 'id="flag-comments-hidden"' in page and 'id="flag-comments-queued"' in page
    assert 'id="card-comments"' in page
    assert 'href="/comments"' in page
    staff = signed_in_as(Role.STAFF).get("/dashboard").text
    assert "flag-comments" not in staff and 'id="card-comments"' not in staff


def test_a_referred_comments_notes_stay_with_the_dsl(
    signed_in_as: Client, web_db: WebDatabase, accounts: Accounts
) -> None:
    """The words a person wrote about a safeguarding comment (the note deciding it, the DSL's
    reason for restoring it) may name the child: moderators without concern.view never see
    them, as they never see the comment's own words (P2, P3)."""
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    with web_db.writing() as s:
        acct = s.get(db.Account, account)
        assert acct is not None
        receipt = receive_comments(
            s, acct, [IncomingComment("q", "", SPAM, None, "t")], "api", actor="t", classify=None
        )
        comment_id = receipt.results[0].comment.id
    note = "Zebedee in year 7 wrote this about home"
    done = slt.post(
        f"/comments/{comment_id}/decide",
        data={"label": "safeguarding", "decide_reason": note},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = slt.get(f"/comments/{comment_id}").text
    assert "referred to the Designated Safeguarding Lead" in page
    assert "Zebedee" not in page and "A person decided" in page
    with web_db.writing() as s:
        dsl = s.scalars(select(db.User).where(db.User.email == accounts.demo[Role.DSL].email)).one()
        row = s.get(db.Comment, comment_id)
        assert row is not None
        restore(s, row, dsl, "Zebedee's mother confirmed it is a quote from a book")
    restored = slt.get(f"/comments/{comment_id}").text
    assert "Restored by a moderator" in restored and "Zebedee" not in restored
    assert comment_row(web_db, comment_id).restore_reason.startswith("Zebedee's mother")
    assert last_events(web_db, comment_id)[-1] == ("comment.restore", "P2, P3")


@pytest.mark.parametrize("account", ["\u00b2", "1" * 5000])
def test_a_malformed_account_number_is_a_message_not_a_server_error(
    signed_in_as: Client, account: str
) -> None:
    slt = signed_in_as(Role.SLT)
    entered = slt.post("/comments/new", data={"account": account, "text": OK})
    assert entered.status_code == 422 and "Choose one of the listed accounts." in entered.text
    upload = slt.post(
        "/comments/import",
        data={"account": account, "format": "csv"},
        files={"file": ("c.csv", CSV, "text/csv")},
    )
    assert upload.status_code == 422 and "Choose one of the listed accounts." in upload.text


@pytest.mark.parametrize("posted_at", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
def test_the_api_refuses_a_time_outside_the_calendar_and_stores_nothing(
    signed_in_as: Client, web_db: WebDatabase, posted_at: str
) -> None:
    slt = signed_in_as(Role.SLT)
    _, handle = live_account(web_db)
    before = count_comments(web_db)
    body = {
        "platform": "facebook",
        "handle": handle,
        "comments": [
            {"id": "1", "text": OK},
            {"id": "2", "text": OK, "posted_at": posted_at},
        ],
    }
    answer = slt.post("/api/comments", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "comments", 1, "posted_at"]
    assert count_comments(web_db) == before


def test_a_comment_waiting_for_a_person_stays_in_the_queue_behind_newer_hidden_ones(
    signed_in_as: Client, web_db: WebDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue is limited; a comment nobody has decided must not drop off its end."""
    slt = signed_in_as(Role.SLT)
    account, _ = live_account(web_db)
    with web_db.writing() as s:
        acct = s.get(db.Account, account)
        assert acct is not None
        receipt = receive_comments(
            s, acct, [IncomingComment("wait", "", OK, None, "t")], "api", actor="t", classify=None
        )
        waiting = receipt.results[0].comment.id
    hidden = [enter(slt, account, SPAM + f" {n}") for n in range(2)]
    monkeypatch.setattr(comments_view, "QUEUE_LIMIT", 2)
    page = slt.get("/comments").text
    assert f'id="comment-{waiting}"' in page
    assert f'id="comment-{hidden[-1]}"' in page


def test_the_api_takes_comments_only_for_an_account_the_form_offers(
    signed_in_as: Client, web_db: WebDatabase
) -> None:
    """A request still waiting, or a refused one, is not an account of the trust's yet."""
    slt = signed_in_as(Role.SLT)
    account, handle = live_account(web_db)
    with web_db.writing() as s:
        row = s.get(db.Account, account)
        assert row is not None
        row.status = "rejected"
    before = count_comments(web_db)
    body = {"platform": "facebook", "handle": handle, "comments": [{"id": "1", "text": OK}]}
    answer = slt.post("/api/comments", json=body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "handle"]
    assert "rejected" in answer.json()["detail"][0]["msg"]
    offered = slt.get("/comments/new").text
    assert f'<option value="{account}"' not in offered
    assert count_comments(web_db) == before
