"""The web app on a real, migrated SQLite database with the demo trust's users in it.

``client`` is signed in as a teacher (staff at both demo schools) and sends its
session's CSRF token with every request, so page and API tests read like a
person using the app. ``signed_in_as(role)`` gives a client signed in as the
demo user holding that role (TOTP code entered where the role needs one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import func, select

from postguard.auth.roles import Role
from postguard.mail import SmtpMailer
from postguard.mail_testing import Mailbox
from postguard.settings import MailSettings, load_settings
from postguard.store import make_engine, upgrade
from postguard.store.models import AuditEvent
from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.service import Service, load_service
from postguard.web.testing import (
    BASE_URL,
    TEACHER,
    TEACHER_PASSWORD,
    Accounts,
    role_client,
    seed,
    sign_in,
)
from postguard.web.testing_browser import CHROMIUM, CHROMIUM_ARGS, serve
from postguard.web.testing_browser import sign_in as browser_sign_in

TODAY = "2026-11-24"
"""A fixed day: the bundled policy (review due 2022-09-01) is overdue on it."""


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    """The bundled policy and demo trust, loaded once for every web test.

    The face gallery lives in an empty data folder of its own (every face unknown
    unless a test enrols one).
    """
    data = tmp_path_factory.mktemp("web-data")
    return load_service(load_settings({"POSTGUARD_TODAY": TODAY, "POSTGUARD_DATA_DIR": str(data)}))


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, service: Service) -> Iterator[WebDatabase]:
    """The database every web test shares (every browser run included).

    When they are done, ``postguard audit verify`` must pass on it: every workflow
    action of the whole run left its event on an unbroken chain.
    """
    folder = tmp_path_factory.mktemp("web-db")
    url = f"sqlite:///{folder / 'web.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    db = WebDatabase.for_engine(engine)
    yield db
    with db.reading() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    engine.dispose()
    command = Path(sys.executable).with_name("postguard")
    done = subprocess.run(
        [str(command), "audit", "verify"],
        env=os.environ | {"POSTGUARD_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"postguard audit verify failed: {done.stdout}{done.stderr}"
    assert f"audit chain OK: {events} events" in done.stdout, done.stdout


@pytest.fixture(scope="session")
def accounts(web_db: WebDatabase, service: Service) -> Accounts:
    return seed(web_db, service)


@pytest.fixture(scope="session")
def app(service: Service, web_db: WebDatabase, accounts: Accounts, smtp_server: Mailbox) -> FastAPI:
    """The app, sending its e-mail to the loopback SMTP server (``mailbox`` reads it)."""
    mailer = SmtpMailer(MailSettings(host=smtp_server.host, port=smtp_server.port))
    return create_app(service.settings, service=service, database=web_db, mailer=mailer)


@pytest.fixture(scope="session")
def teacher_cookies(app: FastAPI) -> tuple[dict[str, str], str]:
    with TestClient(app, base_url=BASE_URL) as c:
        token = sign_in(c, TEACHER, TEACHER_PASSWORD)
        return dict(c.cookies), token


@pytest.fixture
def client(app: FastAPI, teacher_cookies: tuple[dict[str, str], str]) -> Iterator[TestClient]:
    """Signed in as a teacher at both demo schools; sends the CSRF token on every request."""
    cookies, token = teacher_cookies
    with TestClient(app, base_url=BASE_URL, cookies=cookies) as c:
        c.headers["X-CSRF-Token"] = token
        yield c


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as c:
        yield c


@pytest.fixture
def signed_in_as(app: FastAPI, accounts: Accounts) -> Iterator[Callable[[Role], TestClient]]:
    """``signed_in_as(Role.DSL)``: a client signed in as that demo user."""
    opened: list[TestClient] = []

    def make(role: Role) -> TestClient:
        c = role_client(app, accounts, role)
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.close()


# -- a real browser (Debian's chromium, Playwright) against the app under uvicorn --------


@pytest.fixture(scope="session")
def base_url(app: FastAPI) -> Iterator[str]:
    """The shared app, served on a free loopback port for the browser tests."""
    with serve(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install chromium"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) at a laptop's size, in British English."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh browser context the size of a phone, with touch."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def teacher(page: Page, base_url: str) -> Page:
    """Signed in as a teacher at both demo schools."""
    browser_sign_in(page, base_url, TEACHER, TEACHER_PASSWORD)
    return page
