"""What the link judge consults: the trust's domains, its allow-list, loaded category lists.

A :class:`LinkPolicy` is built once (per roster version and settings) and shared;
it holds no open files of its own. Category lists are reached through the small
:class:`CategoryLookup` protocol (``postguard.links.store.LinkLists`` implements it)
so the judge stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from postguard.detectors.links.brands import (
    ALLOW,
    FILE_SHARING,
    PROTECTED,
    REDIRECTORS,
    SHORTENERS,
    ProtectedName,
)
from postguard.detectors.links.lookalike import ProtectedNames
from postguard.detectors.links.normalise import parse_url, suffix_of

if TYPE_CHECKING:
    from postguard.roster.models import Roster

Unknown = Literal["safe", "review"]

#: Categories (UT1/Squid names and our own) that make a link unsafe by default.
UNSAFE_CATEGORIES: frozenset[str] = frozenset(
    """
    adult porn gambling malware phishing blocked cryptojacking ddos hacking warez drugs
    violence agressif aggressive dangerous_material stalkerware fraud scam dating sect
    """.split()
)
#: Categories that send a link to review by default.
REVIEW_CATEGORIES: frozenset[str] = frozenset(
    """
    mixed_adult lingerie redirector shortener filehosting file-sharing vpn proxy
    remote-control strict_redirector strong_redirector
    """.split()
)


class CategoryLookup(Protocol):
    """Loaded category lists: which categories list this host (or one of its parents) or URL."""

    def categories(self, host: str, url: str) -> frozenset[str]: ...


def _host_of(entry: str) -> str:
    """A domain, host or URL as written in settings, reduced to a lower-case ASCII host."""
    entry = entry.strip().lower()
    if not entry:
        return ""
    parsed = parse_url(entry)
    if parsed is None:
        return entry
    host = parsed.host
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class LinkPolicy:
    """Everything a link is judged against. Build with :meth:`build`."""

    trust_domains: frozenset[str] = frozenset()
    allow: frozenset[str] = ALLOW
    shorteners: frozenset[str] = SHORTENERS
    redirectors: frozenset[str] = REDIRECTORS
    file_sharing: frozenset[str] = FILE_SHARING
    protected: ProtectedNames = field(default_factory=lambda: ProtectedNames(PROTECTED))
    unknown: Unknown = "safe"
    lists: CategoryLookup | None = None
    unsafe_categories: frozenset[str] = UNSAFE_CATEGORIES
    review_categories: frozenset[str] = REVIEW_CATEGORIES

    @classmethod
    def build(
        cls,
        *,
        trust_domains: Iterable[str] = (),
        allow: Iterable[str] = (),
        disallow: Iterable[str] = (),
        protected: Iterable[ProtectedName] = (),
        shorteners: Iterable[str] = (),
        file_sharing: Iterable[str] = (),
        unknown: Unknown = "safe",
        lists: CategoryLookup | None = None,
        unsafe_categories: Iterable[str] = (),
        review_categories: Iterable[str] = (),
    ) -> LinkPolicy:
        """The bundled defaults extended by a trust's own settings.

        ``disallow`` removes entries from the bundled allow-list, shortener and
        file-sharing lists (a trust that wants ``forms.gle`` treated as plain Google).
        """
        trust = frozenset(h for h in map(_host_of, trust_domains) if h)
        removed = frozenset(h for h in map(_host_of, disallow) if h)
        extra_allow = frozenset(h for h in (e.strip().lower() for e in allow) if h)
        names = list(PROTECTED) + list(protected) + _trust_names(trust)
        return cls(
            trust_domains=trust,
            allow=(ALLOW | extra_allow) - removed,
            shorteners=(SHORTENERS | frozenset(map(_host_of, shorteners))) - removed,
            file_sharing=(FILE_SHARING | frozenset(map(_host_of, file_sharing))) - removed,
            protected=ProtectedNames(names),
            unknown=unknown,
            lists=lists,
            unsafe_categories=UNSAFE_CATEGORIES | frozenset(unsafe_categories),
            review_categories=REVIEW_CATEGORIES | frozenset(review_categories),
        )

    @classmethod
    def for_roster(
        cls,
        roster: Roster | None,
        *,
        unknown: Unknown = "safe",
        lists: CategoryLookup | None = None,
    ) -> LinkPolicy:
        """Defaults plus the trust's own domains: official email domains and school websites."""
        domains = trust_domains_of(roster) if roster is not None else frozenset()
        return cls.build(trust_domains=domains, unknown=unknown, lists=lists)


def trust_domains_of(roster: Roster) -> frozenset[str]:
    """The roster's official email domains and the hosts of each school's websites."""
    hosts = set(roster.official_domains())
    for school in roster.schools:
        hosts.update(_host_of(w) for w in school.websites)
    return frozenset(h for h in hosts if h)


def _trust_names(trust: frozenset[str]) -> list[ProtectedName]:
    """Each trust host's distinctive labels become protected names (``northfieldacademy``)."""
    names: dict[str, set[str]] = {}
    for host in trust:
        sub, dom, suf = suffix_of(host)
        registered = f"{dom}.{suf}" if dom and suf else host
        labels = [dom] + [label for label in sub.split(".") if label and label != "www"]
        if not dom:  # under a wildcard suffix such as *.sch.uk the school is the first label
            labels = [label for label in host.split(".")[:1] if label != "www"]
        for label in labels:
            label = label.replace("-", "")
            if len(label) >= 5:
                names.setdefault(label, set()).update({registered, host})
    return [
        ProtectedName(label, tuple(sorted(ds)), trust=True) for label, ds in sorted(names.items())
    ]
