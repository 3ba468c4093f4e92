"""The web app on a real, migrated SQLite database with the demo trust's users in it.

``client`` is signed in as a teacher (staff at both demo schools) and sends its
session's CSRF token with every request, so page and API tests read like a
person using the app. ``signed_in_as(role)`` gives a client signed in as the
demo user holding that role (TOTP code entered where the role needs one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from postguard.auth.roles import Role
from postguard.auth.totp import code_at
from postguard.settings import load_settings
from postguard.store import make_engine, upgrade
from postguard.store.rosters import find_trust
from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.service import Service, load_service
from postguard.workflows.demo import DEMO_TRUST, DemoUser, seed_demo
from postguard.workflows.users import create_user

TODAY = "2026-11-24"
"""A fixed day: the bundled policy (review due 2022-09-01) is overdue on it."""
BASE_URL = "https://testserver"
"""HTTPS, as behind a proxy: the session cookie is Secure off loopback."""
TEACHER = "teacher@demo.postguard.example.org"
TEACHER_PASSWORD = "correct horse battery staple"
TEACHER_SCHOOLS = ("Meadowbank Primary", "Riverside Academy")


@dataclass(frozen=True)
class Accounts:
    demo: dict[Role, DemoUser]


@pytest.fixture(scope="session")
def service() -> Service:
    """The bundled policy and demo trust, loaded once for every web test."""
    return load_service(load_settings({"POSTGUARD_TODAY": TODAY}))


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, service: Service) -> Iterator[WebDatabase]:
    folder = tmp_path_factory.mktemp("web-db")
    engine = make_engine(f"sqlite:///{folder / 'web.sqlite3'}")
    upgrade(engine)
    db = WebDatabase.for_engine(engine)
    yield db
    engine.dispose()


@pytest.fixture(scope="session")
def accounts(web_db: WebDatabase, service: Service) -> Accounts:
    """The demo trust and its users (one per role), plus a teacher at both schools."""
    key = service.settings.secret_key
    with web_db.writing() as session:
        _, users = seed_demo(session, actor="test", secret_key=key, today=service.today())
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        create_user(
            session,
            trust,
            TEACHER,
            actor="test",
            secret_key=key,
            display_name="Sam Teacher",
            password=TEACHER_PASSWORD,
            grants=tuple((Role.STAFF, s) for s in TEACHER_SCHOOLS),
        )
    return Accounts({u.role: u for u in users})


@pytest.fixture(scope="session")
def app(service: Service, web_db: WebDatabase, accounts: Accounts) -> FastAPI:
    return create_app(service.settings, service=service, database=web_db)


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


_steps_used: dict[str, int] = {}


def next_code(secret: str) -> str:
    """A TOTP code not used before in this test run (replayed codes are refused)."""
    now = datetime.now(UTC)
    step = int(now.timestamp()) // 30
    use = max(step - 1, _steps_used.get(secret, step - 2) + 1)
    assert use <= step + 1, "more sign-ins in one minute than TOTP drift allows"
    _steps_used[secret] = use
    return code_at(secret, now + timedelta(seconds=30 * (use - step)))


def sign_in(client: TestClient, email: str, password: str, totp: str | None = None) -> str:
    """Sign ``client`` in through the pages; returns the session's CSRF token."""
    page = client.get("/signin")
    answer = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": form_token(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    if answer.headers["location"].startswith("/signin/code"):
        assert totp is not None, f"{email} needs a TOTP code"
        code_page = client.get("/signin/code")
        answer = client.post(
            "/signin/code",
            data={"code": next_code(totp), "csrf_token": form_token(code_page.text)},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    token = client.get("/api/session").json()["csrf_token"]
    return str(token)


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


_role_sessions: dict[Role, tuple[dict[str, str], str]] = {}


@pytest.fixture
def signed_in_as(app: FastAPI, accounts: Accounts) -> Iterator[Callable[[Role], TestClient]]:
    """``signed_in_as(Role.DSL)``: a client signed in as that demo user (one sign-in per role)."""
    opened: list[TestClient] = []

    def make(role: Role) -> TestClient:
        if role not in _role_sessions:
            user = accounts.demo[role]
            with TestClient(app, base_url=BASE_URL) as c:
                token = sign_in(c, user.email, user.password, user.totp_secret)
                _role_sessions[role] = (dict(c.cookies), token)
        cookies, token = _role_sessions[role]
        c = TestClient(app, base_url=BASE_URL, cookies=cookies)
        c.headers["X-CSRF-Token"] = token
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.close()


REPO = Path(__file__).resolve().parents[2]
