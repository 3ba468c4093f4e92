"""Safeguarding concerns in a real browser: a teacher reports on a phone, the DSL acts.

An urgent report reaches the DSL on the loopback SMTP server (a link, no child data);
the teacher gets a receipt and is refused the record (403) that the DSL opens; an
oversized screenshot is refused beside its field and leaves no concern behind.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from postguard.auth.roles import Role
from postguard.mail_testing import Mailbox
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, blank_png
from postguard.web.testing_browser import shot, sign_in_as

CHILD = "Marigold Featherstonehaugh"
WHAT = f"{CHILD} (Year 8) sent me a direct message on Instagram saying she does not feel safe."


def concern_count(web_db: WebDatabase) -> tuple[int, int]:
    with web_db.reading() as session:
        return (
            int(session.scalar(select(func.count()).select_from(db.Concern)) or 0),
            int(session.scalar(select(func.max(db.Concern.id))) or 0),
        )


def no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")  # measure with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_report(page: Page, *, urgent: bool) -> None:
    page.get_by_label("What happened").fill(WHAT)
    page.get_by_label("School").select_option("Riverside Academy")
    page.get_by_label("The child or children, if known").fill(CHILD)
    page.get_by_label("Platform").select_option("instagram")
    if urgent:
        page.get_by_label("Urgent").check()


def test_a_teacher_reports_an_urgent_concern_on_a_phone_and_the_dsl_is_emailed(
    phone: Page,
    page: Page,
    base_url: str,
    accounts: Accounts,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    sign_in_as(phone, base_url, accounts, Role.STAFF)
    phone.goto(f"{base_url}/dashboard")
    phone.locator("#card-report").get_by_role("link", name="Report a concern").click()
    expect(phone.get_by_role("heading", name="Report a concern")).to_be_visible()
    no_sideways_scroll(phone)
    shot(phone, "concern-report-phone")

    screenshot = tmp_path / "dm-screenshot.png"
    screenshot.write_bytes(blank_png(30, 60))
    fill_report(phone, urgent=True)
    phone.get_by_label("Screenshots").set_input_files(str(screenshot))
    phone.get_by_role("button", name="Send to the DSL").click()

    expect(phone.get_by_role("heading", name="Concern received")).to_be_visible()
    found = re.search(r"/concerns/received/(\d+)$", phone.url)
    assert found, phone.url
    concern_id = found.group(1)
    expect(phone.locator(".reference")).to_have_text(f"PG-CONCERN-{concern_id}")
    expect(phone.get_by_text("have been told")).to_be_visible()
    expect(phone.get_by_text(CHILD)).to_have_count(0)  # the receipt is not the record
    no_sideways_scroll(phone)
    shot(phone, "concern-received-phone")

    # at once, on the loopback SMTP server: a link, nothing about the child
    dsl = accounts.demo[Role.DSL]
    [message] = mailbox.to(dsl.email)
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode()
    assert message["Subject"].startswith(f"URGENT safeguarding concern #{concern_id}")
    assert f"/concerns/{concern_id}" in text
    for secret in (CHILD, "Marigold", "Year 8", "Instagram", "feel safe"):
        assert secret not in text and secret not in message["Subject"]
    assert len(mailbox.to(accounts.demo[Role.DEPUTY_DSL].email)) == 1

    # the teacher cannot open the record...
    refused = phone.goto(f"{base_url}/concerns/{concern_id}")
    assert refused is not None and refused.status == 403
    expect(phone.get_by_text("Your role does not give you access to this page.")).to_be_visible()
    shot(phone, "concern-record-refused-teacher")

    # ...the DSL can, from the e-mail's link, and acts on it
    sign_in_as(page, base_url, accounts, Role.DSL)
    expect(page.locator("#flag-concerns-urgent")).to_be_visible()
    shot(page, "dashboard-dsl-urgent-flag")
    opened = page.goto(f"{base_url}/concerns/{concern_id}")
    assert opened is not None and opened.status == 200
    expect(page.get_by_role("heading", name=f"Concern PG-CONCERN-{concern_id}")).to_be_visible()
    expect(page.get_by_text(WHAT)).to_be_visible()
    expect(page.get_by_role("link", name="dm-screenshot.png")).to_be_visible()
    shot(page, "concern-record-dsl")
    page.get_by_label("Add an action").fill("Spoke to the pupil with her form tutor at 8:45.")
    page.get_by_role("button", name="Add to the chronology").click()
    expect(page.locator(".chronology")).to_contain_text("Spoke to the pupil")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as PDF").click()
    assert download.value.suggested_filename == f"PG-CONCERN-{concern_id}.pdf"
    page.get_by_label("What was the outcome?").fill("Early help referral made; parents informed.")
    page.get_by_role("button", name="Close the concern").click()
    expect(page.locator("#outcome")).to_contain_text("Early help referral made")
    shot(page, "concern-closed-dsl")

    page.get_by_role("link", name="All concerns").click()
    expect(page.locator(f"#concern-{concern_id}")).to_contain_text("closed")
    shot(page, "concerns-queue-dsl")


def test_an_oversized_screenshot_is_refused_and_nothing_is_kept(
    phone: Page, base_url: str, accounts: Accounts, web_db: WebDatabase, mailbox: Mailbox
) -> None:
    before = concern_count(web_db)
    sign_in_as(phone, base_url, accounts, Role.STAFF)
    phone.goto(f"{base_url}/concerns/new")
    fill_report(phone, urgent=True)
    big = blank_png() + b"\0" * (10 * 1024 * 1024 + 1)
    phone.get_by_label("Screenshots").set_input_files(
        [
            {"name": "fine.png", "mimeType": "image/png", "buffer": blank_png()},
            {"name": "huge.png", "mimeType": "image/png", "buffer": big},
        ]
    )
    phone.get_by_role("button", name="Send to the DSL").click()
    error = phone.locator("#attachments-error")
    expect(error).to_contain_text("huge.png is too big")
    expect(error).to_contain_text("the limit is 10 MB per file")
    expect(phone.get_by_role("alert")).to_contain_text("There is a problem")
    expect(phone.get_by_label("What happened")).to_have_value(WHAT)  # kept for the next try
    no_sideways_scroll(phone)
    shot(phone, "concern-oversized-refused-phone")
    assert concern_count(web_db) == before  # no concern row, no attachment, half or whole
    assert mailbox.to(accounts.demo[Role.DSL].email) == []
