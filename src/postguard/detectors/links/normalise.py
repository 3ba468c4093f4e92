"""One normal form for a URL, so that lists, judgements and evaluation agree.

``normalise_url`` refangs (``hxxp``, ``[.]``), removes zero-width characters,
adds ``http://`` when no scheme is written, lower-cases and IDNA-encodes the
host, writes odd IPv4 forms (``0x7f.1``, ``2130706433``) as dotted quads, drops
default ports, the fragment and tracking parameters (they are kept on the
:class:`ParsedUrl` so a finding can mention them).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import idna
import tldextract

ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # noqa: E501
_ZW_TABLE = {ord(c): None for c in ZERO_WIDTH}

#: Defanged forms people use to stop a link being clickable, and their plain form.
DEFANGS: tuple[tuple[str, str], ...] = (
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("[:]", ":"),
    ("[://]", "://"),
    ("hxxps", "https"),
    ("hxxp", "http"),
    ("hXXps", "https"),
    ("hXXp", "http"),
    ("[at]", "@"),
)

TRACKING_PARAMS = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid mc_cid mc_eid igshid yclid _hsenc _hsmi mkt_tok "
    "ref_src s_cid".split()
)
DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # Built on first use (never at import) from the suffix list bundled in the wheel:
    # an empty URL tuple keeps tldextract off the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def refang(text: str) -> str:
    """Undo defanging and drop zero-width characters."""
    out = text.translate(_ZW_TABLE)
    for fanged, plain in DEFANGS:
        if fanged in out:
            out = out.replace(fanged, plain)
    return out


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """IPv4 the way browsers read it: 1-4 parts, each decimal, octal (0..) or hex (0x..)."""
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    nums: list[int] = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                nums.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                nums.append(int(part, 8))
            else:
                if not part.isdigit():
                    return None
                nums.append(int(part))
        except ValueError:
            return None
    last_bits = 8 * (5 - len(nums))
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 1 << last_bits:
        return None
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value |= n << (24 - 8 * i)
    return ipaddress.IPv4Address(value)


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host names, if it is an IP literal (in any form a browser accepts)."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1].split("%")[0])
        except ValueError:
            return None
    if host and (host[-1].isdigit() or host.lower().rstrip(".").split(".")[-1].startswith("0x")):
        return _parse_ipv4(host)
    return None


def encode_host(host: str) -> tuple[str, str]:
    """(ASCII form, Unicode form) of a host name; labels IDNA cannot encode stay as written."""
    labels = host.lower().rstrip(".").split(".")
    ascii_labels: list[str] = []
    unicode_labels: list[str] = []
    for label in labels:
        if label.isascii():
            ascii_labels.append(label)
            try:
                unicode_labels.append(idna.decode(label) if label.startswith("xn--") else label)
            except idna.IDNAError:
                unicode_labels.append(label)
        else:
            try:
                ascii_labels.append(idna.encode(label, uts46=True).decode("ascii"))
            except idna.IDNAError:
                ascii_labels.append("xn--" + label.encode("punycode").decode("ascii"))
            unicode_labels.append(label)
    return ".".join(ascii_labels), ".".join(unicode_labels)


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    """A URL taken apart and put back together in normal form."""

    url: str
    scheme: str
    scheme_written: bool
    host: str
    unicode_host: str
    port: int | None
    path: str
    query: str
    has_userinfo: bool
    tracking: tuple[str, ...]
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    subdomain: str
    domain: str
    suffix: str

    @property
    def registered_domain(self) -> str:
        """``bbc.co.uk`` for ``www.bbc.co.uk``; the whole host for IPs and unknown suffixes."""
        if self.ip is not None or not self.suffix or not self.domain:
            return self.host
        return f"{self.domain}.{self.suffix}"

    @property
    def labels(self) -> tuple[str, ...]:
        """The Unicode labels left of the public suffix (``www``, ``bbc``)."""
        n = self.suffix.count(".") + 1 if self.suffix else 0
        parts = self.unicode_host.split(".")
        return tuple(parts[: len(parts) - n] if n else parts)


_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(//)?")


def parse_url(text: str) -> ParsedUrl | None:
    """Parse and normalise; None when there is no usable host."""
    raw = refang(text.strip())
    m = _SCHEME_RE.match(raw)
    scheme_written = bool(m and m.group(2))
    if not scheme_written:
        raw = "http://" + raw.lstrip("/")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    netloc = parts.netloc
    has_userinfo = "@" in netloc
    hostport = netloc.rsplit("@", 1)[-1]
    if hostport.startswith("["):
        host_raw = hostport[: hostport.find("]") + 1]
    else:
        host_raw = hostport.split(":", 1)[0]
    host_raw = host_raw.strip().rstrip(".")
    if not host_raw or host_raw in ("[]",):
        return None
    ip = parse_ip(host_raw)
    if ip is not None:
        host = f"[{ip.compressed}]" if ip.version == 6 else str(ip)
        unicode_host = host
        sub = dom = suf = ""
    else:
        if any(c in host_raw for c in " <>\"'\\{}|^`"):
            return None
        host, unicode_host = encode_host(host_raw)
        ext = _extractor()(host)
        sub, dom, suf = ext.subdomain, ext.domain, ext.suffix
    if port is not None and DEFAULT_PORTS.get(scheme) == port:
        port = None
    path = parts.path or "/"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
    tracking = tuple(k for k, _ in pairs if _is_tracking(k))
    query = (urlencode(kept, safe="/:@!$'()*,;") if tracking else parts.query) if kept else ""
    netloc_out = host if port is None else f"{host}:{port}"
    url = f"{scheme}://{netloc_out}{path}" + (f"?{query}" if query else "")
    return ParsedUrl(
        url=url,
        scheme=scheme,
        scheme_written=scheme_written,
        host=host,
        unicode_host=unicode_host,
        port=port,
        path=path,
        query=query,
        has_userinfo=has_userinfo,
        tracking=tracking,
        ip=ip,
        subdomain=sub,
        domain=dom,
        suffix=suf,
    )


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k.startswith("utm_") or k in TRACKING_PARAMS


def normalise_url(text: str) -> str:
    """The normal form of a URL as written (``bit.ly/X`` → ``http://bit.ly/X``).

    Text with no usable host comes back stripped and refanged, unchanged otherwise,
    so that comparing two normal forms never raises.
    """
    parsed = parse_url(text)
    return parsed.url if parsed is not None else refang(text.strip())


def suffix_of(host: str) -> tuple[str, str, str]:
    """(subdomain, domain, public suffix) of an ASCII host."""
    ext = _extractor()(host)
    return ext.subdomain, ext.domain, ext.suffix
