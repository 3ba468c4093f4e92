"""Dependencies the routes share: the loaded service and the page renderer.

Sign-in (the current user and ``require_role``) arrives with the store; until
then every page is open to whoever can reach the server, which is why
``postguard serve`` stays on loopback unless told otherwise.
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
from postguard.web.service import Service

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

NAV = (("check", "/check", "Check a post"), ("policy", "/policy", "Policy"), ("api", "/api", "API"))


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
    base = {
        "nav": NAV,
        "version": __version__,
        "policy": service.policy,
        "review": service.review_status(),
        "roster_source": service.roster_source,
    }
    return templates.TemplateResponse(request, name, base | context, status_code=status_code)
