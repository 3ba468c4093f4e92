"""Driving the web app in a real browser (Debian's chromium, Playwright): for tests only.

Playwright is a test dependency; nothing in the product imports this module.
``serve(app)`` runs the app under uvicorn on a free loopback port; ``sign_in``
goes through the real sign-in pages (and the code page where the role needs
it); ``shot`` saves a screenshot under build/screenshots/ for people to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from postguard.auth.roles import Role, needs_second_factor
from postguard.web.testing import Accounts, next_code

REPO = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn in a thread on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def shot(page: Page, name: str) -> None:
    """Save the whole page as build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0


def sign_in(page: Page, base_url: str, email: str, password: str, totp: str | None = None) -> None:
    """Sign in through the sign-in page (and the code page when the role needs it)."""
    page.goto(f"{base_url}/signin")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp is not None:
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("6-digit code").fill(next_code(totp))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_in_as(page: Page, base_url: str, accounts: Accounts, role: Role) -> None:
    """Sign in as the demo user holding ``role``."""
    user = accounts.demo[role]
    code = user.totp_secret if needs_second_factor({role}) else None
    sign_in(page, base_url, user.email, user.password, code)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
