"""Which permission each route needs: declared here, ENFORCED ONLY WHEN SIGN-IN LANDS.

Sign-in (sessions, CSRF, the current user and their role grants) arrives with
the store's sign-in workflow; until then nothing here refuses a request, and
``postguard serve`` stays on loopback. The table exists now so every route is
accounted for (a test fails when a route is missing from it) and the
route x role test has one place to read. Permissions come from the one table in
:mod:`postguard.auth.permissions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from postguard.auth.permissions import Permission

PUBLIC = None
"""Routes anyone may reach: health, static files, the API's description."""

ROUTE_PERMISSIONS: Mapping[tuple[str, str], Permission | None] = {
    ("GET", "/"): PUBLIC,  # a redirect to /check
    ("GET", "/health"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/api"): PUBLIC,
    ("GET", "/static"): PUBLIC,
    ("GET", "/check"): Permission.POST_CHECK,
    ("POST", "/check"): Permission.POST_CHECK,
    ("POST", "/api/check"): Permission.POST_CHECK,
    ("POST", "/api/fix"): Permission.POST_CHECK,
    ("GET", "/policy"): Permission.POLICY_VIEW,
    ("GET", "/api/policy"): Permission.POLICY_VIEW,
}


def permission_for(method: str, path: str) -> Permission | None:
    """The permission a route needs (``None``: public). KeyError for an unlisted route."""
    return ROUTE_PERMISSIONS[(method.upper(), path)]
