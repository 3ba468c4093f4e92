"""The post checker and policy pages, through FastAPI's TestClient."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from postguard.web.service import MAX_TEXT_CHARS
from postguard.web.testing import blank_png, kept_photos
from postguard.web.uploads import MAX_PHOTOS

PNG = blank_png()
PUPIL_POST = "Well done Maisie Trelawney for finishing twenty books this term!"
SCHOOL = "Meadowbank Primary"


def submit(
    client: TestClient,
    text: str,
    photos: list[tuple[str, bytes]] | None = None,
    **fields: str,
) -> tuple[int, str]:
    data = {"text": text, "school": SCHOOL, "platform": "instagram"} | fields
    files = [("photos", (name, body, "application/octet-stream")) for name, body in photos or []]
    response = client.post("/check", data=data, files=files or None)
    return response.status_code, response.text


def verdict(html: str) -> str:
    found = re.search(r'class="verdict verdict-(\w+)"', html)
    assert found, "no verdict banner on the page"
    return found.group(1)


def fix_tokens(html: str) -> list[str]:
    return re.findall(r'name="fix" value="([^"]+)" class="button fix-button"', html)


def textarea(html: str) -> str:
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert found
    return found.group(1)


def test_check_page_has_labelled_fields(client: TestClient) -> None:
    html = client.get("/check").text
    for field in ("text", "school", "platform", "photos"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'href="#main"' in html  # skip link


def account_options(html: str) -> list[str]:
    select = re.search(r'<select id="school".*?</select>', html, re.S)
    assert select
    return re.findall(r'<option value="([^"]+)"', select.group(0))


def test_the_account_list_holds_only_the_schools_the_teacher_works_at(
    client: TestClient,
) -> None:
    # staff at both schools, not trust-wide: the trust's own account is not theirs to post on
    assert sorted(account_options(client.get("/check").text)) == [SCHOOL, "Riverside Academy"]


def test_a_post_for_an_account_not_the_teachers_is_refused(client: TestClient) -> None:
    status, html = submit(client, "Sports day is on Friday.", school="Riverside Learning Trust")
    assert status == 422
    assert "Choose one of the listed accounts." in html


@pytest.mark.parametrize(
    "signed_in, expected",
    [(True, "/dashboard"), (False, "/signin")],
)
def test_home_sends_people_to_their_dashboard_or_to_sign_in(
    client: TestClient, anonymous: TestClient, signed_in: bool, expected: str
) -> None:
    response = (client if signed_in else anonymous).get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, expected)


def test_pupil_named_with_a_photo_is_blocked_with_s6_and_fixed_in_one_click(
    client: TestClient,
) -> None:
    status, html = submit(client, PUPIL_POST, photos=[("class.png", PNG)])
    assert (status, verdict(html)) == (200, "blocked")
    assert '<mark class="act-block" data-findings="1">Maisie Trelawney</mark>' in html
    assert "S6 (No names with photographs of children)" in html
    assert "S6-PUPIL-NAME-PHOTO" in html
    assert "1 photo attached: class.png (PNG)" in html
    tokens = fix_tokens(html)
    assert tokens == ["1:10:26"]
    kept = kept_photos(html)
    assert len(kept) == 1  # the page re-posts the photo itself: nothing kept on the server
    status, html = submit(client, PUPIL_POST, fix=tokens[0], kept_photo=kept[0])
    assert (status, verdict(html)) == (200, "publish")
    assert textarea(html) == "Well done a Year 6 pupil for finishing twenty books this term!"
    assert "replaced \u201cMaisie Trelawney\u201d with \u201ca Year 6 pupil\u201d" in html
    assert kept_photos(html) == kept  # the same photo still rides along after the fix


def test_apply_all_fixes(client: TestClient) -> None:
    text = "Maisie Trelawney did brilliantly. Call her dad on 07700 900123."
    _, html = submit(client, text)
    assert verdict(html) == "blocked" and len(fix_tokens(html)) == 2
    _, html = submit(client, text, fix="all")
    assert textarea(html) == "A Year 6 pupil did brilliantly. Call her dad on."
    assert verdict(html) == "publish"


def test_a_fix_for_text_edited_since_the_check_is_refused(client: TestClient) -> None:
    status, html = submit(client, "Hello " + PUPIL_POST, fix="1:10:26")
    assert status == 409
    assert "The text changed after it was checked" in html
    assert textarea(html) == "Hello " + PUPIL_POST


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script> Maisie Trelawney",
        'Maisie Trelawney "><img src=x onerror=alert(1)>',
        "Maisie Trelawney </textarea><script>alert(1)</script>",
    ],
)
def test_hostile_text_is_escaped_everywhere(client: TestClient, hostile: str) -> None:
    _, html = submit(client, hostile)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x" in html


def test_newlines_are_kept_and_spans_still_match(client: TestClient) -> None:
    _, html = submit(client, "Great day!\r\nMaisie Trelawney read to us.")
    assert '<mark class="act-block" data-findings="1">Maisie Trelawney</mark>' in html
    assert textarea(html) == "Great day!\nMaisie Trelawney read to us."


def test_a_clean_post_publishes(client: TestClient) -> None:
    _, html = submit(client, "Our Year 9 geographers braved the drizzle today.")
    assert verdict(html) == "publish"
    assert "No findings." in html


@pytest.mark.parametrize(
    "text, fields, photos, message",
    [
        ("   ", {}, [], "Text is empty"),
        ("x" * (MAX_TEXT_CHARS + 1), {}, [], f"the limit is {MAX_TEXT_CHARS:,}"),
        ("Hello", {"school": "Hogwarts"}, [], "Choose one of the listed accounts."),
        ("Hello", {"platform": "myspace"}, [], "Choose one of the listed platforms."),
        ("Hello", {}, [("minutes.pdf", b"%PDF-1.7")], "minutes.pdf is not a photo"),
        ("Hello", {}, [("p.png", PNG)] * (MAX_PHOTOS + 1), f"at most {MAX_PHOTOS} photos"),
    ],
)
def test_bad_input_is_shown_beside_its_field(
    client: TestClient,
    text: str,
    fields: dict[str, str],
    photos: list[tuple[str, bytes]],
    message: str,
) -> None:
    status, html = submit(client, text, photos=photos, **fields)
    assert status == 422
    assert message in html
    assert 'class="error-summary" role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "verdict-" not in html  # nothing was checked


def test_policy_page_lists_clauses_rules_and_overdue_review(client: TestClient) -> None:
    html = client.get("/policy").text
    assert "OVERDUE" in html and "1 September 2022" in html
    assert 'id="clause-S6"' in html and "identify by name any children featured" in html
    assert "S6-PUPIL-NAME-PHOTO" in html
    assert 'id="clause-S9"' in html and "moderation" in html  # a clause carried by a workflow


def test_api_docs_page_lists_the_endpoints(client: TestClient) -> None:
    html = client.get("/api").text
    for path in ("/api/check", "/api/fix", "/api/policy", "/health", "/openapi.json"):
        assert f"<code>{path}</code>" in html


def test_unknown_page_is_a_readable_404(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "This page does not exist." in response.text


def test_security_headers_on_pages(client: TestClient) -> None:
    headers = client.get("/check").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY"


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/postguard.css")
    assert response.status_code == 200 and ":focus-visible" in response.text
