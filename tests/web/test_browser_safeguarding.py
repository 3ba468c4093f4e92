"""Across workflows, in a real browser: a safeguarding comment becomes a DSL-only concern.

SLT enter a comment that reads like a pupil's disclosure on a trust account. It is
hidden and referred to the DSL (P2, P3), never shown to SLT as text; the DSL is
e-mailed at once (loopback SMTP) with a link and no child data, opens the concern
and reads the comment kept as evidence; a teacher who knows the address cannot open it.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, live_account
from postguard.web.testing_browser import shot, sign_in_as, sign_out

DISCLOSURE = "nobody at home would even notice if I didn't come back after the trip"


def test_a_safeguarding_comment_becomes_a_concern_only_the_dsl_can_open(
    page: Page, base_url: str, accounts: Accounts, web_db: WebDatabase, mailbox: Mailbox
) -> None:
    _, handle = live_account(web_db, platform="instagram")
    sign_in_as(page, base_url, accounts, Role.SLT)
    page.goto(f"{base_url}/comments/new")
    page.get_by_label("Account").select_option(label=f"Riverside Academy: instagram {handle}")
    page.get_by_label("Comment text").fill(DISCLOSURE)
    page.get_by_role("button", name="Classify the comment").click()
    decision = page.locator("#decision")
    expect(decision).to_contain_text("DSL")
    expect(page.get_by_text(DISCLOSURE)).to_have_count(0)  # SLT never read a referred comment
    shot(page, "safeguarding-comment-referred-slt")
    sign_out(page)

    dsl = accounts.demo[Role.DSL]
    [message] = mailbox.to(dsl.email)
    body = message.get_payload(decode=True).decode()
    link = re.search(r"/concerns/(\d+)", body)
    assert link, body
    assert "home" not in body and "trip" not in body  # a link, not the comment

    sign_in_as(page, base_url, accounts, Role.DSL)
    page.goto(f"{base_url}/concerns")
    page.locator(f'a[href="/concerns/{link.group(1)}"]').click()
    expect(page.get_by_role("heading", name=re.compile(r"^Concern "))).to_be_visible()
    expect(page.locator(".comment-text")).to_have_text(DISCLOSURE)
    shot(page, "safeguarding-concern-dsl")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.STAFF)
    response = page.goto(f"{base_url}/concerns/{link.group(1)}")
    assert response is not None and response.status == 403
    expect(page.get_by_text(DISCLOSURE)).to_have_count(0)
    shot(page, "safeguarding-concern-refused-teacher")
