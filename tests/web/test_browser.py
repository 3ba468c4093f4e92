"""The pages in a real browser: Debian's chromium driven by Playwright, against uvicorn.

The app runs in a thread on a free loopback port; every page is saved as a
screenshot under build/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
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
PUPIL_POST = "Reader of the week \U0001f4da Well done Maisie Trelawney for finishing twenty books!"
FIXED_POST = "Reader of the week \U0001f4da Well done a Year 6 pupil for finishing twenty books!"


def png(width: int = 8, height: int = 6) -> bytes:
    """A small valid PNG (blue), made here so the test needs no image library."""

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


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
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
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install chromium"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0


def fill_post(page: Page, text: str, photo: Path | None) -> None:
    page.get_by_label("Text of the post").fill(text)
    page.get_by_label("Account").select_option("Meadowbank Primary")
    page.get_by_label("Platform").select_option("instagram")
    if photo is not None:
        page.get_by_label("Photos").set_input_files(str(photo))
    page.get_by_role("button", name="Check post").click()


def test_name_with_photo_is_flagged_s6_then_fixed_to_publish(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    photo = tmp_path / "reader-of-the-week.png"
    photo.write_bytes(png())
    page.goto(f"{base_url}/check")
    expect(page.get_by_role("heading", name="Check a post")).to_be_visible()
    shot(page, "check-empty")

    fill_post(page, PUPIL_POST, photo)
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    mark = page.locator("#preview mark.act-block")
    expect(mark).to_have_text("Maisie Trelawney")
    expect(page.locator("#finding-1")).to_contain_text("S6 (No names with photographs of children)")
    expect(page.locator("#finding-1")).to_contain_text("S6-PUPIL-NAME-PHOTO")
    expect(page.get_by_text("1 photo attached: reader-of-the-week.png (PNG)")).to_be_visible()
    shot(page, "check-blocked")

    page.get_by_role("button", name=re.compile(r"Apply fix: Replace with .a Year 6 pupil.")).click()
    expect(page.get_by_role("heading", name="Ready to publish")).to_be_visible()
    expect(page.get_by_label("Text of the post")).to_have_value(FIXED_POST)
    expect(page.locator("#preview mark")).to_have_count(0)
    expect(page.get_by_text("1 photo attached")).to_be_visible()
    shot(page, "check-fixed")


def test_hostile_text_is_shown_not_run(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/check")
    fill_post(page, "<img src=x onerror='window.pwned=1'><script>window.pwned=2</script>", None)
    expect(page.locator("#preview")).to_contain_text("<script>window.pwned=2</script>")
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_keyboard_only(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/check")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Text of the post").focus()
    page.keyboard.type("Maisie Trelawney read to the class.")
    for _ in range(4):  # account, platform, photos, the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check post")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()


def test_empty_text_shows_the_error_beside_the_field(page: Page, base_url: str) -> None:
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
    page.goto(f"{base_url}/check")
    fill_post(page, "Maisie Trelawney's mum says call 07700 900123 about the trip.", None)
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "check-phone")
    context.close()


def test_policy_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/policy")
    expect(page.get_by_role("alert")).to_contain_text("OVERDUE")
    expect(page.locator("#clause-S6")).to_contain_text("S6-PUPIL-NAME-PHOTO")
    shot(page, "policy")


def test_api_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/api")
    expect(page.get_by_role("heading", name="POST /api/check")).to_be_visible()
    shot(page, "api")
