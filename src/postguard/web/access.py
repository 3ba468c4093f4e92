"""Which permission each route needs: the table :func:`postguard.web.auth.enforce` reads.

Every route of the app is listed (a route missing here is a server error, and
a test fails). ``PUBLIC`` routes are open to anyone: health, static files, the
API's schema and the sign-in steps themselves (which check their own CSRF
token and session stage). Permissions come from the one table in
:mod:`postguard.auth.permissions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from postguard.auth.permissions import Permission

PUBLIC = None
"""Routes anyone may reach."""

ROUTE_PERMISSIONS: Mapping[tuple[str, str], Permission | None] = {
    ("GET", "/"): PUBLIC,  # a redirect to the dashboard, or to sign-in
    ("GET", "/health"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/static"): PUBLIC,
    ("GET", "/signin"): PUBLIC,
    ("POST", "/signin"): PUBLIC,  # double-submit CSRF token checked by the route
    ("GET", "/signin/code"): PUBLIC,  # needs a session at the second-factor stage
    ("POST", "/signin/code"): PUBLIC,  # idem, with the session's CSRF token
    ("POST", "/signout"): PUBLIC,  # ends the caller's own session (CSRF checked)
    ("GET", "/signin/oidc/{provider}"): PUBLIC,  # off to the identity provider
    ("GET", "/signin/oidc/{provider}/callback"): PUBLIC,  # state, nonce, PKCE checked
    ("GET", "/api"): Permission.DASHBOARD_VIEW,
    ("GET", "/api/session"): Permission.DASHBOARD_VIEW,
    ("GET", "/dashboard"): Permission.DASHBOARD_VIEW,
    ("GET", "/check"): Permission.POST_CHECK,
    ("POST", "/check"): Permission.POST_CHECK,
    ("POST", "/api/check"): Permission.POST_CHECK,
    ("POST", "/api/fix"): Permission.POST_CHECK,
    ("POST", "/api/redact"): Permission.POST_CHECK,
    ("GET", "/review"): Permission.POST_REVIEW,
    ("GET", "/concerns"): Permission.CONCERN_VIEW,
    ("GET", "/roster/import"): Permission.ROSTER_IMPORT,
    ("POST", "/roster/import"): Permission.ROSTER_IMPORT,
    ("GET", "/policy"): Permission.POLICY_VIEW,
    ("GET", "/api/policy"): Permission.POLICY_VIEW,
}


def permission_for(method: str, path: str) -> Permission | None:
    """The permission a route needs (``None``: public). KeyError for an unlisted route."""
    return ROUTE_PERMISSIONS[(method.upper(), path)]
