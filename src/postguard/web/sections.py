"""THE registry of the web app's sections, in navigation order.

Each entry is a routes module's ``SECTION`` (:class:`postguard.web.section.Section`).
The app includes their routers; :func:`permission_for` answers from their route
tables (a route missing from them is a server error, and a test fails); the
navigation, the dashboard cards and the dashboard flags come from them too.
"""

from __future__ import annotations

from collections.abc import Mapping

from postguard.auth.permissions import Permission
from postguard.web.routes import (
    accounts,
    api,
    comments,
    concerns,
    dashboards,
    governance,
    health,
    notifications,
    oidc,
    pages,
    review,
    roster,
    signin,
)
from postguard.web.section import Card, FlagSource, NavItem, RouteKey, Section

SECTIONS: tuple[Section, ...] = (
    signin.SECTION,
    oidc.SECTION,
    dashboards.SECTION,
    pages.SECTION,
    review.SECTION,
    accounts.SECTION,
    comments.SECTION,
    concerns.SECTION,
    governance.SECTION,
    notifications.SECTION,
    roster.SECTION,
    api.SECTION,
    health.SECTION,
)


def _route_table(sections: tuple[Section, ...]) -> dict[RouteKey, Permission | None]:
    table: dict[RouteKey, Permission | None] = {}
    for section in sections:
        for key, permission in section.routes.items():
            if key in table:
                raise RuntimeError(f"route {key} is declared twice (section {section.name})")
            table[key] = permission
    return table


ROUTE_PERMISSIONS: Mapping[RouteKey, Permission | None] = _route_table(SECTIONS)
"""Which permission each route needs (None: public)."""
ROUTERS = tuple(r for s in SECTIONS for r in s.routers)
NAV: tuple[NavItem, ...] = tuple(
    sorted((n for s in SECTIONS for n in s.nav), key=lambda n: n.order)
)
CARDS: tuple[Card, ...] = tuple(c for s in SECTIONS for c in s.cards)
FLAGS: tuple[FlagSource, ...] = tuple(f for s in SECTIONS for f in s.flags)


def permission_for(method: str, path: str) -> Permission | None:
    """The permission a route needs (``None``: public). KeyError for an unlisted route."""
    return ROUTE_PERMISSIONS[(method.upper(), path)]
