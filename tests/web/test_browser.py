"""The pages in a real browser: Debian's chromium driven by Playwright, against uvicorn.

The app runs in a thread on a free loopback port (plain http on loopback: the
session cookie is not Secure there); every test signs in through the sign-in
page first, and every page is saved as a screenshot under build/screenshots/
for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.testing import (
    TEACHER,
    TEACHER_PASSWORD,
    Accounts,
    blank_png,
    group_photo,
    next_code,
)
from postguard.web.testing_browser import REPO, shot, sign_in, sign_in_as
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.enrolment import enrol_pupil, withdraw

FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
PUPIL_POST = "Star of the week \u2b50 Well done Hope Fairweather for a brilliant science project!"
FIXED_POST = "Star of the week \u2b50 Well done a Year 8 pupil for a brilliant science project!"
DEMO_SCHOOL = "Riverside Academy"


def fill_post(
    page: Page, text: str, photo: Path | None, account: str = "Meadowbank Primary"
) -> None:
    page.get_by_label("Text of the post").fill(text)
    page.get_by_label("Account").select_option(account)
    page.get_by_label("Platform").select_option("instagram")
    if photo is not None:
        page.get_by_label("Photos").set_input_files(str(photo))
    page.get_by_role("button", name="Check post").click()


def test_sign_in_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/check")
    expect(page).to_have_url(f"{base_url}/signin?next=/check")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "signin")
    page.get_by_label("Email address").fill(TEACHER)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Those sign-in details did not work")
    shot(page, "signin-failed")


def test_demo_teacher_checks_a_named_pupil_with_a_photo_fixes_it_and_publishes(
    page: Page, base_url: str, accounts: Accounts, tmp_path: Path
) -> None:
    sign_in_as(page, base_url, accounts, Role.STAFF)
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    shot(page, "dashboard-staff")
    page.get_by_role("link", name="Check a post").first.click()
    expect(page.get_by_role("heading", name="Check a post")).to_be_visible()
    shot(page, "check-empty")

    photo = tmp_path / "star-of-the-week.png"
    photo.write_bytes(blank_png(8, 6))
    fill_post(page, PUPIL_POST, photo, account=DEMO_SCHOOL)
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    mark = page.locator("#preview mark.act-block")
    expect(mark).to_have_text("Hope Fairweather")
    expect(page.locator("#finding-1")).to_contain_text("S6 (No names with photographs of children)")
    expect(page.locator("#finding-1")).to_contain_text("S6-PUPIL-NAME-PHOTO")
    expect(page.get_by_text("1 photo attached: star-of-the-week.png (PNG)")).to_be_visible()
    shot(page, "check-blocked")

    page.get_by_role("button", name=re.compile(r"Apply fix: Replace with .a Year 8 pupil.")).click()
    expect(page.get_by_role("heading", name="Ready to publish")).to_be_visible()
    expect(page.get_by_label("Text of the post")).to_have_value(FIXED_POST)
    expect(page.locator("#preview mark")).to_have_count(0)
    expect(page.get_by_text("1 photo attached")).to_be_visible()
    shot(page, "check-fixed")


def test_teacher_blurs_an_unknown_face_in_a_group_photo_and_the_recheck_passes_s5(
    teacher: Page, base_url: str, tmp_path: Path
) -> None:
    page = teacher
    page.goto(f"{base_url}/check")
    photo = tmp_path / "sports-day.jpg"  # composed at test time from ../shared, not kept
    photo.write_bytes(group_photo([FACES / "img8.jpg", FACES / "img27.jpg"]))
    fill_post(page, "What a sports day! Well done everyone.", photo, account=DEMO_SCHOOL)
    expect(page.get_by_role("heading", name="Needs review")).to_be_visible()
    boxes = page.locator("#photo-1 g.mark-unknown")
    expect(boxes).to_have_count(2)
    expect(boxes.first).to_be_visible()
    expect(page.locator("#finding-1")).to_contain_text("S5")
    expect(page.locator("#finding-1")).to_contain_text("S5-FACE-UNKNOWN")
    expect(page.locator("#photo-1 .face-list")).to_contain_text("Face 2: unknown (finding 2)")
    shot(page, "check-photo-unknown-face")

    page.get_by_role("button", name="Blur 2 faces not cleared in photo 1").click()
    expect(page.get_by_role("heading", name="Ready to publish")).to_be_visible()
    expect(page.get_by_text("Blurred 2 faces in photo 1 and removed its metadata")).to_be_visible()
    expect(page.locator("#photo-1 g.mark")).to_have_count(0)
    expect(page.locator(".finding")).to_have_count(0)
    download = page.get_by_role("link", name="Download the blurred photo")
    expect(download).to_have_attribute("download", "sports-day-blurred.jpg")
    shot(page, "check-photo-blurred")


@pytest.fixture
def enrolled(app: FastAPI, web_db: WebDatabase) -> Iterator[None]:
    """img1 enrolled as a demo pupil with social media refused, img26 as one with consent."""
    analyser = app.state.service.context.photos
    people = (("B962401216114", "img1.jpg"), ("E962401219121", "img26.jpg"))
    with web_db.writing() as s:
        trust = s.scalars(select(db.Trust.id).where(db.Trust.name == DEMO_TRUST)).one()
        for upn, name in people:
            faces = analyser.faces((FACES / name).read_bytes())
            enrol_pupil(s, trust_id=trust, upn=upn, embeddings=[faces[0].embedding], actor="test")
    yield
    with web_db.writing() as s:
        for upn, _ in people:
            withdraw(s, trust_id=trust, upn=upn, actor="test")


def test_face_boxes_take_their_status_colour_and_one_face_can_be_blurred(
    teacher: Page, base_url: str, tmp_path: Path, enrolled: None
) -> None:
    page = teacher
    page.goto(f"{base_url}/check")
    photo = tmp_path / "trip.jpg"
    photo.write_bytes(group_photo([FACES / "img1.jpg", FACES / "img26.jpg", FACES / "img8.jpg"]))
    fill_post(page, "Year 6 trip to the coast.", photo)
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    # to_have_css waits for the stylesheet: reading the computed stroke at once raced it
    # (a CI run saw 'none' for all three).
    colours = {
        "refused": "rgb(208, 22, 28)",
        "unknown": "rgb(224, 161, 0)",
        "consented": "rgb(30, 138, 76)",
    }
    for status, colour in colours.items():
        expect(page.locator(f"#photo-1 g.mark-{status} rect")).to_have_css("stroke", colour)
    shot(page, "check-photo-three-faces")
    refused = page.locator("#photo-1 g.mark-refused").get_attribute("data-face")
    page.get_by_role("button", name=f"Blur face {refused} in photo 1").click()
    expect(page.get_by_role("heading", name="Needs review")).to_be_visible()
    expect(page.locator("#photo-1 g.mark-refused")).to_have_count(0)
    expect(page.locator("#photo-1 g.mark-consented")).to_have_count(1)
    shot(page, "check-photo-one-face-blurred")


def test_hostile_text_is_shown_not_run(teacher: Page, base_url: str) -> None:
    page = teacher
    page.goto(f"{base_url}/check")
    fill_post(page, "<img src=x onerror='window.pwned=1'><script>window.pwned=2</script>", None)
    expect(page.locator("#preview")).to_contain_text("<script>window.pwned=2</script>")
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_keyboard_only(teacher: Page, base_url: str) -> None:
    page = teacher
    page.goto(f"{base_url}/check")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Text of the post").focus()
    page.keyboard.type("Maisie Trelawney read to the class.")
    for _ in range(4):  # account, platform, photos, the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check post")).to_be_focused()
    # focus is visible (to_have_css waits for the stylesheet)
    expect(page.get_by_role("button", name="Check post")).to_have_css("outline-style", "solid")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()


def test_empty_text_shows_the_error_beside_the_field(teacher: Page, base_url: str) -> None:
    page = teacher
    page.goto(f"{base_url}/check")
    page.get_by_role("button", name="Check post").click()
    expect(page.get_by_role("alert")).to_contain_text("Text is empty")
    expect(page.get_by_label("Text of the post")).to_have_attribute("aria-invalid", "true")
    shot(page, "check-error")


def test_on_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, base_url, TEACHER, TEACHER_PASSWORD)
    page.goto(f"{base_url}/check")
    fill_post(page, "Maisie Trelawney's mum says call 07700 900123 about the trip.", None)
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    page.wait_for_load_state("load")  # measure with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "check-phone")
    context.close()


def test_policy_page(teacher: Page, base_url: str) -> None:
    page = teacher
    page.goto(f"{base_url}/policy")
    expect(page.get_by_role("alert")).to_contain_text("OVERDUE")
    expect(page.locator("#clause-S6")).to_contain_text("S6-PUPIL-NAME-PHOTO")
    shot(page, "policy")


def test_api_page(teacher: Page, base_url: str) -> None:
    page = teacher
    page.goto(f"{base_url}/api")
    expect(page.get_by_role("heading", name="POST /api/check")).to_be_visible()
    shot(page, "api")


def test_a_staff_user_is_refused_the_dsl_concerns_page(
    page: Page, base_url: str, accounts: Accounts
) -> None:
    sign_in_as(page, base_url, accounts, Role.STAFF)
    expect(page.get_by_role("link", name="Concerns")).to_have_count(0)  # not offered...
    response = page.goto(f"{base_url}/concerns")  # ...and refused when asked for
    assert response is not None and response.status == 403
    expect(page.get_by_text("Your role does not give you access to this page.")).to_be_visible()
    shot(page, "concerns-refused-staff")


def test_the_dsl_signs_in_with_a_code_and_sees_the_concerns_page(
    page: Page, base_url: str, accounts: Accounts
) -> None:
    dsl = accounts.demo[Role.DSL]
    page.goto(f"{base_url}/signin")
    page.get_by_label("Email address").fill(dsl.email)
    page.get_by_label("Password").fill(dsl.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    shot(page, "signin-code")
    page.get_by_label("6-digit code").fill(next_code(dsl.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#card-concerns")).to_be_visible()
    shot(page, "dashboard-dsl")
    page.get_by_role("link", name="Concerns", exact=True).click()
    expect(page.get_by_role("heading", name="Safeguarding concerns")).to_be_visible()
    expect(page.get_by_text("Only the Designated Safeguarding Lead")).to_be_visible()
    shot(page, "concerns-dsl")


def test_slt_sees_blocked_posts_in_the_review_queue(
    browser: Browser, base_url: str, accounts: Accounts
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, base_url, TEACHER, TEACHER_PASSWORD)
    page.goto(f"{base_url}/check")
    text = "Isla McTavish's mum says call 07700 900123 about the trip."
    fill_post(page, text, None, account=DEMO_SCHOOL)  # the demo SLT's school
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in_as(page, base_url, accounts, Role.SLT)
    shot(page, "dashboard-slt")
    page.get_by_role("link", name="Flagged posts").first.click()
    row = page.locator("tbody tr").filter(has_text="07700 900123").first
    expect(row).to_contain_text("blocked")
    expect(row).to_contain_text("Sam Teacher")
    shot(page, "review-slt")
    context.close()


def test_it_admin_imports_a_roster_and_sees_the_row_errors(
    page: Page, base_url: str, accounts: Accounts, tmp_path: Path
) -> None:
    from postguard.demo import demo_dir

    sign_in_as(page, base_url, accounts, Role.IT_ADMIN)
    shot(page, "dashboard-it-admin")
    page.get_by_role("link", name="Import the roster").click()
    expect(page.get_by_role("heading", name="Import the roster")).to_be_visible()
    shot(page, "roster-import")
    files = [
        tmp_path / f.name for f in sorted(demo_dir().iterdir()) if f.suffix in (".csv", ".json")
    ]
    for f in files:
        f.write_bytes((demo_dir() / f.name).read_bytes())
    pupils = (tmp_path / "pupils.csv").read_text(encoding="utf-8").splitlines()
    pupils[3] = "NOT-A-UPN" + pupils[3][pupils[3].index(",") :]
    (tmp_path / "pupils.csv").write_text("\n".join(pupils) + "\n", encoding="utf-8")
    page.get_by_label("Roster files").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#row-errors")).to_be_visible()
    expect(page.locator("#row-errors")).to_contain_text("pupils.csv")
    expect(page.locator("#row-errors")).not_to_contain_text("NOT-A-UPN")  # no cell data echoed
    shot(page, "roster-import-errors")
    originals = [str(demo_dir() / f.name) for f in files]
    page.get_by_label("Roster files").set_input_files(originals)
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state("load")
    expect(
        page.get_by_role("heading", name=re.compile("Roster version \\d+ saved"))
    ).to_be_visible()
    shot(page, "roster-import-done")


def test_the_board_sees_the_policy_status(page: Page, base_url: str, accounts: Accounts) -> None:
    sign_in_as(page, base_url, accounts, Role.BOARD)
    expect(page.locator("#card-policy")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("OVERDUE")
    expect(page.locator("#card-check")).to_have_count(0)
    shot(page, "dashboard-board")
