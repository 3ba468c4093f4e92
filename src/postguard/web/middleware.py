"""ASGI middleware: security headers on every answer, a cap on request bodies, a host check.

Pages show children's data, so nothing is cached, nothing is framed, and the
Content-Security-Policy allows only PostGuard's own files (no inline script, no
CDN). A body longer than the cap is refused with 413 before it is read. When
the app serves loopback only, a request naming any other host (a DNS-rebinding
page in the user's browser) is refused with 400.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)
MAX_BODY_BYTES = 64 * 1024 * 1024
"""The largest request accepted (a post with several full-size photos)."""
MAX_API_BODY_BYTES = 1024 * 1024
"""The largest JSON body accepted by the API (the text limit is far below it)."""
MAX_PHOTO_API_BODY_BYTES = MAX_BODY_BYTES * 3 // 2
"""The largest body of an API call that carries photos: base64 of the page's cap (4/3 of
it) and room over, so photos a little over the cap get the API's own message naming it."""
PHOTO_API_PATHS = frozenset({"/api/check", "/api/redact", "/api/concerns"})


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """Adds :data:`HEADERS` to every response, refuses oversized bodies (413) and other hosts."""

    def __init__(self, app: ASGIApp, allowed_hosts: Collection[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if self.allowed_hosts is not None:
            host = host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.allowed_hosts:
                await _plain(send, 400, "Invalid host header.")
                return
        limit = _limit(scope["path"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            message = (
                f"The request is too large: the limit is {limit // (1024 * 1024)} MB. "
                "Attach fewer or smaller photos."
            )
            await _plain(send, 413, message)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _limit(path: str) -> int:
    if path in PHOTO_API_PATHS:
        return MAX_PHOTO_API_BODY_BYTES
    return MAX_API_BODY_BYTES if path.startswith("/api/") else MAX_BODY_BYTES


async def _plain(send: Send, status: int, message: str) -> None:
    body = message.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
