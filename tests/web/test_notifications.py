"""Notifications in the app: each person sees their own, unread ones are flagged, reading clears."""

from __future__ import annotations

import re
from collections.abc import Callable
from uuid import uuid4

from fastapi.testclient import TestClient

from postguard.auth.roles import Role
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts
from postguard.workflows.notifications import notify
from postguard.workflows.users import find_user


def flag_count(html: str) -> int:
    found = re.search(
        r'id="flag-notifications"><a href="/notifications"><strong>(\d+)</strong>', html
    )
    return int(found.group(1)) if found else 0


def test_a_person_sees_their_notifications_and_reading_clears_the_flag(
    signed_in_as: Callable[[Role], TestClient],
    client: TestClient,
    web_db: WebDatabase,
    accounts: Accounts,
) -> None:
    subject = f"Concern #{uuid4().hex[:6]} needs you"
    dsl = signed_in_as(Role.DSL)
    dsl.post("/notifications/read")
    with web_db.writing() as s:
        user = find_user(s, accounts.demo[Role.DSL].email)
        assert user is not None
        notify(s, [user], kind="test", subject=subject, body="Open it.", link="/concerns")
    page = dsl.get("/notifications").text
    assert subject in page and 'href="/concerns"' in page and "new</span>" in page
    assert flag_count(dsl.get("/dashboard").text) == 1
    assert subject not in client.get("/notifications").text  # the teacher's own list
    assert dsl.post("/notifications/read", follow_redirects=False).status_code == 303
    assert flag_count(dsl.get("/dashboard").text) == 0
    assert "new</span>" not in dsl.get("/notifications").text
