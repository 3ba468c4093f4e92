"""Comment moderation in a real browser: an abusive comment is hidden and reported to SLT."""

from __future__ import annotations

from playwright.sync_api import Dialog, Page, expect

from postguard.auth.roles import Role
from postguard.web.database import WebDatabase
from postguard.web.testing import Accounts, live_account
from postguard.web.testing_browser import shot, sign_in_as

ABUSIVE = (
    "You are a useless idiot, Mr Smith <script>alert('pg')</script><img src=x onerror=alert(2)>"
)


def test_an_abusive_comment_is_hidden_and_reported_in_the_slt_queue(
    page: Page, base_url: str, accounts: Accounts, web_db: WebDatabase
) -> None:
    _, handle = live_account(web_db)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_in_as(page, base_url, accounts, Role.SLT)
    page.get_by_role("link", name="Comments").first.click()
    expect(page.get_by_role("heading", name="Comments", exact=True)).to_be_visible()
    page.get_by_role("link", name="Enter a comment").click()
    page.get_by_label("Account").select_option(label=f"Riverside Academy: facebook {handle}")
    page.get_by_label("Comment text").fill(ABUSIVE)
    page.get_by_label("Author (optional)").fill("Angry <b>Parent</b>")
    shot(page, "comments-new")
    page.get_by_role("button", name="Classify the comment").click()
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Hidden and reported to SLT")
    expect(decision).to_contain_text("S9")
    expect(page.locator("#comment-text")).to_have_text(ABUSIVE)
    expect(page.locator("#labels")).to_contain_text("abusive")
    comment_url = page.url
    shot(page, "comments-hidden")

    page.get_by_role("link", name="All reported comments").click()
    item = page.locator(".comment-item").filter(has_text="useless idiot").first
    expect(item).to_contain_text("Hidden and reported to SLT")
    expect(item).to_contain_text("Action taken: hidden and reported to SLT")
    expect(item).to_contain_text("abusive")
    expect(item).to_contain_text("waited")
    expect(item.locator(".comment-text")).to_have_text(ABUSIVE)
    shot(page, "comments-queue")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("load")  # measure with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "comments-queue-phone")

    page.goto(comment_url)
    page.get_by_role("button", name="Restore the comment").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the comment can be shown again.")
    page.get_by_label("Reason").fill("Reviewed: <script>alert(3)</script> a quote, not abuse.")
    page.get_by_role("button", name="Restore the comment").click()
    expect(page.locator("#decision")).to_contain_text("Restored by a moderator")
    page.wait_for_load_state("load")  # measure with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "comments-restored-phone")

    page.goto(f"{base_url}/dashboard")
    expect(page.locator("#card-comments")).to_be_visible()
    assert dialogs == [], "a comment's markup ran as script"
