"""Dependencies the routes share: the loaded service and the page renderer.

Who is signed in, and whether they may use a route, is :mod:`postguard.web.auth`'s
job; the renderer shows each person the navigation their roles open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from postguard import __version__
from postguard.web.section import NavItem
from postguard.web.service import Service

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def make_templates() -> Jinja2Templates:
    """Jinja2 with autoescaping on for every template: user text is always escaped."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ticks"] = ticks
    env.filters["paragraphs"] = paragraphs
    return Jinja2Templates(env=env)


def ticks(value: str) -> Markup:
    """Escape ``value`` and show its `backticked` words as code."""
    parts = str(value).split("`")
    return Markup("").join(
        Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts)
    )


def paragraphs(value: str) -> list[str]:
    """A docstring's paragraphs, each on one line."""
    return [" ".join(p.split()) for p in str(value).split("\n\n") if p.strip()]


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page with the context every page needs (nav, policy, version)."""
    service = get_service(request)
    templates: Jinja2Templates = request.app.state.templates
    principal = getattr(request.state, "principal", None)
    signed_in = principal is not None and principal.signed_in
    # The main navigation (from the sections): each link shown only to people it opens to.
    items: tuple[NavItem, ...] = request.app.state.nav
    nav = [
        (n.key, n.href, n.label)
        for n in items
        if principal is not None and principal.may(n.permission)
    ]
    base = {
        "nav": nav,
        "principal": principal if signed_in else None,
        "csrf_token": principal.csrf_token if principal is not None else "",
        "version": __version__,
        "policy": service.policy,
        "review": service.review_status(),
        "roster_source": service.roster_source,
    }
    return templates.TemplateResponse(request, name, base | context, status_code=status_code)
