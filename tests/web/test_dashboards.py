"""A dashboard per role, the flagged-posts queue and the concerns list, each limited to the
schools where the person holds the role; checks made on the page and the API are recorded."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.store.rosters import find_trust
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, blank_png, kept_photos
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.trusts import find_school


def cards(html: str) -> set[str]:
    return set(re.findall(r'<li class="card" id="card-(\w+)">', html))


STAFF_CARDS = {"check", "policy", "accounts", "acknowledge", "exceptions", "report"}
"""What every member of staff may do: check a post, read the policy, request an account,
acknowledge the policy, ask for an exception, report a concern."""


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.STAFF, STAFF_CARDS),
        (Role.SUBJECT_LEADER, STAFF_CARDS),
        (Role.SLT, STAFF_CARDS | {"review", "comments", "acknowledgements"}),
        (Role.DSL, STAFF_CARDS - {"accounts"} | {"concerns"}),
        (Role.DEPUTY_DSL, STAFF_CARDS - {"accounts"} | {"concerns"}),
        (Role.EXECUTIVE_HEAD, STAFF_CARDS | {"review", "comments", "acknowledgements"}),
        (Role.IT_ADMIN, {"roster", "policy", "acknowledge", "report"}),
        (Role.BOARD, {"policy", "acknowledgements"}),
    ],
)
def test_each_role_sees_its_own_dashboard(
    signed_in_as: Callable[[Role], TestClient], role: Role, expected: set[str]
) -> None:
    html = signed_in_as(role).get("/dashboard").text
    assert cards(html) == expected


def post_checks(web_db: WebDatabase) -> int:
    with web_db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(db.PostCheck)) or 0)


def test_a_check_through_the_api_is_recorded_with_its_verdict(
    client: TestClient, web_db: WebDatabase
) -> None:
    before = post_checks(web_db)
    r = client.post(
        "/api/check",
        json={"text": "Well done Isla McTavish!", "school": "Riverside Academy", "images": 1},
    )
    assert r.json()["outcome"] == "blocked"
    assert post_checks(web_db) == before + 1


def test_the_api_refuses_a_school_the_teacher_does_not_work_at(client: TestClient) -> None:
    r = client.post("/api/check", json={"text": "Hello", "school": "Riverside Learning Trust"})
    assert r.status_code == 403


def test_the_review_queue_shows_flagged_posts_of_the_reviewers_schools_only(
    client: TestClient, signed_in_as: Callable[[Role], TestClient]
) -> None:
    here = "Riverside news: call Isla McTavish's dad on 07700 900456."
    there = "Meadowbank news: call Maisie Trelawney's dad on 07700 900789."
    fine = "Riverside Academy's choir sang beautifully at the concert on Friday evening."
    for text, school in ((here, "Riverside Academy"), (there, "Meadowbank Primary")):
        assert client.post("/api/check", json={"text": text, "school": school}).status_code == 200
    client.post("/api/check", json={"text": fine, "school": "Riverside Academy"})
    queue = signed_in_as(Role.SLT).get("/review").text  # SLT at Riverside Academy
    assert "07700 900456" in queue
    assert "07700 900789" not in queue  # another school's post
    assert "choir sang" not in queue  # publish: nothing to review


def test_a_fixed_post_leaves_the_queue(
    client: TestClient, signed_in_as: Callable[[Role], TestClient]
) -> None:
    text = "Star reader: Isla McTavish, pictured with her certificate."
    data = {"text": text, "school": "Riverside Academy", "platform": "instagram"}
    files = [("photos", ("p.png", blank_png(), "image/png"))]
    first = client.post("/check", data=data, files=files).text
    assert "Star reader" in signed_in_as(Role.SLT).get("/review").text
    post_id = re.search(r'name="post" value="(\d+)"', first)
    assert post_id
    token = re.search(r'name="fix" value="([^"]+)" class="button fix-button"', first)
    assert token
    fixed = client.post(
        "/check",
        data=data
        | {"kept_photo": kept_photos(first), "fix": token.group(1), "post": post_id.group(1)},
    )
    assert 'class="verdict verdict-publish"' in fixed.text
    assert "Star reader" not in signed_in_as(Role.SLT).get("/review").text


def test_concerns_are_listed_for_the_dsls_school_only(
    signed_in_as: Callable[[Role], TestClient], web_db: WebDatabase, accounts: Accounts
) -> None:
    dsl = signed_in_as(Role.DSL)
    with web_db.writing() as session:
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        for name, summary in (
            ("Riverside Academy", "Comment suggests a pupil is unsafe at home"),
            ("Meadowbank Primary", "Message to a pupil from an adult stranger"),
        ):
            school = find_school(session, trust, name)
            assert school is not None
            session.add(db.Concern(school_id=school.id, source="comment", summary=summary))
    html = dsl.get("/concerns").text  # the demo DSL is at Riverside Academy
    assert "unsafe at home" in html
    assert "adult stranger" not in html
    assert signed_in_as(Role.STAFF).get("/concerns").status_code == 403
