"""Exceptions (P6) and acknowledgements (P1, P4, P9) in a real browser (chromium, Playwright).

An exception is asked for by a teacher, refused to SLT (no button; the server says
403), approved with a reason by the Executive Headteacher, and seen approved by
the teacher. A new member of staff walks the acknowledgement page from their
dashboard's flag, on a laptop and on a phone.
"""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import Page, expect

from postguard.auth.roles import Role
from postguard.store.rosters import find_trust
from postguard.web.database import WebDatabase
from postguard.web.service import Service
from postguard.web.testing import Accounts
from postguard.web.testing_browser import shot, sign_in, sign_in_as, sign_out
from postguard.workflows.acknowledgements import CHECKLIST
from postguard.workflows.demo import DEMO_SCHOOL, DEMO_TRUST
from postguard.workflows.users import create_user

PASSWORD = "browser governance password 7"
_n = itertools.count()


def csrf(page: Page) -> str:
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    assert token
    return token


def new_staff(web_db: WebDatabase, service: Service) -> str:
    email = f"browser-gov{next(_n)}@demo.postguard.example.org"
    with web_db.writing() as session:
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        create_user(
            session,
            trust,
            email,
            actor="test",
            secret_key=service.settings.secret_key,
            display_name="Robin Newstaff",
            password=PASSWORD,
            grants=((Role.STAFF, DEMO_SCHOOL),),
        )
    return email


def test_an_exception_is_approved_by_the_executive_head_and_refused_to_slt(
    page: Page, base_url: str, accounts: Accounts
) -> None:
    title = f"Own mobile on the Year 6 residential, trip {next(_n) + 1}"
    sign_in_as(page, base_url, accounts, Role.STAFF)
    page.get_by_role("link", name="Exceptions", exact=True).first.click()
    expect(page.get_by_role("heading", name="Exceptions", exact=True)).to_be_visible()
    page.get_by_role("link", name="Ask for an exception").click()
    expect(page.get_by_role("heading", name="Ask for an exception")).to_be_visible()
    page.get_by_label("School").select_option(DEMO_SCHOOL)
    page.get_by_label("What for").fill(title)
    page.get_by_label("First day").fill("2026-12-03")
    page.get_by_label("Last day").fill("2026-12-01")
    page.get_by_role("button", name="Send to the Executive Headteacher").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#reason-error")).to_contain_text("Give the reason")
    expect(page.locator("#expires_on-error")).to_contain_text("on or after the first day")
    expect(page.get_by_label("What for")).to_have_value(title)
    shot(page, "exception-request-errors")
    page.get_by_label("Reason").fill("The centre has no signal for the school phone.")
    page.get_by_label("Last day").fill("2026-12-05")
    page.get_by_role("button", name="Send to the Executive Headteacher").click()
    expect(page.get_by_role("status").first).to_contain_text("sent to the Executive Headteacher")
    mine = page.locator("#mine article", has_text=title)
    expect(mine).to_contain_text("waiting for a decision")
    number = re.search(r"#(\d+)", mine.locator("h3").inner_text())
    assert number
    exception_id = number.group(1)
    shot(page, "exception-requested")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.SLT)
    page.goto(f"{base_url}/exceptions")
    expect(page.get_by_role("heading", name="Exceptions", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Approve #{exception_id}")).to_have_count(0)
    expect(page.locator("#waiting")).to_have_count(0)
    refused = page.request.post(
        f"{base_url}/exceptions/{exception_id}/approve", form={"csrf_token": csrf(page)}
    )
    assert refused.status == 403
    shot(page, "exception-slt-no-approve")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.EXECUTIVE_HEAD)
    expect(page.locator("#flag-exceptions-waiting")).to_be_visible()
    page.locator("#flag-exceptions-waiting a").click()
    waiting = page.locator(f"#exception-{exception_id}")
    expect(waiting).to_contain_text(title)
    expect(waiting).to_contain_text("The centre has no signal")
    shot(page, "exception-waiting-exec-head")
    waiting.get_by_label("Your reason").fill("Approved for the trip: log every call.")
    waiting.get_by_role("button", name=f"Approve #{exception_id}").click()
    expect(page.get_by_role("status").first).to_contain_text("Exception approved")
    shot(page, "exception-approved-exec-head")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.STAFF)
    page.goto(f"{base_url}/exceptions")
    mine = page.locator("#mine article", has_text=title)
    expect(mine).to_contain_text("approved, not started")
    expect(mine).to_contain_text("Approved for the trip: log every call.")
    shot(page, "exception-approved-requester")


def test_the_acknowledgement_page_from_the_dashboard_flag(
    page: Page, phone: Page, base_url: str, web_db: WebDatabase, service: Service
) -> None:
    email = new_staff(web_db, service)
    sign_in(page, base_url, email, PASSWORD)
    flag = page.locator("#flag-acknowledge")
    expect(flag).to_contain_text("you have not acknowledged version 1.0")
    shot(page, "acknowledge-flag")
    flag.locator("a").click()
    expect(page.get_by_role("heading", name="Acknowledge the policy")).to_be_visible()
    expect(page.locator("#clause-P4")).to_contain_text("privacy settings")
    for item in CHECKLIST[:-1]:
        page.locator(f"#item-{item.key}").check()
    page.get_by_role("button", name="I acknowledge version 1.0").click()
    last = CHECKLIST[-1]
    expect(page.locator(f"#item-{last.key}-error")).to_contain_text("Tick this")
    expect(page.locator(f"#item-{CHECKLIST[0].key}")).to_be_checked()
    shot(page, "acknowledge-unticked")
    page.locator(f"#item-{last.key}").check()
    page.get_by_role("button", name="I acknowledge version 1.0").click()
    expect(page.locator("#acknowledged")).to_contain_text("you acknowledged version 1.0")
    expect(page.get_by_role("button", name="I acknowledge version 1.0")).to_have_count(0)
    shot(page, "acknowledge-done")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.locator("#flag-acknowledge")).to_have_count(0)

    sign_in(phone, base_url, email, PASSWORD)
    for path, name in (("/acknowledge", "acknowledge"), ("/exceptions/new", "exception-new")):
        phone.goto(f"{base_url}{path}")
        phone.wait_for_load_state("load")  # measure with the stylesheet applied
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        shot(phone, f"{name}-phone")
