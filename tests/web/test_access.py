"""Every route of the app has an entry in the route permission table, and no entry is stale."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from postguard.auth.permissions import Permission
from postguard.web.access import ROUTE_PERMISSIONS, permission_for
from postguard.web.app import ROUTERS


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


def test_every_route_is_in_the_table_and_nothing_else(app: FastAPI) -> None:
    assert app_routes(app) == set(ROUTE_PERMISSIONS)


def test_checking_and_reading_the_policy_need_their_permissions() -> None:
    assert permission_for("post", "/api/check") is Permission.POST_CHECK
    assert permission_for("GET", "/policy") is Permission.POLICY_VIEW
    assert permission_for("GET", "/health") is None
