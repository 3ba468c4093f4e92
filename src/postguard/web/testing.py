"""Helpers for tests of the web app: a seeded database, signing in through the pages.

Used by ``tests/web`` (and the benchmark): they drive the real sign-in forms, so
a test signed in as a role went through the same password, TOTP and CSRF steps
as a person.
"""

from __future__ import annotations

import re
import struct
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from fastapi import FastAPI
from fastapi.testclient import TestClient

from postguard.auth.roles import Role
from postguard.auth.totp import code_at
from postguard.store.models import Account
from postguard.store.rosters import find_trust
from postguard.web.database import WebDatabase
from postguard.web.service import Service
from postguard.workflows.demo import DEMO_TRUST, DemoUser, seed_demo
from postguard.workflows.trusts import find_school
from postguard.workflows.users import create_user

BASE_URL = "https://testserver"
"""HTTPS, as behind a proxy: the session cookie is Secure off loopback."""
TEACHER = "teacher@demo.postguard.example.org"
TEACHER_PASSWORD = "correct horse battery staple"
TEACHER_SCHOOLS = ("Meadowbank Primary", "Riverside Academy")


@dataclass(frozen=True)
class Accounts:
    demo: dict[Role, DemoUser]


def seed(web_db: WebDatabase, service: Service) -> Accounts:
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


def live_account(
    web_db: WebDatabase, school: str = "Riverside Academy", platform: str = "facebook"
) -> tuple[int, str]:
    """A live trust account of the demo trust at ``school`` with a new handle: (row id, handle).

    The web tests share one database, so every call makes its own account.
    """
    handle = f"pg{uuid4().hex[:12]}"
    with web_db.writing() as session:
        trust = find_trust(session, DEMO_TRUST)
        assert trust is not None
        where = find_school(session, trust, school)
        assert where is not None
        row = Account(
            trust_id=trust.id, school_id=where.id, platform=platform, handle=handle, status="live"
        )
        session.add(row)
        session.flush()
        return row.id, handle


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


_steps_used: dict[str, int] = {}


def next_code(secret: str) -> str:
    """A TOTP code not used before in this test run (replayed codes are refused).

    The app accepts the previous, current and next 30-second step; when all
    three are used, this waits for the next step rather than fail.
    """
    while True:
        now = datetime.now(UTC)
        step = int(now.timestamp()) // 30
        # the previous step only while it stays valid until the code is entered
        lowest = step - 1 if now.timestamp() % 30 < 20 else step
        use = max(lowest, _steps_used.get(secret, lowest - 1) + 1)
        if use <= step + 1:
            _steps_used[secret] = use
            return code_at(secret, now + timedelta(seconds=30 * (use - step)))
        time.sleep(30 - now.timestamp() % 30 + 0.1)


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


_role_sessions: dict[tuple[int, Role], tuple[dict[str, str], str]] = {}


def role_client(app: FastAPI, accounts: Accounts, role: Role) -> TestClient:
    """A client signed in as the demo user holding ``role`` (one sign-in per app and role)."""
    key = (id(app), role)
    if key not in _role_sessions:
        user = accounts.demo[role]
        with TestClient(app, base_url=BASE_URL) as c:
            token = sign_in(c, user.email, user.password, user.totp_secret)
            _role_sessions[key] = (dict(c.cookies), token)
    cookies, token = _role_sessions[key]
    c = TestClient(app, base_url=BASE_URL, cookies=cookies)
    c.headers["X-CSRF-Token"] = token
    return c


def blank_png(width: int = 64, height: int = 48) -> bytes:
    """A small valid PNG of one colour (no faces, no words), made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x1f\x3a\x8a" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def kept_photos(html: str) -> list[str]:
    """The photos a checker page re-posts (its hidden ``kept_photo`` fields), as a browser would."""
    return re.findall(r'name="kept_photo" value="([^"]+)"', html)


def group_photo(paths: Sequence[Path], height: int = 360) -> bytes:
    """A JPEG of the given portraits side by side (a "group photo" composed at test time)."""
    import io

    from PIL import Image

    portraits = []
    for path in paths:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
        width = round(rgb.width * height / rgb.height)
        portraits.append(rgb.resize((width, height), Image.Resampling.LANCZOS))
    gap = 24
    canvas = Image.new(
        "RGB", (sum(p.width for p in portraits) + gap * (len(portraits) + 1), height + 2 * gap)
    )
    canvas.paste((128, 132, 126), (0, 0, canvas.width, canvas.height))
    x = gap
    for p in portraits:
        canvas.paste(p, (x, gap))
        x += p.width + gap
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=90)
    return out.getvalue()
