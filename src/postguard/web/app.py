"""The app factory: ``create_app(settings=None)`` loads policy and roster once, mounts routes.

Run it with ``postguard serve``, or ``uvicorn --factory postguard.web.app:create_app``.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from postguard import __version__
from postguard.mail import Mailer, mailer_for
from postguard.settings import Settings, load_settings
from postguard.web.auth import SignInRequired, enforce
from postguard.web.database import WebDatabase
from postguard.web.deps import STATIC_DIR, make_templates, render
from postguard.web.middleware import Guard
from postguard.web.oidc import Provider, load_providers
from postguard.web.sections import CARDS, FLAGS, NAV, ROUTE_PERMISSIONS, ROUTERS
from postguard.web.service import Service, load_service

DESCRIPTION = (
    "PostGuard checks a school trust's social media posts against its policy before they "
    "go out. Every finding cites the clause it enforces, e.g. `S6 (No names with "
    "photographs of children)`."
)


def create_app(
    settings: Settings | None = None,
    *,
    service: Service | None = None,
    allowed_hosts: Collection[str] | None = None,
    database: WebDatabase | None = None,
    oidc_providers: Collection[Provider] | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    """The PostGuard web app.

    ``service`` (already loaded) lets tests share one roster index; ``allowed_hosts``
    (``postguard serve`` passes the loopback names) refuses requests for any other host;
    ``database`` defaults to ``POSTGUARD_DATABASE_URL`` (nothing connects until a request);
    ``oidc_providers`` default to those in ``<POSTGUARD_DATA_DIR>/oidc.json``;
    ``mailer`` defaults to the relay of ``POSTGUARD_SMTP_HOST`` (none: no e-mail).
    Every route is guarded by :func:`postguard.web.auth.enforce`.
    """
    settings = settings or load_settings()
    app = FastAPI(
        title="PostGuard",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's docs pages load scripts from a CDN: /api is served instead
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(enforce)],
    )
    app.state.service = service or load_service(settings)
    app.state.db = database or WebDatabase.for_url(settings.database_url)
    app.state.oidc = (
        load_providers(settings.data_dir)
        if oidc_providers is None
        else {p.id: p for p in oidc_providers}
    )
    app.state.mailer = mailer if mailer is not None else mailer_for(settings.mail)
    app.state.templates = make_templates()
    app.state.route_permissions = ROUTE_PERMISSIONS
    app.state.nav, app.state.cards, app.state.flags = NAV, CARDS, FLAGS
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(SignInRequired, _sign_in_first)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    return app


ERROR_TITLES = {403: "Not allowed", 404: "Page not found"}


async def _http_error(request: Request, exc: Exception) -> Response:
    """Errors as JSON for the API, as a page for people."""
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request.url.path):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    message = "This page does not exist." if exc.status_code == 404 else str(exc.detail)
    response: HTMLResponse = render(
        request,
        "error.html",
        {
            "active": "",
            "title": ERROR_TITLES.get(exc.status_code, f"Error {exc.status_code}"),
            "message": message,
            "status": exc.status_code,
        },
        status_code=exc.status_code,
    )
    return response


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/openapi", "/health", "/static/"))


async def _sign_in_first(request: Request, exc: Exception) -> Response:
    """Signed out: people are sent to the sign-in page (and back), programs get 401."""
    path = request.url.path
    if _is_api(path):
        return JSONResponse({"detail": "Sign in first."}, status_code=401)
    target = "/signin"
    if request.method == "GET" and path not in ("/", "/signin"):
        target += "?next=" + quote(path + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(target, status_code=303)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """422 in FastAPI's shape, minus the echoed input (it may be a long text about a child)."""
    assert isinstance(exc, RequestValidationError)
    detail = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": e.get("type", "value_error"),
        }
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)
