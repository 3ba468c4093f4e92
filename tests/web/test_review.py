"""The review queue over HTTP (S2, S5): send to SLT, review in place, approve, return, consent.

Every test makes its own posts (a unique marker in the text) in the shared demo
database, so the order the tests run in does not matter. Photos are composed at
test time from the deepface test portraits (adults) in ``../shared``; every face
is unknown to the web tests' empty gallery.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from postguard import audit
from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.testing import TEACHER, Accounts, group_photo

REPO = Path(__file__).resolve().parents[2]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
HERE = "Riverside Academy"  # the demo SLT's school
THERE = "Meadowbank Primary"
Clients = Callable[[Role], TestClient]


def marker() -> str:
    return f"ref {uuid.uuid4().hex[:10]}"


def blocked_text(mark: str) -> str:
    return f"Well done Isla McTavish for reading every day this term! ({mark})"


def fixed_text(mark: str) -> str:
    return f"Well done to our star reader for reading every day this term! ({mark})"


def check(client: TestClient, text: str, school: str = HERE, **extra: object) -> tuple[str, int]:
    """Check a post on the page; the page and the post's id."""
    data: dict[str, object] = {"text": text, "school": school, "platform": "instagram"}
    files = extra.pop("files", None)
    response = client.post("/check", data=data | extra, files=files)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    found = re.search(r'name="post" value="(\d+)"', response.text)
    assert found, "the check was not kept"
    return response.text, int(found.group(1))


def send(client: TestClient, post_id: int) -> None:
    answer = client.post(f"/posts/{post_id}/submit", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, f"/posts?sent={post_id}")


def latest_check(web_db: WebDatabase, post_id: int) -> int:
    with web_db.reading() as session:
        found = session.scalar(
            select(db.PostCheck.id)
            .where(db.PostCheck.post_id == post_id)
            .order_by(db.PostCheck.id.desc())
        )
        assert found is not None
        return int(found)


def the_post(web_db: WebDatabase, post_id: int) -> db.Post:
    with web_db.reading() as session:
        post = session.get(db.Post, post_id)
        assert post is not None
        session.expunge(post)
        return post


def events_for(web_db: WebDatabase, post_id: int) -> list[tuple[str, dict[str, object]]]:
    with web_db.reading() as session:
        rows = session.scalars(
            select(db.AuditEvent)
            .where(db.AuditEvent.object_type == "post", db.AuditEvent.object_id == str(post_id))
            .order_by(db.AuditEvent.seq)
        )
        return [(e.action, dict(e.details)) for e in rows]


def act(client: TestClient, post_id: int, action: str, **data: object) -> tuple[int, str, str]:
    answer = client.post(f"/review/{post_id}/{action}", data=data, follow_redirects=False)
    return answer.status_code, answer.headers.get("location", ""), answer.text


def test_a_checked_post_is_sent_to_slt_and_waits_in_the_queue_oldest_first(
    client: TestClient,
    signed_in_as: Clients,
    accounts: Accounts,
    mailbox: Mailbox,
    web_db: WebDatabase,
) -> None:
    mark = marker()
    html, first = check(client, blocked_text(mark))
    assert f'action="/posts/{first}/submit"' in html and ">Send to SLT</button>" in html
    _, second = check(client, f"Call Maisie Trelawney's mum on 07700 900111 ({mark})")
    send(client, first)
    send(client, second)
    mine = client.get(f"/posts?sent={first}").text
    assert f"Post #{first} was sent to SLT for review" in mine
    assert mine.count("waiting for review") >= 2

    slt = accounts.demo[Role.SLT]
    mails = mailbox.to(slt.email)
    assert any(f"/review/{first}" in str(m.get_payload()) for m in mails)
    assert all("Isla" not in str(m.get_payload()) + str(m["Subject"]) for m in mails)
    assert mailbox.to(accounts.demo[Role.STAFF].email) == []  # staff are not told

    queue = signed_in_as(Role.SLT).get("/review").text
    waiting = queue.split('id="waiting"')[1].split("</table>")[0]
    assert waiting.index(f"/review/{first}") < waiting.index(f"/review/{second}")
    assert "S7" in waiting and "blocked" in waiting and "Sam Teacher" in waiting
    assert events_for(web_db, first)[-1] == ("post.submit", {"clause": "S2", "outcome": "blocked"})
    again = client.post(f"/posts/{first}/submit", follow_redirects=False)
    assert again.status_code == 409 and "already waiting for review" in again.text


def test_the_reviewer_sees_the_findings_in_place_with_the_history(
    client: TestClient, signed_in_as: Clients
) -> None:
    _, post_id = check(client, blocked_text(marker()))
    send(client, post_id)
    html = signed_in_as(Role.SLT).get(f"/review/{post_id}").text
    assert re.search(r'<mark class="act-block" data-findings="\d+">Isla McTavish</mark>', html)
    assert 'id="finding-1"' in html and "S7 (" in html and "Suggested fix:" in html
    assert "Checked: blocked" in html and "Last sent for review" in html
    assert 'id="blocked-note"' in html and 'id="approve-form"' not in html  # never approved
    assert 'id="return-form"' in html


def test_returned_fixed_on_the_same_post_and_approved_with_a_reason(
    client: TestClient,
    signed_in_as: Clients,
    accounts: Accounts,
    mailbox: Mailbox,
    web_db: WebDatabase,
) -> None:
    mark = marker()
    _, post_id = check(client, blocked_text(mark))
    send(client, post_id)
    slt = signed_in_as(Role.SLT)
    first = latest_check(web_db, post_id)

    status, _, html = act(slt, post_id, "approve", reason="Fine", check=first)
    assert status == 409 and "never approved" in html
    status, _, html = act(slt, post_id, "return", comments="  ", check=first)
    assert status == 422
    assert '<p class="field-error" id="return-comments-error">Give your comments' in html
    assert 'aria-invalid="true"' in html
    assert the_post(web_db, post_id).status == "in_review"  # nothing half-written

    comments = "Please take the pupil's name out, then send it again."
    status, location, _ = act(slt, post_id, "return", comments=comments, check=first)
    assert (status, location) == (303, f"/review/{post_id}?done=return")
    assert any("/posts" in str(m.get_payload()) for m in mailbox.to(TEACHER))
    mine = client.get("/posts").text
    card = mine.split(f'id="post-{post_id}"')[1].split("</li>")[0]
    assert "returned with comments" in card and "take the pupil&#39;s name out" in card
    assert f'href="/check?post={post_id}"' in card

    page = client.get(f"/check?post={post_id}").text
    assert blocked_text(mark) in page and f'name="post" value="{post_id}"' in page
    html, again = check(client, fixed_text(mark), post=str(post_id))
    assert again == post_id  # the re-check is kept with the same post
    assert 'class="verdict verdict-publish"' in html
    send(client, post_id)

    fixed = latest_check(web_db, post_id)
    status, _, html = act(slt, post_id, "approve", reason="", check=fixed)
    assert status == 422 and "Give the reason for approving." in html
    status, _, html = act(slt, post_id, "approve", reason="Stale page", check=first)
    assert status == 409 and "checked again after you opened it" in html
    mailbox.clear()
    status, location, _ = act(slt, post_id, "approve", reason="Name removed: fine.", check=fixed)
    assert (status, location) == (303, f"/review/{post_id}?done=approve")
    post = the_post(web_db, post_id)
    assert (post.status, post.approved_check_id) == ("approved", fixed)
    assert post.approved_by_id is not None and post.approved_policy_version
    with web_db.reading() as session:
        approver = session.get(db.User, post.approved_by_id)
        assert approver is not None and approver.email == accounts.demo[Role.SLT].email
    page = slt.get(f"/review/{post_id}?done=approve").text
    assert "Approved. The author has been told." in page and f"check #{fixed}" in page
    assert [m["Subject"] for m in mailbox.to(TEACHER)] == [
        "Your post at Riverside Academy was approved"
    ]
    actions = [a for a, _ in events_for(web_db, post_id) if a.startswith("post.")]
    assert actions[-4:] == ["post.return", "post.check", "post.submit", "post.approve"]
    status, _, html = act(slt, post_id, "approve", reason="again", check=fixed)
    assert status == 409 and "not waiting for review" in html
    with web_db.reading() as session:
        assert audit.verify(session).ok


def test_an_approver_cannot_approve_their_own_post(
    signed_in_as: Clients, web_db: WebDatabase
) -> None:
    slt = signed_in_as(Role.SLT)
    _, post_id = check(slt, f"Our orchestra played at the town hall on Friday ({marker()}).")
    send(slt, post_id)
    check_id = latest_check(web_db, post_id)
    page = slt.get(f"/review/{post_id}").text
    assert 'id="own-post"' in page and 'id="approve-form"' not in page
    status, _, html = act(slt, post_id, "approve", reason="It is fine.", check=check_id)
    assert status == 403 and "You wrote this post" in html
    assert the_post(web_db, post_id).status == "in_review"
    assert [a for a, _ in events_for(web_db, post_id)][-1] == "post.submit"
    head = signed_in_as(Role.EXECUTIVE_HEAD)  # trust-wide: reviews every school
    status, _, _ = act(head, post_id, "approve", reason="Checked: fine.", check=check_id)
    assert status == 303 and the_post(web_db, post_id).status == "approved"


def test_other_schools_posts_are_not_found_and_other_roles_are_refused(
    client: TestClient, signed_in_as: Clients, web_db: WebDatabase
) -> None:
    _, there = check(client, blocked_text(marker()), school=THERE)
    send(client, there)
    check_id = latest_check(web_db, there)
    slt = signed_in_as(Role.SLT)  # at Riverside Academy only
    assert slt.get(f"/review/{there}").status_code == 404
    assert act(slt, there, "return", comments="no", check=check_id)[0] == 404
    assert f"/review/{there}" not in slt.get("/review").text
    staff = signed_in_as(Role.STAFF)  # at Riverside Academy only
    assert staff.get(f"/review/{there}").status_code == 403
    assert act(staff, there, "approve", reason="x", check=check_id)[0] == 403
    assert staff.get(f"/check?post={there}").status_code == 404  # not theirs
    assert staff.post(f"/posts/{there}/submit").status_code == 404
    assert signed_in_as(Role.IT_ADMIN).get("/posts").status_code == 403
    assert the_post(web_db, there).status == "in_review"

    _, here = check(client, blocked_text(marker()))
    send_by_colleague = staff.post(f"/posts/{here}/submit", follow_redirects=False)
    assert send_by_colleague.status_code == 303  # anyone who may check posts at the school
    assert f"/review/{here}" in slt.get("/review").text


def test_unknown_faces_need_consent_confirmed_before_approval(
    client: TestClient, signed_in_as: Clients, web_db: WebDatabase
) -> None:
    photo = group_photo([FACES / "img8.jpg"])
    files = [("photos", ("visit.jpg", photo, "image/jpeg"))]
    html, post_id = check(client, f"Our visitor today ({marker()})", files=files)
    assert 'class="verdict verdict-review"' in html
    send(client, post_id)
    check_id = latest_check(web_db, post_id)
    slt = signed_in_as(Role.SLT)
    page = slt.get(f"/review/{post_id}").text
    face = re.search(r'name="face" value="(0:[\d,]+)"', page)
    assert face and 'class="status status-unknown">unknown' in page
    assert 'id="faces_explained"' in page

    status, _, html = act(slt, post_id, "approve", reason="", check=check_id)
    assert status == 422
    assert 'id="approve-reason-error"' in html and 'id="approve-faces_explained-error"' in html
    assert "1 unknown face without confirmed consent" in html
    status, _, html = act(slt, post_id, "consent", face="0:1,2", reason="x", check=check_id)
    assert status == 422 and "Choose a face from the list." in html
    status, _, html = act(slt, post_id, "consent", face=face.group(1), reason="", check=check_id)
    assert status == 422 and "Give how consent was confirmed." in html
    reason = "Visiting author, an adult: agreed in writing."
    status, location, _ = act(
        slt, post_id, "consent", face=face.group(1), reason=reason, check=check_id
    )
    assert (status, location) == (303, f"/review/{post_id}?done=consent")
    page = slt.get(f"/review/{post_id}").text
    assert "Consent confirmed</strong> by" in page and reason in page
    assert 'id="faces_explained"' not in page
    status, _, _ = act(slt, post_id, "approve", reason="Consent confirmed.", check=check_id)
    assert status == 303
    assert [(a, d.get("clause")) for a, d in events_for(web_db, post_id)][-2:] == [
        ("post.confirm_consent", "S5"),
        ("post.approve", "S2"),
    ]


def test_a_form_without_its_check_is_refused(client: TestClient, signed_in_as: Clients) -> None:
    _, post_id = check(client, f"Football club is on Tuesday this week ({marker()}).")
    send(client, post_id)
    status, _, html = act(signed_in_as(Role.SLT), post_id, "approve", reason="ok")
    assert status == 409 and "This form is out of date" in html


def test_the_dashboards_flag_waiting_and_returned_posts(
    client: TestClient, signed_in_as: Clients, web_db: WebDatabase
) -> None:
    _, post_id = check(client, blocked_text(marker()))
    send(client, post_id)
    dashboard = signed_in_as(Role.SLT).get("/dashboard").text
    flag = re.search(
        r'id="flag-review-waiting"><a href="/review"><strong>(\d+)</strong> ([^<]+)<', dashboard
    )
    assert flag and int(flag.group(1)) >= 1
    assert re.search(r"waits? for your review, the oldest for (just now|\d+ \w+)", flag.group(2))
    act(
        signed_in_as(Role.SLT),
        post_id,
        "return",
        comments="Please remove the name.",
        check=latest_check(web_db, post_id),
    )
    mine = client.get("/dashboard").text
    assert re.search(r'id="flag-posts-returned"><a href="/posts"><strong>\d+</strong>', mine)
    assert 'id="flag-review-waiting"' not in mine  # a teacher reviews nothing


def test_a_malformed_check_or_face_number_is_a_message_not_a_server_error(
    client: TestClient, signed_in_as: Clients, web_db: WebDatabase
) -> None:
    _, post_id = check(client, blocked_text(marker()))
    send(client, post_id)
    slt = signed_in_as(Role.SLT)
    check_id = latest_check(web_db, post_id)
    for bad in ("\u00b2", "1" * 5000):
        status, _, html = act(slt, post_id, "return", comments="Fix it", check=bad)
        assert status == 409 and "This form is out of date" in html
        face = f"{bad}:1,2,3,4"
        status, _, html = act(slt, post_id, "consent", face=face, reason="ok", check=check_id)
        assert status == 422 and "Choose a face from the list." in html
    assert the_post(web_db, post_id).status == "in_review"
