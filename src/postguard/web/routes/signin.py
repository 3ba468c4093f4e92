"""Signing in and out: email and password, then a TOTP code where the roles need one.

Every failure shows the same message (no hint whether the email exists, or is
locked). A new session (and cookie) is made after each step, so a token seen
before sign-in is worth nothing after it. The sign-in form, having no session
yet, carries a double-submit CSRF token: a random value in a signed cookie and
the same value in the form.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from postguard.web.auth import (
    CSRF_FIELD,
    FORM_LIMITS,
    current_principal,
    database,
    secret_key,
    verify_csrf,
)
from postguard.web.cookies import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    clear_cookie,
    set_cookie,
    sign,
    unsign,
)
from postguard.web.deps import render
from postguard.web.section import PUBLIC, Section
from postguard.workflows.sessions import Stage, Timeouts, end_session, start_session
from postguard.workflows.signin import SignIn, SignInStatus, authenticate, second_factor

router = APIRouter(include_in_schema=False)

GENERIC_FAILURE = (
    "Those sign-in details did not work. Check them and try again. After five failed "
    "attempts an account is locked for a while: ask IT services if you are stuck."
)
NOT_ENROLLED = (
    "Your account needs an authenticator app for its second step, and none is set up "
    "for it. Ask IT services to set one up for you."
)
EXPIRED_FORM = "The sign-in form had expired. Please try again."
HOME = "/dashboard"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return HOME
    if value.startswith(("/signin", "/signout")):
        return HOME
    return value


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _signin_page(
    request: Request,
    *,
    next_path: str,
    email: str = "",
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    key = secret_key(request)
    form_token = unsign(key, request.cookies.get(SIGNIN_COOKIE)) or secrets.token_urlsafe(32)
    response = render(
        request,
        "signin.html",
        {
            "active": "signin",
            "title": "Sign in",
            "form_token": form_token,
            "next": next_path,
            "email": email,
            "error": error,
            "notice": notice,
            "providers": list(request.app.state.oidc.values()),
        },
        status_code=status_code,
    )
    set_cookie(response, request, SIGNIN_COOKIE, sign(key, form_token), max_age=3600)
    return response


def with_session(request: Request, response: Response, token: str, stage: Stage) -> Response:
    timeouts = Timeouts()
    lifetime = timeouts.second_factor if stage is Stage.SECOND_FACTOR else timeouts.absolute
    set_cookie(
        response,
        request,
        SESSION_COOKIE,
        sign(secret_key(request), token),
        max_age=int(lifetime.total_seconds()),
    )
    clear_cookie(response, request, SIGNIN_COOKIE)
    return response


def error_page(request: Request, message: str, status_code: int) -> HTMLResponse:
    """A sign-in problem shown on the sign-in page (with its form, to try again)."""
    return _signin_page(request, next_path=HOME, error=message, status_code=status_code)


@router.get("/")
def home(request: Request) -> RedirectResponse:
    principal = current_principal(request)
    signed_in = principal is not None and principal.signed_in
    return RedirectResponse(HOME if signed_in else "/signin", status_code=303)


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str | None = None) -> Response:
    principal = current_principal(request)
    if principal is not None and principal.signed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    notice = "You have signed out." if request.query_params.get("signed_out") else None
    return _signin_page(request, next_path=safe_next(next), notice=notice)


@router.post("/signin", response_class=HTMLResponse)
async def signin_submit(request: Request) -> Response:
    form = await request.form(**FORM_LIMITS)
    email, password = _field(form, "email").strip(), _field(form, "password")
    next_path = safe_next(_field(form, "next"))
    expected = unsign(secret_key(request), request.cookies.get(SIGNIN_COOKIE))
    submitted = _field(form, CSRF_FIELD)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        return _signin_page(
            request, next_path=next_path, email=email, error=EXPIRED_FORM, status_code=403
        )
    if not email or not password:
        return _signin_page(
            request, next_path=next_path, email=email, error=GENERIC_FAILURE, status_code=401
        )
    agent = request.headers.get("user-agent", "")
    db = database(request)
    key = secret_key(request)

    def run() -> tuple[SignIn, str | None]:
        with db.writing() as session:
            result = authenticate(session, email, password, secret_key=key)
            if result.user is None or result.status not in (
                SignInStatus.OK,
                SignInStatus.SECOND_FACTOR_REQUIRED,
            ):
                return result, None
            stage = Stage.FULL if result.status is SignInStatus.OK else Stage.SECOND_FACTOR
            return result, start_session(session, result.user, stage, user_agent=agent).token

    result, token = await run_in_threadpool(run)
    if token is not None and result.status is SignInStatus.OK:
        return with_session(
            request, RedirectResponse(next_path, status_code=303), token, Stage.FULL
        )
    if token is not None:
        target = "/signin/code" + ("" if next_path == HOME else f"?next={next_path}")
        return with_session(
            request, RedirectResponse(target, status_code=303), token, Stage.SECOND_FACTOR
        )
    if result.status is SignInStatus.SECOND_FACTOR_NOT_ENROLLED:
        return _signin_page(
            request, next_path=next_path, email=email, error=NOT_ENROLLED, status_code=403
        )
    return _signin_page(
        request, next_path=next_path, email=email, error=GENERIC_FAILURE, status_code=401
    )


def _code_page(
    request: Request, csrf_token: str, next_path: str, error: str | None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "code.html",
        {
            "active": "signin",
            "title": "Enter your code",
            "csrf_token": csrf_token,
            "next": next_path,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/signin/code", response_class=HTMLResponse)
def code_page(request: Request, next: str | None = None) -> Response:
    principal = current_principal(request)
    if principal is None or principal.stage is not Stage.SECOND_FACTOR:
        return RedirectResponse("/signin", status_code=303)
    return _code_page(request, principal.csrf_token, safe_next(next), None)


@router.post("/signin/code", response_class=HTMLResponse)
async def code_submit(request: Request) -> Response:
    principal = current_principal(request)
    if principal is None or principal.stage is not Stage.SECOND_FACTOR:
        return RedirectResponse("/signin", status_code=303)
    await verify_csrf(request, principal.csrf_token)
    form = await request.form(**FORM_LIMITS)
    code = _field(form, "code")
    next_path = safe_next(_field(form, "next"))
    agent = request.headers.get("user-agent", "")
    db = database(request)
    key = secret_key(request)

    def run() -> tuple[SignIn, str | None]:
        with db.writing() as session:
            result = second_factor(session, principal.user_id, code, secret_key=key)
            if result.status is SignInStatus.OK and result.user is not None:
                end_session(session, principal.session_id, reason="second_factor")
                started = start_session(session, result.user, Stage.FULL, user_agent=agent)
                return result, started.token
            if result.status is SignInStatus.LOCKED:
                end_session(session, principal.session_id, reason="locked")
            return result, None

    result, token = await run_in_threadpool(run)
    if token is not None:
        return with_session(
            request, RedirectResponse(next_path, status_code=303), token, Stage.FULL
        )
    if result.status is SignInStatus.LOCKED:
        response = _signin_page(
            request, next_path=next_path, error=GENERIC_FAILURE, status_code=401
        )
        clear_cookie(response, request, SESSION_COOKIE)
        return response
    message = (
        NOT_ENROLLED
        if result.status is SignInStatus.SECOND_FACTOR_NOT_ENROLLED
        else ("That code did not work. Enter the 6-digit code your authenticator app shows now.")
    )
    return _code_page(request, principal.csrf_token, next_path, message, status_code=401)


@router.post("/signout")
async def signout(request: Request) -> Response:
    principal = current_principal(request)
    if principal is not None:
        await verify_csrf(request, principal.csrf_token)
        db = database(request)

        def run() -> None:
            with db.writing() as session:
                end_session(session, principal.session_id)

        await run_in_threadpool(run)
    response = RedirectResponse("/signin?signed_out=1", status_code=303)
    clear_cookie(response, request, SESSION_COOKIE)
    return response


SECTION = Section(
    "signin",
    (router,),
    {
        ("GET", "/"): PUBLIC,  # a redirect to the dashboard, or to sign-in
        ("GET", "/signin"): PUBLIC,
        ("POST", "/signin"): PUBLIC,  # double-submit CSRF token checked by the route
        ("GET", "/signin/code"): PUBLIC,  # needs a session at the second-factor stage
        ("POST", "/signin/code"): PUBLIC,  # idem, with the session's CSRF token
        ("POST", "/signout"): PUBLIC,  # ends the caller's own session (CSRF checked)
    },
)
