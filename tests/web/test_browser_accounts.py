"""A trust account in a real browser: requested by staff, approved by SLT, acknowledged by
the Subject Leader, live (S1, S2, S3); its profile checked (S10, S11); the register on a phone.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from postguard.auth.roles import Role
from postguard.web.testing import Accounts
from postguard.web.testing_browser import shot, sign_in_as, sign_out

SCHOOL = "Riverside Academy"


def test_an_account_is_requested_approved_acknowledged_and_live(
    page: Page, base_url: str, accounts: Accounts
) -> None:
    handle = f"sciclub{uuid.uuid4().hex[:8]}"
    sign_in_as(page, base_url, accounts, Role.STAFF)
    page.get_by_role("link", name="Accounts").first.click()
    expect(page.get_by_role("heading", name="Trust accounts")).to_be_visible()
    shot(page, "accounts-register-staff")
    page.get_by_role("link", name="Request an account").click()
    expect(page.get_by_role("heading", name="Request a trust account")).to_be_visible()

    # Nothing filled in: a message beside each field, nothing recorded.
    page.get_by_role("button", name="Send the request to SLT").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#handle-error")).to_contain_text("Give the account's handle")
    expect(page.locator("#purpose-error")).to_be_visible()
    shot(page, "accounts-request-errors")

    page.get_by_label("School").select_option(SCHOOL)
    page.get_by_label("Platform").select_option("instagram")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Display name (optional)").fill("Riverside Science Club")
    page.get_by_label("Official trust e-mail it is linked to").fill(
        "science@riversidetrust.example.org"
    )
    page.get_by_label("Purpose").fill("Science club news and photos of projects, for parents.")
    shot(page, "accounts-request-filled")
    page.get_by_role("button", name="Send the request to SLT").click()
    expect(page.get_by_role("status")).to_contain_text("Request sent")
    expect(page.locator("#account-state")).to_have_text("requested")
    account_url = page.url.split("?")[0]
    shot(page, "accounts-requested")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.SLT)
    expect(page.locator("#flag-accounts-approve")).to_be_visible()
    page.goto(account_url)
    page.get_by_role("button", name="Approve for a year (S2)").click()
    expect(page.get_by_role("status")).to_contain_text("Approved for a year")
    expect(page.locator("#account-state")).to_have_text("approved")
    shot(page, "accounts-approved")
    sign_out(page)

    sign_in_as(page, base_url, accounts, Role.SUBJECT_LEADER)
    expect(page.locator("#flag-accounts-acknowledge")).to_be_visible()
    page.locator("#flag-accounts-acknowledge a").click()
    page.get_by_role("link", name=f"instagram {handle}").click()
    expect(page.get_by_text(f"https://www.instagram.com/{handle}").first).to_be_visible()
    page.get_by_role("button", name="Acknowledge: make it live").click()
    expect(page.locator("#account-state")).to_have_text("live")
    expect(page.get_by_role("status")).to_contain_text("the account is live for pupils")
    shot(page, "accounts-live")

    # The profile check: no AUP link, DMs on -> both clauses; fixed -> passes.
    page.get_by_label("The account's bio and website text").fill("Science club news!")
    page.get_by_label("Direct messages").select_option("on")
    page.get_by_role("button", name="Check the profile").click()
    expect(page.locator("#profile-result")).to_contain_text("S11")
    expect(page.locator("#profile-result")).to_contain_text("S10")
    shot(page, "accounts-profile-failed")
    page.get_by_label("The account's bio and website text").fill(
        "Science club news! Rules: https://www.riversidetrust.example.org/acceptable-use"
    )
    page.get_by_label("Direct messages").select_option("off")
    page.get_by_role("button", name="Check the profile").click()
    expect(page.locator("#profile-result")).to_contain_text("Passed")
    shot(page, "accounts-profile-passed")

    page.get_by_role("link", name="All trust accounts").click()
    row = page.locator("tr", has=page.get_by_role("link", name=f"instagram {handle}"))
    expect(row).to_contain_text("live")
    expect(row).to_contain_text(re.compile("Demo Staff"))


def fits(phone: Page) -> bool:
    """Nothing wider than the phone's 390 px (a mobile browser would zoom out to fit it)."""
    phone.wait_for_load_state("load")  # measure with the stylesheet applied
    return bool(phone.evaluate("document.documentElement.scrollWidth <= 390"))


def test_the_register_and_the_request_form_fit_a_phone(
    phone: Page, base_url: str, accounts: Accounts
) -> None:
    sign_in_as(phone, base_url, accounts, Role.SLT)
    for path, name in (("/accounts", "accounts-phone"), ("/accounts/new", "accounts-new-phone")):
        phone.goto(f"{base_url}{path}")
        expect(phone.locator("h1")).to_be_visible()
        assert fits(phone), path
        shot(phone, name)
    phone.goto(f"{base_url}/accounts")
    phone.get_by_role("link", name="facebook riversideacademy").click()
    expect(phone.locator("#account-state")).to_have_text("live")
    assert fits(phone)
    shot(phone, "accounts-detail-phone")
