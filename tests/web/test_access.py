"""Route x role: every route of the app, asked by every role and by nobody, answers as the
permission table says: allowed -> the route's own answer (never 403, never to sign-in),
refused -> 403, signed out -> redirect to sign-in (pages) or 401 (API). On SQLite and
PostgreSQL.

Routes listed in ``CALLS`` are asked with a valid request (and must answer 200 when
allowed); any other route is asked with an empty form and ``999999`` for each path
parameter, so a workflow route gives its own answer (404, 422...) once past the check.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from postguard.auth.permissions import Grant, Permission, allowed
from postguard.auth.roles import Role
from postguard.demo import demo_dir
from postguard.store.testing import _migrated
from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.section import PUBLIC
from postguard.web.sections import ROUTE_PERMISSIONS, ROUTERS, permission_for
from postguard.web.service import Service
from postguard.web.testing import BASE_URL, Accounts, blank_png, role_client, seed


def methods(route: Route) -> set[tuple[str, str]]:
    return {(m, route.path) for m in route.methods or () if m != "HEAD"}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        included = getattr(route, "original_router", None)
        if isinstance(route, Mount):
            found.add(("GET", route.path))
        elif isinstance(route, Route):
            found |= methods(route)
        else:
            assert included in ROUTERS, f"{route!r} comes from a router not in ROUTERS"
    for router in ROUTERS:
        for r in router.routes:
            assert isinstance(r, APIRoute)
            found |= methods(r)
    return found


def demo_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for f in sorted(demo_dir().iterdir()):
            if f.suffix in (".csv", ".json"):
                z.write(f, f"export/{f.name}")
    return buffer.getvalue()


@dataclass(frozen=True)
class Call:
    """How the walk asks a route, and what a PUBLIC route answers whoever asks."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    public: int | None = None  # the status a public route gives (signed in or not)


TEXT = "Sports day is on Friday: bring a water bottle."
SKY = base64.b64encode(blank_png()).decode("ascii")
CALLS: dict[tuple[str, str], Call] = {
    ("GET", "/"): Call(public=303),
    ("GET", "/health"): Call(public=200),
    ("GET", "/openapi.json"): Call(public=200),
    ("GET", "/static"): Call({"url": "/static/postguard.css"}, public=200),
    ("GET", "/signin"): Call(public=200),  # signed in: 303 to the dashboard (checked below)
    ("POST", "/signin"): Call({"data": {"email": "x@example.org", "password": "p"}}, public=403),
    ("GET", "/signin/code"): Call(public=303),  # no second-factor step under way
    ("POST", "/signin/code"): Call({"data": {"code": "123456"}}, public=303),
    ("POST", "/signout"): Call(public=303),  # asked anonymously only (see below)
    # no provider is configured in this app: 404 (tests/web/test_oidc.py has one)
    ("GET", "/signin/oidc/{provider}"): Call({"url": "/signin/oidc/none"}, public=404),
    ("GET", "/signin/oidc/{provider}/callback"): Call(
        {"url": "/signin/oidc/none/callback"}, public=404
    ),
    ("GET", "/api"): Call(),
    ("GET", "/api/session"): Call(),
    ("GET", "/dashboard"): Call(),
    ("GET", "/check"): Call(),
    ("POST", "/check"): Call({"data": {"text": TEXT}}),
    ("POST", "/api/check"): Call({"json": {"text": TEXT}}),
    ("POST", "/api/fix"): Call({"json": {"text": TEXT}}),
    ("POST", "/api/redact"): Call({"json": {"photo": {"filename": "sky.png", "data": SKY}}}),
    ("GET", "/review"): Call(),
    ("GET", "/posts"): Call(),
    ("GET", "/concerns"): Call(),
    ("GET", "/roster/import"): Call(),
    ("POST", "/roster/import"): Call(
        {"files": [("files", ("roster.zip", demo_zip(), "application/zip"))]}
    ),
    ("GET", "/policy"): Call(),
    ("GET", "/api/policy"): Call(),
}
PATH_PARAMETER = re.compile(r"\{[^}]+\}")


def default_call(method: str, path: str) -> Call:
    """An empty request to a workflow route: past the access check it answers for itself."""
    url = PATH_PARAMETER.sub("999999", path)
    if method == "GET":
        return Call({"url": url})
    if path.startswith("/api/"):
        return Call({"url": url, "json": {}})
    return Call({"url": url, "data": {}})


def ask(client: TestClient, method: str, path: str) -> tuple[int, str]:
    call = CALLS.get((method, path)) or default_call(method, path)
    kwargs = dict(call.kwargs)
    url = kwargs.pop("url", path)
    response = client.request(method, url, follow_redirects=False, **kwargs)
    return response.status_code, response.headers.get("location", "")


def test_every_route_is_in_the_table_and_nothing_else(app: FastAPI) -> None:
    assert app_routes(app) == set(ROUTE_PERMISSIONS)
    assert set(CALLS) <= set(ROUTE_PERMISSIONS)
    assert all(p is not PUBLIC for k, p in ROUTE_PERMISSIONS.items() if k not in CALLS)


def test_checking_and_reading_the_policy_need_their_permissions() -> None:
    assert permission_for("post", "/api/check") is Permission.POST_CHECK
    assert permission_for("GET", "/policy") is Permission.POLICY_VIEW
    assert permission_for("GET", "/concerns") is Permission.CONCERN_VIEW
    assert permission_for("GET", "/health") is None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(
    request: pytest.FixtureRequest,
    app: FastAPI,
    accounts: Accounts,
    service: Service,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FastAPI, Accounts]]:
    """The app on SQLite (the shared one) and on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield app, accounts
        return
    gen = _migrated("postgresql", tmp_path_factory.mktemp("pg"))
    database = next(gen)
    try:
        db = WebDatabase.for_engine(database.engine)
        yield create_app(service.settings, service=service, database=db), seed(db, service)
    finally:
        gen.close()


PROTECTED = sorted(k for k, p in ROUTE_PERMISSIONS.items() if p is not PUBLIC)
PUBLIC_ROUTES = sorted(k for k, p in ROUTE_PERMISSIONS.items() if p is PUBLIC)


@pytest.mark.parametrize("role", list(Role))
def test_every_protected_route_answers_each_role_as_the_table_says(
    backend: tuple[FastAPI, Accounts], role: Role
) -> None:
    app, accounts = backend
    with role_client(app, accounts, role) as client:
        held = client.get("/api/session").json()["roles"]
        answers = {}
        expected = {}
        for method, path in PROTECTED:
            permission = ROUTE_PERMISSIONS[(method, path)]
            assert permission is not None
            may = allowed_for(held, permission)
            status, location = ask(client, method, path)
            if (method, path) in CALLS:
                answers[(method, path)] = status
                expected[(method, path)] = 200 if may else 403
            else:  # a workflow route's own answer: anything but a refusal
                refused = status in (401, 403) or location.startswith("/signin")
                answers[(method, path)] = "refused" if refused else "answered"
                expected[(method, path)] = "answered" if may else "refused"
    assert answers == expected


def allowed_for(held: list[str], permission: Permission) -> bool:
    """What the permission table says about the roles the app reports (``role@school``)."""
    grants = [Grant(Role(r.split("@")[0]), r.split("@")[1] if "@" in r else None) for r in held]
    return allowed(grants, permission)


@pytest.mark.parametrize("method, path", PROTECTED)
def test_signed_out_every_protected_route_sends_to_sign_in(
    backend: tuple[FastAPI, Accounts], method: str, path: str
) -> None:
    app, _ = backend
    with TestClient(app, base_url=BASE_URL) as client:
        status, location = ask(client, method, path)
    if path.startswith("/api/"):
        assert status == 401
    else:
        assert (status, location.split("?")[0]) == (303, "/signin")


@pytest.mark.parametrize("method, path", PUBLIC_ROUTES)
def test_public_routes_answer_anyone(
    backend: tuple[FastAPI, Accounts], method: str, path: str
) -> None:
    app, accounts = backend
    with TestClient(app, base_url=BASE_URL) as client:
        assert ask(client, method, path)[0] == CALLS[(method, path)].public
    if (method, path) == ("POST", "/signout"):
        return  # signing a role out would end the session the other tests share
    with role_client(app, accounts, Role.BOARD) as client:
        status, location = ask(client, method, path)
    signed_in_answer = {("GET", "/signin"): 303, ("POST", "/signin"): 403}
    assert status == signed_in_answer.get((method, path), CALLS[(method, path)].public)


def test_the_roles_see_what_the_issue_asks(app: FastAPI, accounts: Accounts) -> None:
    """Spot checks in words: staff check posts; only the DSL side sees concerns; IT imports."""
    matrix = {
        Role.STAFF: {"/check": 200, "/concerns": 403, "/review": 403, "/roster/import": 403},
        Role.DSL: {"/concerns": 200, "/roster/import": 403},
        Role.DEPUTY_DSL: {"/concerns": 200},
        Role.SLT: {"/review": 200, "/concerns": 403},
        Role.IT_ADMIN: {"/roster/import": 200, "/check": 403, "/concerns": 403},
        Role.BOARD: {"/policy": 200, "/check": 403, "/concerns": 403},
    }
    for role, pages in matrix.items():
        with role_client(app, accounts, role) as client:
            got = {p: client.get(p, follow_redirects=False).status_code for p in pages}
        assert got == pages, role
