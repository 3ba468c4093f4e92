"""Sign-in with Microsoft Entra ID or Google Workspace (OpenID Connect): leave, come back.

``GET /signin/oidc/{provider}`` sends the browser to the provider;
``GET /signin/oidc/{provider}/callback`` checks what it brings back
(:mod:`postguard.web.oidc`) and signs in the user with that address, asking for
their TOTP code too when their role needs one.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from postguard.web.auth import database, secret_key
from postguard.web.cookies import clear_cookie, set_cookie
from postguard.web.oidc import FLOW_COOKIE, FLOW_SECONDS, Flow, OidcError, Provider, finish, start
from postguard.web.routes.signin import HOME, error_page, safe_next, with_session
from postguard.web.section import PUBLIC, Section
from postguard.workflows.sessions import Stage, start_session
from postguard.workflows.signin import SignInStatus, single_sign_on

router = APIRouter(include_in_schema=False)

REFUSED = (
    "That account could not be used to sign in to PostGuard. Use your school account, "
    "or ask IT services to give your address access."
)


def _provider(request: Request, name: str) -> Provider:
    providers: dict[str, Provider] = request.app.state.oidc
    found = providers.get(name)
    if found is None:
        raise HTTPException(404, "No such sign-in provider.")
    return found


def _redirect_uri(request: Request, provider: Provider) -> str:
    return str(request.url_for("oidc_callback", provider=provider.id))


@router.get("/signin/oidc/{provider}", name="oidc_start")
async def oidc_start(request: Request, provider: str, next: str | None = None) -> Response:
    p = _provider(request, provider)
    try:
        url, flow = await run_in_threadpool(start, p, _redirect_uri(request, p), safe_next(next))
    except OidcError:
        return error_page(request, "The sign-in provider cannot be reached just now.", 502)
    response = RedirectResponse(url, status_code=303)
    set_cookie(response, request, FLOW_COOKIE, flow.to_cookie(secret_key(request)),
               max_age=FLOW_SECONDS)  # fmt: skip
    return response


@router.get("/signin/oidc/{provider}/callback", name="oidc_callback")
async def oidc_callback(request: Request, provider: str) -> Response:
    p = _provider(request, provider)
    key = secret_key(request)
    flow = Flow.from_cookie(key, request.cookies.get(FLOW_COOKIE))
    params = request.query_params
    if flow is None or "error" in params:
        refused: Response = error_page(request, REFUSED, 401)
        clear_cookie(refused, request, FLOW_COOKIE)
        return refused
    try:
        email = await run_in_threadpool(
            finish, p, flow, _redirect_uri(request, p), params.get("code", ""),
            params.get("state", ""),
        )  # fmt: skip
    except OidcError:
        refused = error_page(request, REFUSED, 401)
        clear_cookie(refused, request, FLOW_COOKIE)
        return refused
    db = database(request)
    agent = request.headers.get("user-agent", "")

    def run() -> tuple[SignInStatus, str | None]:
        with db.writing() as session:
            result = single_sign_on(session, email, provider=p.id)
            if result.user is None or result.status not in (
                SignInStatus.OK,
                SignInStatus.SECOND_FACTOR_REQUIRED,
            ):
                return result.status, None
            stage = Stage.FULL if result.status is SignInStatus.OK else Stage.SECOND_FACTOR
            started = start_session(session, result.user, stage, user_agent=agent)
            return result.status, started.token

    status, token = await run_in_threadpool(run)
    response: Response
    if token is None:
        response = error_page(request, REFUSED, 401)
    elif status is SignInStatus.OK:
        response = with_session(
            request, RedirectResponse(flow.next, status_code=303), token, Stage.FULL
        )
    else:
        target = "/signin/code" + ("" if flow.next == HOME else f"?next={flow.next}")
        response = with_session(
            request, RedirectResponse(target, status_code=303), token, Stage.SECOND_FACTOR
        )
    clear_cookie(response, request, FLOW_COOKIE)
    return response


SECTION = Section(
    "oidc",
    (router,),
    {
        ("GET", "/signin/oidc/{provider}"): PUBLIC,  # off to the identity provider
        ("GET", "/signin/oidc/{provider}/callback"): PUBLIC,  # state, nonce, PKCE checked
    },
)
