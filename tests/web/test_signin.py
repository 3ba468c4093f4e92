"""Signing in and out through the pages: password, TOTP, lockout, cookies, CSRF, no enumeration."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from postguard.auth.roles import Role
from postguard.store.models import AuditEvent
from postguard.store.rosters import find_trust
from postguard.web.cookies import SESSION_COOKIE, sign
from postguard.web.database import WebDatabase
from postguard.web.routes.signin import GENERIC_FAILURE, safe_next
from postguard.web.service import Service
from postguard.web.testing import (
    BASE_URL,
    TEACHER,
    TEACHER_PASSWORD,
    Accounts,
    form_token,
    next_code,
    sign_in,
)
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.users import create_user

_n = itertools.count()
PASSWORD = "a long enough passphrase 7"


@pytest.fixture
def fresh_user(web_db: WebDatabase, service: Service, accounts: Accounts) -> str:
    """A new staff user of its own (lockout tests must not lock the shared teacher)."""
    email = f"fresh{next(_n)}@demo.postguard.example.org"
    with web_db.writing() as session:
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        create_user(
            session,
            trust,
            email,
            actor="test",
            secret_key=service.settings.secret_key,
            password=PASSWORD,
            grants=((Role.STAFF, "Riverside Academy"),),
        )
    return email


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as c:
        yield c


def post_signin(client: TestClient, email: str, password: str) -> tuple[int, str, str]:
    token = form_token(client.get("/signin").text)
    r = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return r.status_code, r.headers.get("location", ""), r.text


def test_a_teacher_signs_in_to_the_dashboard_and_out_again(browser: TestClient) -> None:
    status, location, _ = post_signin(browser, TEACHER, TEACHER_PASSWORD)
    assert (status, location) == (303, "/dashboard")
    dashboard = browser.get("/dashboard")
    assert "Sam Teacher" in dashboard.text and 'id="card-check"' in dashboard.text
    token = form_token(dashboard.text)
    out = browser.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/signin?signed_out=1")
    assert browser.get("/dashboard", follow_redirects=False).status_code == 303


def test_a_signed_out_cookie_is_worth_nothing(app: FastAPI) -> None:
    with TestClient(app, base_url=BASE_URL) as c:
        token = sign_in(c, TEACHER, TEACHER_PASSWORD)
        stolen = dict(c.cookies)
        c.post("/signout", headers={"X-CSRF-Token": token})
    with TestClient(app, base_url=BASE_URL, cookies=stolen) as thief:
        assert thief.get("/api/session").status_code == 401


@pytest.mark.parametrize(
    "email, password",
    [
        ("nobody@demo.postguard.example.org", "whatever it is 123"),  # unknown
        (TEACHER, "the wrong password 1"),  # known, wrong password
        ("not an email", "x"),
        (TEACHER, ""),
    ],
)
def test_every_failure_gives_the_same_answer(
    browser: TestClient, email: str, password: str
) -> None:
    status, _, html = post_signin(browser, email, password)
    assert status == 401
    assert GENERIC_FAILURE.split(".")[0] in html
    assert SESSION_COOKIE not in browser.cookies


def test_an_unknown_email_is_audited_without_the_address(
    browser: TestClient, web_db: WebDatabase
) -> None:
    post_signin(browser, "ghost@demo.postguard.example.org", "whatever it is 123")
    with web_db.reading() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last is not None
    assert (last.action, last.actor) == ("signin.fail", "anonymous")
    assert "ghost" not in str(last.details) + last.object_id


def test_five_failures_lock_the_account_with_the_same_message(
    browser: TestClient, fresh_user: str
) -> None:
    for _ in range(5):
        assert post_signin(browser, fresh_user, "the wrong password 1")[0] == 401
    status, _, html = post_signin(browser, fresh_user, PASSWORD)  # right, but locked
    assert status == 401 and GENERIC_FAILURE.split(".")[0] in html


def test_the_sign_in_form_needs_its_csrf_cookie(app: FastAPI) -> None:
    with TestClient(app, base_url=BASE_URL) as c:
        token = form_token(c.get("/signin").text)
        c.cookies.clear()  # a cross-site form has no cookie of ours to match
        r = c.post(
            "/signin",
            data={"email": TEACHER, "password": TEACHER_PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
    assert r.status_code == 403


def test_a_dsl_needs_the_totp_code_and_a_code_works_once(app: FastAPI, accounts: Accounts) -> None:
    dsl = accounts.demo[Role.DSL]
    with TestClient(app, base_url=BASE_URL) as c:
        status, location, _ = post_signin(c, dsl.email, dsl.password)
        assert (status, location) == (303, "/signin/code")
        # half-signed-in: nothing but the code form
        assert c.get("/concerns", follow_redirects=False).headers["location"].startswith("/signin")
        token = form_token(c.get("/signin/code").text)
        wrong = c.post("/signin/code", data={"code": "000000", "csrf_token": token})
        assert wrong.status_code == 401 and "That code did not work" in wrong.text
        code = next_code(dsl.totp_secret)
        ok = c.post(
            "/signin/code", data={"code": code, "csrf_token": token}, follow_redirects=False
        )
        assert (ok.status_code, ok.headers["location"]) == (303, "/dashboard")
        assert c.get("/concerns").status_code == 200
    with TestClient(app, base_url=BASE_URL) as again:
        post_signin(again, dsl.email, dsl.password)
        token = form_token(again.get("/signin/code").text)
        replay = again.post("/signin/code", data={"code": code, "csrf_token": token})
        assert replay.status_code == 401


def test_the_session_is_renewed_after_the_second_factor(app: FastAPI, accounts: Accounts) -> None:
    slt = accounts.demo[Role.SLT]
    with TestClient(app, base_url=BASE_URL) as c:
        post_signin(c, slt.email, slt.password)
        pending = c.cookies[SESSION_COOKIE]
        sign_in_code = form_token(c.get("/signin/code").text)
        c.post(
            "/signin/code", data={"code": next_code(slt.totp_secret), "csrf_token": sign_in_code}
        )
        assert c.cookies[SESSION_COOKIE] != pending
    with TestClient(app, base_url=BASE_URL, cookies={SESSION_COOKIE: pending}) as old:
        assert old.get("/api/session").status_code == 401


def cookie_attributes(response: Response, name: str) -> tuple[set[str], str]:
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and name in v)
    return {a.strip().split("=")[0].lower() for a in cookie.split(";")}, cookie.lower()


@pytest.mark.parametrize(
    "base_url, secure",
    [("https://postguard.school.example", True), ("http://postguard.school.example", True),
     ("http://127.0.0.1:8000", False), ("http://localhost:8000", False)],
)  # fmt: skip
def test_cookies_are_httponly_lax_and_secure_unless_plain_http_on_loopback(
    app: FastAPI, base_url: str, secure: bool
) -> None:
    with TestClient(app, base_url=base_url) as c:
        page = c.get("/signin")
        attributes, cookie = cookie_attributes(page, "postguard_signin")
        assert {"httponly", "path", "max-age"} <= attributes and "samesite=lax" in cookie
        assert ("secure" in attributes) is secure
        if base_url.startswith("http://postguard"):
            return  # a Secure cookie never comes back over plain http: sign-in cannot work
        r = c.post(
            "/signin",
            data={
                "email": TEACHER,
                "password": TEACHER_PASSWORD,
                "csrf_token": form_token(page.text),
            },
            follow_redirects=False,
        )
    attributes, cookie = cookie_attributes(r, SESSION_COOKIE)
    assert {"httponly", "path", "max-age"} <= attributes and "samesite=lax" in cookie
    assert ("secure" in attributes) is secure


def test_a_forged_cookie_is_ignored(app: FastAPI) -> None:
    forged = sign("not-the-server-key", "a-token")
    with TestClient(app, base_url=BASE_URL, cookies={SESSION_COOKIE: forged}) as c:
        assert c.get("/api/session").status_code == 401


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({}, 403),  # no token
        ({"X-CSRF-Token": "not-the-token"}, 403),
        ({"Origin": "https://evil.example"}, 403),  # right token, another site's page
        ({"Origin": BASE_URL}, 200),
    ],
)
def test_state_changing_requests_need_the_csrf_token_and_our_origin(
    client: TestClient, headers: dict[str, str], expected: int
) -> None:
    token = client.headers["X-CSRF-Token"]
    del client.headers["X-CSRF-Token"]
    if headers.get("X-CSRF-Token") is None and "Origin" in headers:
        headers = headers | {"X-CSRF-Token": token}
    r = client.post("/api/check", json={"text": "Sports day is on Friday."}, headers=headers)
    assert r.status_code == expected


def test_the_check_form_carries_the_csrf_token(client: TestClient) -> None:
    html = client.get("/check").text
    assert form_token(html) == client.headers["X-CSRF-Token"]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, "/dashboard"),
        ("/check", "/check"),
        ("/review?x=1", "/review?x=1"),
        ("//evil.example/", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("/signin", "/dashboard"),
    ],
)
def test_after_sign_in_only_a_path_on_this_site(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


def test_signed_out_pages_come_back_after_sign_in(browser: TestClient) -> None:
    r = browser.get("/policy", follow_redirects=False)
    assert r.headers["location"] == "/signin?next=/policy"
    page = browser.get(r.headers["location"])
    r = browser.post(
        "/signin",
        data={
            "email": TEACHER,
            "password": TEACHER_PASSWORD,
            "csrf_token": form_token(page.text),
            "next": "/policy",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/policy"
