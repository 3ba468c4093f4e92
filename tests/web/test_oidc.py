"""OpenID Connect sign-in against a LOCAL identity provider run here on 127.0.0.1.

The provider is a tiny Starlette app: discovery document, JWKS, an authorize
endpoint that signs in whoever the test says and sends the browser back with a
code, and a token endpoint that checks the client secret and PKCE and returns
an ID token signed with a test RSA key. It can be told to misbehave (wrong
audience, wrong nonce, another key, an unverified address).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from postguard.auth.roles import Role
from postguard.store.models import AuditEvent
from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.oidc import Provider
from postguard.web.routes.oidc import REFUSED
from postguard.web.service import Service
from postguard.web.testing import BASE_URL, TEACHER, Accounts

CLIENT_ID = "postguard-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class LocalIdP:
    """What the provider will do next (the test sets it), and what it has issued."""

    url: str = ""
    email: str = TEACHER
    tamper: str | None = None  # "aud" | "nonce" | "key" | "unverified"
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    other: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"})
    )
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        assert q["client_id"] == CLIENT_ID and q["response_type"] == "code"
        assert q["code_challenge_method"] == "S256" and "openid" in q["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": q["nonce"],
            "challenge": q["code_challenge"],
            "redirect_uri": q["redirect_uri"],
            "email": self.email,
        }
        return RedirectResponse(
            f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}", 302
        )

    async def token(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        form = await request.form()
        grant = self.codes.pop(str(form.get("code")), None)
        if auth != f"Basic {expected}" or grant is None:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        digest = hashlib.sha256(str(form.get("code_verifier")).encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "sub": hashlib.sha256(grant["email"].encode()).hexdigest()[:16],
            "aud": "someone-else" if self.tamper == "aud" else CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": "another-nonce" if self.tamper == "nonce" else grant["nonce"],
            "email": grant["email"],
            "email_verified": self.tamper != "unverified",
        }
        key = self.other if self.tamper == "key" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        return JSONResponse(
            {"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )


@pytest.fixture(scope="module")
def idp() -> Iterator[LocalIdP]:
    provider = LocalIdP()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    provider.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(provider.app(), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test identity provider did not start"
        time.sleep(0.05)
    yield provider
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def sso_app(service: Service, web_db: WebDatabase, accounts: Accounts, idp: LocalIdP) -> FastAPI:
    provider = Provider(
        id="school",
        label="School account",
        issuer=idp.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        require_email_verified=True,
    )
    return create_app(service.settings, service=service, database=web_db, oidc_providers=[provider])


@pytest.fixture
def visitor(sso_app: FastAPI, idp: LocalIdP) -> Iterator[TestClient]:
    idp.email, idp.tamper = TEACHER, None
    with TestClient(sso_app, base_url=BASE_URL) as c:
        yield c


def round_trip(client: TestClient) -> httpx.Response:
    """Leave for the provider, sign in there, come back; the app's last answer."""
    leave = client.get("/signin/oidc/school", follow_redirects=False)
    assert leave.status_code == 303
    at_idp = httpx.get(leave.headers["location"], follow_redirects=False)
    assert at_idp.status_code == 302
    back = at_idp.headers["location"]
    assert back.startswith(f"{BASE_URL}/signin/oidc/school/callback?")
    return client.get(back.removeprefix(BASE_URL), follow_redirects=False)


def test_the_sign_in_page_offers_the_provider(visitor: TestClient) -> None:
    html = visitor.get("/signin").text
    assert 'href="/signin/oidc/school"' in html and "Sign in with School account" in html


def test_a_teacher_signs_in_with_the_provider(visitor: TestClient, web_db: WebDatabase) -> None:
    answer = round_trip(visitor)
    assert (answer.status_code, answer.headers["location"]) == (303, "/dashboard")
    assert visitor.get("/api/session").json()["email"] == TEACHER
    with web_db.reading() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(3)).all()
    assert "signin.sso" in {e.action for e in last}


def test_a_role_needing_a_second_factor_still_gives_its_code(
    visitor: TestClient, idp: LocalIdP, accounts: Accounts
) -> None:
    idp.email = accounts.demo[Role.DSL].email
    answer = round_trip(visitor)
    assert (answer.status_code, answer.headers["location"]) == (303, "/signin/code")
    assert visitor.get("/concerns", follow_redirects=False).status_code == 303  # not yet


@pytest.mark.parametrize("tamper", ["aud", "nonce", "key", "unverified"])
def test_a_token_that_cannot_be_trusted_is_refused(
    visitor: TestClient, idp: LocalIdP, tamper: str
) -> None:
    idp.tamper = tamper
    answer = round_trip(visitor)
    assert answer.status_code == 401 and REFUSED.split(".")[0] in answer.text
    assert visitor.get("/api/session").status_code == 401


def test_an_unknown_address_is_refused(visitor: TestClient, idp: LocalIdP) -> None:
    idp.email = "stranger@elsewhere.example.org"
    answer = round_trip(visitor)
    assert answer.status_code == 401
    assert visitor.get("/api/session").status_code == 401


def test_coming_back_with_another_state_is_refused(visitor: TestClient) -> None:
    leave = visitor.get("/signin/oidc/school", follow_redirects=False)
    back = httpx.get(leave.headers["location"], follow_redirects=False).headers["location"]
    forged = back.split("&state=")[0] + "&state=forged"
    assert visitor.get(forged.removeprefix(BASE_URL)).status_code == 401


def test_coming_back_without_having_left_is_refused(sso_app: FastAPI, visitor: TestClient) -> None:
    leave = visitor.get("/signin/oidc/school", follow_redirects=False)
    back = httpx.get(leave.headers["location"], follow_redirects=False).headers["location"]
    with TestClient(sso_app, base_url=BASE_URL) as other_browser:  # no flow cookie
        assert other_browser.get(back.removeprefix(BASE_URL)).status_code == 401
