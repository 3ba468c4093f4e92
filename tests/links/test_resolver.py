"""The SSRF guard, against a real HTTP server on loopback.

Nothing here sends traffic outside 127.0.0.0/8: every refused target is refused
before a connection is made, which the recording transport proves.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import trustme

from postguard.links.resolver import GuardedTransport, follow_redirects, refusal


@dataclass
class Seen:
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)


def _server(seen: Seen) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            seen.requests.append(
                (self.path, self.headers.get("Host", ""), self.headers.get("Cookie"))
            )
            parts = urlsplit(self.path)
            if parts.path == "/r":
                self.send_response(302)
                self.send_header("Location", parse_qs(parts.query)["to"][0])
                self.send_header("Set-Cookie", "session=secret; Path=/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif parts.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                body = b"x" * (2_000_000 if parts.path == "/big" else 10)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server


@pytest.fixture()
def origin() -> Iterator[tuple[int, Seen]]:
    seen = Seen()
    server = _server(seen)
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


@pytest.fixture()
def canary() -> Iterator[tuple[int, Seen]]:
    """A second loopback server that must never be reached."""
    seen = Seen()
    server = _server(seen)
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


class Recording(httpx.BaseTransport):
    """The real transport, recording every request that reaches the network layer."""

    def __init__(self) -> None:
        self.real = httpx.HTTPTransport(retries=0)
        self.hosts: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return self.real.handle_request(request)

    def close(self) -> None:
        self.real.close()


def guard_for(port: int, names: dict[str, list[str]] | None = None) -> GuardedTransport:
    lookups: list[str] = []

    def resolver(host: str, _port: int) -> list[str]:
        lookups.append(host)
        return (names or {})[host]

    guard = GuardedTransport(resolver=resolver, allow_loopback_ports=frozenset({port}))
    guard.inner = Recording()
    guard.lookups = lookups  # type: ignore[attr-defined]
    return guard


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{canary}/",
        "http://127.0.0.1/",
        "http://10.0.0.1:{canary}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{canary}/",
        "http://[::ffff:127.0.0.1]:{canary}/",
        "http://[::ffff:7f00:1]:{canary}/",
        "http://0x7f000001:{canary}/",
        "http://2130706433:{canary}/",
        "http://0.0.0.0:{canary}/",
        "http://[fe80::1]/",
        "http://[2002:7f00:1::]:{canary}/",
        "http://[64:ff9b::a00:1]/",
        "http://internal.test:{canary}/",
        "http://mixed.test:{canary}/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:{canary}/",
    ],
)
def test_redirects_to_internal_addresses_are_refused(
    origin: tuple[int, Seen], canary: tuple[int, Seen], target: str
) -> None:
    port, seen = origin
    canary_port, canary_seen = canary
    names = {
        "short.test": ["127.0.0.1"],
        "internal.test": ["10.1.2.3"],
        # one public and one loopback record: refused because ANY record is internal
        "mixed.test": ["93.184.215.14", "127.0.0.1"],
    }
    guard = guard_for(port, names)
    to = target.format(canary=canary_port)
    result = follow_redirects(f"http://short.test:{port}/r?to={to}", guard)
    assert result.blocked or result.error, result
    assert result.final is None
    assert canary_seen.requests == []
    assert guard.inner.hosts == ["127.0.0.1"]  # type: ignore[attr-defined]
    assert [path for path, _, _ in seen.requests] == [f"/r?to={to}"]


def test_allowed_path_resolves_once_per_hop_and_keeps_the_name(origin: tuple[int, Seen]) -> None:
    port, seen = origin
    guard = guard_for(port, {"short.test": ["127.0.0.1"], "dest.test": ["127.0.0.1"]})
    result = follow_redirects(f"http://short.test:{port}/r?to=http://dest.test:{port}/ok", guard)
    assert result.final == f"http://dest.test:{port}/ok"
    assert result.status == 200
    assert result.hops == (f"http://dest.test:{port}/ok",)
    assert guard.lookups == ["short.test", "dest.test"]  # type: ignore[attr-defined]
    assert [host for _, host, _ in seen.requests] == [f"short.test:{port}", f"dest.test:{port}"]
    assert [cookie for _, _, cookie in seen.requests] == [None, None]  # no cookies kept


def test_at_most_five_hops(origin: tuple[int, Seen]) -> None:
    port, seen = origin
    guard = guard_for(port, {"short.test": ["127.0.0.1"]})
    result = follow_redirects(f"http://short.test:{port}/loop", guard)
    assert result.final is None
    assert result.error == "more than 5 redirects"
    assert len(seen.requests) == 6


def test_size_cap_stops_reading(origin: tuple[int, Seen]) -> None:
    port, _ = origin
    guard = guard_for(port, {"short.test": ["127.0.0.1"]})
    result = follow_redirects(f"http://short.test:{port}/big", guard, max_bytes=4096)
    assert (result.final, result.status) == (f"http://short.test:{port}/big", 200)


def test_loopback_is_refused_without_the_test_flag(origin: tuple[int, Seen]) -> None:
    port, seen = origin
    guard = GuardedTransport(resolver=lambda host, p: ["127.0.0.1"])
    result = follow_redirects(f"http://short.test:{port}/ok", guard)
    assert result.blocked
    assert seen.requests == []


@pytest.mark.parametrize(
    "address, why",
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "reserved"),
        ("2002:a00:1::", "IPv4 10.0.0.1 inside IPv6"),
        ("64:ff9b::7f00:1", "reserved"),
        ("2001::8000:f53f:ffff:ffff", "private"),  # Teredo
        ("2002:7f00:1::", "IPv4 127.0.0.1 inside IPv6"),  # 6to4
        ("2001:db8::1", "private"),
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_refusal(address: str, why: str | None) -> None:
    reason = refusal(ipaddress.ip_address(address))
    if why is None:
        assert reason is None
    else:
        assert reason is not None and why in reason


def test_https_pins_the_address_but_verifies_the_name() -> None:
    """TLS SNI and the certificate check use the host name while the socket goes to the
    checked address; a certificate for another name is rejected."""
    ca = trustme.CA()
    cert = ca.issue_cert("short.test")
    seen = Seen()
    server = _server(seen)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_ctx)
    server.socket = server_ctx.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    try:
        for name, ok in (("short.test", True), ("other.test", False)):
            guard = GuardedTransport(
                resolver=lambda host, p: ["127.0.0.1"],
                allow_loopback_ports=frozenset({port}),
                inner=httpx.HTTPTransport(verify=client_ctx, retries=0),
            )
            result = follow_redirects(f"https://{name}:{port}/ok", guard)
            assert (result.status == 200) is ok, result
            guard.close()
        assert [host for _, host, _ in seen.requests] == [f"short.test:{port}"]
    finally:
        server.shutdown()
        server.server_close()
