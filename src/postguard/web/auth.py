"""Who is asking, and may they: ONE dependency, :func:`enforce`, guards every route.

``enforce`` is installed on the app itself, so no route can forget it. It reads
the route's permission from the sections' route tables (:mod:`postguard.web.sections`;
a route missing there is a server error, and a test walks every route), finds the signed-in person
from the session cookie, and then:

- public routes pass (the person, if any, is still known to the page);
- signed out (or the TOTP code not yet given): pages redirect to ``/signin``,
  the API answers 401;
- any state-changing request (POST...) must carry the session's CSRF token, in
  the ``csrf_token`` form field or the ``X-CSRF-Token`` header, and an
  ``Origin``, when the browser sends a real one, naming this host;
- the permission is asked of :func:`postguard.auth.permissions.allowed`; 403 if refused.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Grant, Permission, allowed
from postguard.store.base import utcnow
from postguard.web.cookies import SESSION_COOKIE, unsign
from postguard.web.database import WebDatabase
from postguard.web.uploads import MAX_PHOTO_BYTES, MAX_PHOTOS
from postguard.workflows.sessions import Stage, find_session, needs_touch, touch
from postguard.workflows.users import grants_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
FORM_LIMITS = {
    "max_files": MAX_PHOTOS * 2,
    "max_fields": 64,
    "max_part_size": MAX_PHOTO_BYTES * 4 // 3 + 4096,
}
"""The most files and fields any form of the app sends (the check form with its photos).

A field may hold one photo re-posted in base64 (the whole body is still capped by
the middleware's limit)."""
REFUSED = "Your role does not give you access to this page."


class SignInRequired(Exception):
    """Nobody is signed in (or the second factor is still to come)."""


@dataclass(frozen=True)
class Principal:
    """The signed-in person for this request: their user, roles and session."""

    user_id: int
    email: str
    display_name: str
    trust_id: int
    grants: tuple[Grant, ...]
    session_id: str
    csrf_token: str
    stage: Stage

    @property
    def signed_in(self) -> bool:
        return self.stage is Stage.FULL

    @property
    def actor(self) -> str:
        return f"user:{self.user_id}"

    def may(self, permission: Permission, school: str | None = None) -> bool:
        return self.signed_in and allowed(self.grants, permission, school)

    def schools_for(self, permission: Permission, names: tuple[str, ...]) -> tuple[str, ...]:
        """The schools among ``names`` where this person may do ``permission``."""
        return tuple(n for n in names if self.may(permission, n))


def database(request: Request) -> WebDatabase:
    db: WebDatabase = request.app.state.db
    return db


def secret_key(request: Request) -> str:
    return str(request.app.state.service.settings.secret_key)


def load_principal(
    db: WebDatabase, key: str, cookie: str | None, now: datetime
) -> Principal | None:
    """The person behind a session cookie (None: no cookie, forged, unknown or timed out)."""
    token = unsign(key, cookie)
    if token is None:
        return None
    with db.reading() as session:
        found = find_session(session, token, now=now)
        if found is None:
            return None
        row, user = found
        principal = Principal(
            user_id=user.id,
            email=user.email,
            display_name=user.name,
            trust_id=user.trust_id,
            grants=grants_of(session, user),
            session_id=row.id,
            csrf_token=row.csrf_token,
            stage=Stage(row.stage),
        )
        stale = needs_touch(row, now)
    if stale:
        with db.writing() as session:
            touch(session, principal.session_id, now)
    return principal


def _origin_ok(request: Request) -> bool:
    """The Origin, when there is one, names this host. Browsers send ``null`` under our
    ``Referrer-Policy: no-referrer``: then only the token decides."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


async def submitted_token(request: Request) -> str:
    """The CSRF token a request carries (header first, then the form field)."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form(**FORM_LIMITS)
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def verify_csrf(request: Request, expected: str) -> None:
    """403 unless the request carries ``expected`` and comes from a page of this host."""
    token = await submitted_token(request)
    if not (_origin_ok(request) and token and hmac.compare_digest(token, expected)):
        await request.close()  # uploaded files already spooled to disk are released
        raise HTTPException(
            403,
            "This form has expired or did not come from PostGuard. Go back, reload the page "
            "and try again.",
        )


def route_permission(request: Request) -> Permission | None:
    route = request.scope.get("route")
    path = str(getattr(route, "path", request.url.path))
    method = "GET" if request.method == "HEAD" else request.method
    table: Mapping[tuple[str, str], Permission | None] = request.app.state.route_permissions
    return table[(method, path)]


async def enforce(request: Request) -> None:
    """THE access check, run before every route (installed on the app)."""
    permission = route_permission(request)
    try:
        principal = await run_in_threadpool(
            load_principal,
            database(request),
            secret_key(request),
            request.cookies.get(SESSION_COOKIE),
            utcnow(),
        )
    except SQLAlchemyError:
        if permission is not None:
            raise
        principal = None  # a public route (/health above all) still answers
    request.state.principal = principal
    if permission is None:
        return
    if principal is None or not principal.signed_in:
        raise SignInRequired()
    if request.method not in SAFE_METHODS:
        await verify_csrf(request, principal.csrf_token)
    if not principal.may(permission):
        raise HTTPException(403, REFUSED)


def current_principal(request: Request) -> Principal | None:
    """The person signed in (or half-way through the second factor), or None."""
    principal: Principal | None = getattr(request.state, "principal", None)
    return principal


def signed_in(request: Request) -> Principal:
    principal = current_principal(request)
    if principal is None or not principal.signed_in:
        raise SignInRequired()
    return principal


PrincipalDep = Annotated[Principal, Depends(signed_in)]
