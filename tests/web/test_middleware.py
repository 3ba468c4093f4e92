"""The guard: a host check against DNS rebinding, security headers, the body cap."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.middleware import LOOPBACK_HOSTS, MAX_BODY_BYTES, host_name
from postguard.web.service import Service


@pytest.mark.parametrize(
    "header, expected",
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("localhost", "localhost"),
        ("LocalHost:80", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("evil.example:8000", "evil.example"),
        ("", ""),
    ],
)
def test_host_name(header: str, expected: str) -> None:
    assert host_name(header) == expected


@pytest.mark.parametrize(
    "base_url, status",
    [
        ("http://127.0.0.1:8000", 200),
        ("http://localhost:8000", 200),
        ("http://[::1]:8000", 200),
        ("http://rebind.evil.example:8000", 400),
    ],
)
def test_loopback_app_refuses_other_hosts(
    service: Service, web_db: WebDatabase, base_url: str, status: int
) -> None:
    app = create_app(
        service.settings, service=service, allowed_hosts=LOOPBACK_HOSTS, database=web_db
    )
    with TestClient(app, base_url=base_url) as client:
        response = client.get("/health")
    assert response.status_code == status
    assert response.headers["cache-control"] == "no-store"


def test_oversized_page_post_is_413_before_reading(client: TestClient) -> None:
    response = client.post(
        "/check", content=b"", headers={"content-length": str(MAX_BODY_BYTES + 1)}
    )
    assert response.status_code == 413
    assert "too large" in response.text
