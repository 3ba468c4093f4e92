"""The session cookie: a random token signed with the secret key, and its attributes.

The value is ``<token>.<HMAC-SHA256(secret, token)>``: a cookie not signed with
this server's key is refused before the database is asked. The cookie is
HttpOnly and SameSite=Lax always, and Secure unless the app is reached over
plain http on a loopback address (``make run`` on a laptop).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import Response

from postguard.web.middleware import LOOPBACK_HOSTS, host_name

SESSION_COOKIE = "postguard_session"
SIGNIN_COOKIE = "postguard_signin"
"""Holds the sign-in form's CSRF token before there is a session (double submit)."""
_INFO = b"postguard session cookie v1|"


def _mac(secret_key: str, value: str) -> str:
    digest = hmac.new(secret_key.encode(), _INFO + value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def sign(secret_key: str, token: str) -> str:
    return f"{token}.{_mac(secret_key, token)}"


def unsign(secret_key: str, value: str | None) -> str | None:
    """The token in a signed cookie value, or None when absent or not signed by us."""
    if not value or "." not in value:
        return None
    token, _, mac = value.rpartition(".")
    if not token or not hmac.compare_digest(mac, _mac(secret_key, token)):
        return None
    return token


def is_secure(request: Request) -> bool:
    """Whether the cookie must be Secure: always except plain http on loopback."""
    host = host_name(request.headers.get("host", ""))
    return request.url.scheme == "https" or host not in LOOPBACK_HOSTS


def set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_secure(request),
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=is_secure(request))
