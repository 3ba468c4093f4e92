"""Readers for the list formats trusts already have.

Each reader yields :class:`Entry` objects: a host (matched with all its
subdomains) or an exact normalised URL, with a category. Readers stream their
file line by line, so a list of millions of lines never sits in memory whole.

Formats: ``hosts`` (``0.0.0.0 ads.example``), ``domains`` (one per line;
``*.x`` and adblock ``||x^`` accepted), ``ut1`` (a UT1/Squid blacklist folder:
one sub-folder per category holding ``domains`` and ``urls`` files),
``phishtank`` (PhishTank CSV export) and ``urlhaus`` (URLhaus CSV export).
"""

from __future__ import annotations

import csv
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from postguard.detectors.links.normalise import parse_url

Format = Literal["auto", "hosts", "domains", "ut1", "phishtank", "urlhaus"]
FORMATS: tuple[str, ...] = ("auto", "hosts", "domains", "ut1", "phishtank", "urlhaus")
_LOCAL_NAMES = frozenset(
    "localhost localhost.localdomain local broadcasthost ip6-localhost ip6-loopback "
    "ip6-localnet ip6-mcastprefix ip6-allnodes ip6-allrouters ip6-allhosts 0.0.0.0".split()
)


class ListFormatError(ValueError):
    """A list file that cannot be read; the message names the file and line, never its data."""


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Literal["host", "url"]
    value: str
    category: str


_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_SIMPLE_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


def host_key(text: str) -> str | None:
    """A list entry written as a domain, reduced to the ASCII host PostGuard compares."""
    text = text.strip().lower().lstrip("*.").lstrip(".").rstrip(".")
    if not text or " " in text or "/" in text:
        return None
    if text.isascii() and _SIMPLE_HOST.fullmatch(text) and not text[-1].isdigit():
        return text  # the common case, without the cost of a full parse
    parsed = parse_url(text)
    return parsed.host if parsed is not None else None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith(("#", "!", ";", "[")):
                yield number, line


def read_hosts(path: Path, category: str) -> Iterator[Entry]:
    """A hosts file: ``<address> <name> [<name>...]``; loopback names are skipped."""
    for number, line in _lines(path):
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            raise ListFormatError(f"{path}:{number}: expected '<address> <host>'")
        try:
            ipaddress.ip_address(fields[0])
        except ValueError:
            raise ListFormatError(f"{path}:{number}: first field is not an address") from None
        for name in fields[1:]:
            if name.lower() in _LOCAL_NAMES:
                continue
            host = host_key(name)
            if host is not None:
                yield Entry("host", host, category)


def read_domains(path: Path, category: str) -> Iterator[Entry]:
    """One domain per line; ``*.example.com`` and adblock ``||example.com^`` are accepted."""
    for _number, line in _lines(path):
        line = line.split("#", 1)[0].strip()
        if line.startswith("||"):
            line = line[2:].split("^", 1)[0]
        host = host_key(line)
        if host is not None:
            yield Entry("host", host, category)


def read_urls(path: Path, category: str) -> Iterator[Entry]:
    """One URL per line (UT1 ``urls`` files)."""
    for _number, line in _lines(path):
        parsed = parse_url(line)
        if parsed is not None:
            yield Entry("url", parsed.url, category)


def _url_entry(url: str, category: str) -> Entry | None:
    """A reported URL: the whole host when the report is the bare site or an IP, else the URL."""
    parsed = parse_url(url)
    if parsed is None:
        return None
    if parsed.ip is not None or (parsed.path == "/" and not parsed.query):
        return Entry("host", parsed.host, category)
    return Entry("url", parsed.url, category)


def read_phishtank(path: Path, category: str = "phishing") -> Iterator[Entry]:
    """PhishTank's CSV export (``phish_id,url,phish_detail_url,...``)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "url" not in reader.fieldnames:
            raise ListFormatError(f"{path}: PhishTank CSV needs a 'url' column")
        for row in reader:
            entry = _url_entry(row.get("url") or "", category)
            if entry is not None:
                yield entry


def read_urlhaus(path: Path, category: str = "malware") -> Iterator[Entry]:
    """URLhaus CSV export: ``#`` comment lines, then ``id,dateadded,url,url_status,...``."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        rows = csv.reader(line for line in f if line.strip() and not line.startswith("#"))
        for number, row in enumerate(rows, 1):
            if len(row) < 3:
                raise ListFormatError(f"{path}: row {number}: expected id,dateadded,url,...")
            entry = _url_entry(row[2], category)
            if entry is not None:
                yield entry


def read_ut1(path: Path, category: str | None = None) -> Iterator[Entry]:
    """A UT1/Squid folder. Each sub-folder is a category; a folder with a ``domains``
    file directly inside is one category (its own name, or ``category`` if given)."""
    folders = [path] if (path / "domains").is_file() else sorted(p for p in path.iterdir())
    for folder in folders:
        if not folder.is_dir():
            continue
        name = category if category and folder == path else folder.name.lower()
        if (folder / "domains").is_file():
            yield from read_domains(folder / "domains", name)
        if (folder / "urls").is_file():
            yield from read_urls(folder / "urls", name)


def detect_format(path: Path) -> Format:
    """Guess a list's format from its shape (settings may name it instead)."""
    if path.is_dir():
        return "ut1"
    with open(path, encoding="utf-8", errors="replace") as f:
        head = [f.readline() for _ in range(20)]
    text = "".join(head).lower()
    if "phish_id" in text:
        return "phishtank"
    if "urlhaus" in text or "dateadded" in text:
        return "urlhaus"
    for line in head:
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        first = line.split()[0]
        try:
            ipaddress.ip_address(first)
            return "hosts"
        except ValueError:
            return "domains"
    return "domains"


def read_list(path: Path, fmt: Format = "auto", category: str | None = None) -> Iterator[Entry]:
    """Entries of one list in any supported format."""
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "hosts":
        return read_hosts(path, category or "blocked")
    if fmt == "domains":
        return read_domains(path, category or "blocked")
    if fmt == "ut1":
        return read_ut1(path, category)
    if fmt == "phishtank":
        return read_phishtank(path, category or "phishing")
    if fmt == "urlhaus":
        return read_urlhaus(path, category or "malware")
    raise ListFormatError(f"{path}: unknown list format {fmt!r} (known: {', '.join(FORMATS)})")


def source_files(path: Path, fmt: Format = "auto") -> list[Path]:
    """The files whose change means the list must be reloaded."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name in ("domains", "urls"))
    return [path]
