"""Follow a short link's redirects to see where it really goes, without SSRF.

Off by default (``links.online.enabled``). Every hop goes through
:class:`GuardedTransport`, which:

* resolves the host name ONCE and connects to that address (no second lookup a
  DNS-rebinding server could answer differently), keeping the name for the
  ``Host`` header and TLS SNI/certificate checks;
* refuses the hop before any connection when ANY address the name resolves to is
  loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT)
  or otherwise not globally routable, in IPv4 or IPv6, including IPv4 addresses
  carried inside IPv6 (``::ffff:127.0.0.1``, 6to4 ``2002::/16``, NAT64
  ``64:ff9b::/96``, Teredo);
* allows only http and https on any port.

:func:`follow_redirects` adds: at most 5 hops, short connect/read timeouts and an
overall deadline, no cookies (each hop is a fresh request; nothing is stored), and
a cap on the bytes read from any response.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from postguard.detectors.links.normalise import parse_ip

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
MAX_HOPS = 5


class BlockedAddress(httpx.TransportError):
    """A hop would connect somewhere PostGuard must never reach (SSRF guard)."""


class ResolveFailed(httpx.TransportError):
    """The name did not resolve."""


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for ``host`` (one lookup)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ResolveFailed(f"cannot resolve {host}: {exc.strerror}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo, NAT64, compatible."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if int(ip) >> 32 == 0 and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def refusal(ip: Address) -> str | None:
    """Why connecting to ``ip`` is refused, or None when it is a public unicast address."""
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "shared (CGNAT)"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "site-local"),
        (not ip.is_global, "not globally routable"),
    )
    for bad, why in checks:
        if bad:
            return why
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in embedded_ipv4(ip):
            inner_why = refusal(inner)
            if inner_why is not None:
                return f"{inner_why} (IPv4 {inner} inside IPv6)"
    return None


@dataclass
class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that resolves once, checks every address, then connects to it.

    ``resolver`` is injectable for tests. ``allow_loopback_ports`` exists ONLY for
    tests against a local server: loopback addresses on exactly those ports pass.
    """

    resolver: Resolver = system_resolver
    allow_loopback_ports: frozenset[int] = frozenset()
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    inner: httpx.BaseTransport = field(default_factory=lambda: httpx.HTTPTransport(retries=0))
    connections: list[tuple[str, int]] = field(default_factory=list)

    def check(self, ip: Address, port: int) -> None:
        why = refusal(ip)
        if why is None:
            return
        if ip.is_loopback and port in self.allow_loopback_ports and why == "loopback":
            return
        raise BlockedAddress(f"refused to connect to a {why} address")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise BlockedAddress(f"refused the {url.scheme!r} scheme")
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        # IP literals in any form a browser accepts (0x7f.1, 2130706433) are read here,
        # never handed to a resolver that might read them differently.
        literal: Address | None = parse_ip(f"[{host}]" if ":" in host else host)
        addresses = [str(literal)] if literal is not None else self.resolver(host, port)
        if not addresses:
            raise ResolveFailed(f"no address for {host}")
        parsed = [ipaddress.ip_address(a.split("%")[0]) for a in addresses]
        for ip in parsed:
            self.check(ip, port)  # every record must be public, not just the first
        target = parsed[0]
        headers = httpx.Headers(request.headers)
        headers["Host"] = url.netloc.decode("ascii")
        extensions = dict(request.extensions)
        extensions["timeout"] = {
            "connect": self.connect_timeout,
            "read": self.read_timeout,
            "write": self.read_timeout,
            "pool": self.connect_timeout,
        }
        if url.scheme == "https" and literal is None:
            extensions["sni_hostname"] = host
        pinned = httpx.Request(
            request.method,
            url.copy_with(host=str(target)),
            headers=headers,
            content=request.content,
            extensions=extensions,
        )
        self.connections.append((str(target), port))
        return self.inner.handle_request(pinned)

    def close(self) -> None:
        self.inner.close()


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link went: every hop, the final URL, and why it stopped if it failed."""

    start: str
    final: str | None
    hops: tuple[str, ...]
    status: int | None
    error: str | None = None
    blocked: bool = False


def follow_redirects(
    url: str,
    transport: GuardedTransport | None = None,
    *,
    max_hops: int = MAX_HOPS,
    max_bytes: int = 256 * 1024,
    deadline_seconds: float = 10.0,
    user_agent: str = "PostGuard link checker",
) -> Resolution:
    """Follow ``url``'s HTTP redirects through the guard; never raises for network trouble."""
    own = transport is None
    guard = transport if transport is not None else GuardedTransport()
    max_hops = min(max_hops, MAX_HOPS)
    hops: list[str] = []
    current = url
    started = time.monotonic()
    try:
        for _ in range(max_hops + 1):
            if time.monotonic() - started > deadline_seconds:
                return Resolution(url, None, tuple(hops), None, "took too long")
            request = httpx.Request(
                "GET", current, headers={"User-Agent": user_agent, "Accept": "*/*"}
            )
            response = guard.handle_request(request)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_CODES and location:
                    current = urljoin(current, location.strip())
                    hops.append(current)
                    continue
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read >= max_bytes:
                        break
                return Resolution(url, current, tuple(hops), response.status_code)
            finally:
                response.close()
        return Resolution(url, None, tuple(hops), None, f"more than {max_hops} redirects")
    except BlockedAddress as exc:
        return Resolution(url, None, tuple(hops), None, str(exc), blocked=True)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        return Resolution(url, None, tuple(hops), None, type(exc).__name__)
    finally:
        if own:
            guard.close()
