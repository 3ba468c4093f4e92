"""The review queue in a real browser: a blocked post sent to SLT, returned, fixed, approved.

Two people at once, each in their own browser context: the teacher who writes the
post and the demo SLT at Riverside Academy who reviews it. Every main step is
saved under build/screenshots/review-*.png.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from postguard.auth.roles import Role
from postguard.web.testing import TEACHER, TEACHER_PASSWORD, Accounts
from postguard.web.testing_browser import shot, sign_in, sign_in_as

SCHOOL = "Riverside Academy"


def new_page(browser: Browser, width: int = 1280, height: int = 900) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    return context.new_page()


def no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")  # measure with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_blocked_post_is_sent_to_slt_returned_fixed_and_approved(
    browser: Browser, base_url: str, accounts: Accounts
) -> None:
    mark = uuid.uuid4().hex[:8]
    text = f"Well done Isla McTavish for reading every day this term! ({mark})"

    author = new_page(browser)
    sign_in(author, base_url, TEACHER, TEACHER_PASSWORD)
    author.goto(f"{base_url}/check")
    author.get_by_label("Text of the post").fill(text)
    author.get_by_label("Account").select_option(SCHOOL)
    author.get_by_role("button", name="Check post").click()
    expect(author.get_by_role("heading", name="Blocked")).to_be_visible()
    shot(author, "review-1-author-blocked")
    author.get_by_role("button", name="Send to SLT").click()
    expect(author.get_by_role("heading", name="My posts")).to_be_visible()
    notice = author.get_by_role("status").filter(has_text="was sent to SLT for review")
    expect(notice).to_be_visible()
    post_id = re.search(r"Post #(\d+)", notice.inner_text())
    assert post_id
    pid = post_id.group(1)
    expect(author.locator(f"#post-{pid} .post-status")).to_have_text("waiting for review")
    shot(author, "review-2-author-sent")

    slt = new_page(browser)
    sign_in_as(slt, base_url, accounts, Role.SLT)
    expect(slt.locator("#flag-review-waiting")).to_contain_text("for your review")
    shot(slt, "review-3-slt-dashboard")
    slt.get_by_role("link", name="Review", exact=True).click()
    expect(slt.get_by_role("heading", name="Review queue")).to_be_visible()
    row = slt.locator("#waiting tbody tr").filter(has_text=mark)
    expect(row).to_contain_text("blocked")
    expect(row).to_contain_text("Sam Teacher")
    shot(slt, "review-4-queue")
    row.get_by_role("link", name=f"Review post #{pid}").click()
    expect(slt.locator("#preview mark.act-block")).to_have_text("Isla McTavish")
    expect(slt.locator("#finding-1")).to_contain_text("S7")
    expect(slt.locator("#blocked-note")).to_be_visible()
    expect(slt.get_by_role("button", name="Approve")).to_have_count(0)
    slt.get_by_role("button", name="Return to the author").click()  # no comments yet
    expect(slt.locator("#return-comments-error")).to_have_text("Give your comments for the author.")
    expect(slt.get_by_label("Comments for the author")).to_have_attribute("aria-invalid", "true")
    shot(slt, "review-5-return-needs-comments")
    slt.get_by_label("Comments for the author").fill("Please do not name the pupil.")
    slt.get_by_role("button", name="Return to the author").click()
    expect(slt.get_by_text("Returned to the author with your comments.")).to_be_visible()
    expect(slt.locator("#post-status")).to_have_text("returned with comments")
    shot(slt, "review-6-returned")

    author.get_by_role("link", name="My posts").click()
    card = author.locator(f"#post-{pid}")
    expect(card).to_contain_text("Please do not name the pupil.")
    expect(card.locator(".post-status")).to_have_text("returned with comments")
    shot(author, "review-7-author-sees-comments")
    card.get_by_role("link", name="Fix and check again").click()
    expect(author.get_by_label("Text of the post")).to_have_value(text)
    author.get_by_role("button", name="Check post").click()
    expect(author.get_by_role("heading", name="Blocked")).to_be_visible()
    author.get_by_role("button", name=re.compile(r"Apply fix: Replace with")).click()
    outcome = author.get_by_role("heading", name=re.compile("Ready to publish|Needs review"))
    expect(outcome).to_be_visible()
    expect(author.locator("#preview mark.act-block")).to_have_count(0)
    shot(author, "review-8-author-fixed")
    author.get_by_role("button", name="Send to SLT").click()
    expect(author.get_by_text(f"Post #{pid} was sent to SLT for review")).to_be_visible()

    slt.goto(f"{base_url}/review")
    slt.locator("#waiting tbody tr").filter(has_text=mark).get_by_role("link").click()
    expect(slt.locator("#preview mark.act-block")).to_have_count(0)
    expect(slt.locator("#history")).to_contain_text("Returned by")
    slt.get_by_label("Reason for approving").fill("The pupil's name is gone: fine to publish.")
    shot(slt, "review-9-approve")
    slt.get_by_role("button", name="Approve").click()
    expect(slt.get_by_text("Approved. The author has been told.")).to_be_visible()
    expect(slt.locator("#approval")).to_contain_text("policy version")
    shot(slt, "review-10-approved")

    author.get_by_role("link", name="My posts").click()
    expect(author.locator(f"#post-{pid} .post-status")).to_have_text("approved")
    expect(author.locator(f"#post-{pid}")).to_contain_text("fine to publish")
    shot(author, "review-11-author-approved")
    author.context.close()
    slt.context.close()


def test_the_review_pages_fit_a_phone(browser: Browser, base_url: str, accounts: Accounts) -> None:
    mark = uuid.uuid4().hex[:8]
    author = new_page(browser)
    sign_in(author, base_url, TEACHER, TEACHER_PASSWORD)
    author.goto(f"{base_url}/check")
    author.get_by_label("Text of the post").fill(
        f"Call Isla McTavish's mum on 07700 900222 about the trip ({mark})."
    )
    author.get_by_label("Account").select_option(SCHOOL)
    author.get_by_role("button", name="Check post").click()
    author.get_by_role("button", name="Send to SLT").click()
    expect(author.get_by_text("was sent to SLT for review")).to_be_visible()
    author.context.close()

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    phone = context.new_page()
    sign_in_as(phone, base_url, accounts, Role.SLT)
    phone.goto(f"{base_url}/review")
    no_sideways_scroll(phone)
    shot(phone, "review-phone-queue")
    phone.locator("#waiting tbody tr").filter(has_text=mark).get_by_role("link").click()
    expect(phone.get_by_role("heading", name=re.compile(r"Review post #\d+"))).to_be_visible()
    no_sideways_scroll(phone)
    shot(phone, "review-phone-post")
    context.close()
