"""The ``links`` section of PostGuard's settings, and the objects built from it.

The lead's settings object nests :class:`LinkSettings` as ``links``; every field
is documented in docs/links.md. :func:`build_links` turns settings (and the
roster, for the trust's own domains) into a :class:`LinkPolicy` plus the loaded
lists, which a worker keeps for its lifetime and refreshes by mtime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from postguard.detectors.links.brands import ProtectedName
from postguard.detectors.links.policy import LinkPolicy, trust_domains_of
from postguard.links.lists import LinkLists
from postguard.links.resolver import MAX_HOPS, GuardedTransport, Resolution, follow_redirects
from postguard.links.safebrowsing import SafeBrowsingClient
from postguard.links.store import ListSource
from postguard.roster.models import Roster


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListSetting(_Model):
    """One category list: ``{path: /etc/postguard/ut1, format: ut1}``."""

    path: Path
    format: Literal["auto", "hosts", "domains", "ut1", "phishtank", "urlhaus"] = "auto"
    category: str | None = None


class ProtectedSetting(_Model):
    """A name phishers imitate, with the domains that really belong to it."""

    name: str
    domains: list[str]
    weak: bool = False


class OnlineSettings(_Model):
    """Following short links' redirects (off by default)."""

    enabled: bool = False
    max_hops: int = Field(default=MAX_HOPS, ge=1, le=MAX_HOPS)
    connect_timeout: float = Field(default=3.0, gt=0, le=30)
    read_timeout: float = Field(default=5.0, gt=0, le=60)
    deadline: float = Field(default=10.0, gt=0, le=120)
    max_bytes: int = Field(default=256 * 1024, ge=1024, le=10 * 1024 * 1024)


class SafeBrowsingSettings(_Model):
    """Google Safe Browsing v4 Lookup API (off unless an API key is set)."""

    api_key: SecretStr | None = None
    client_id: str = "postguard"


class LinkSettings(_Model):
    """Settings for clause S8 (links)."""

    unknown: Literal["safe", "review"] = "safe"
    trust_domains: list[str] = Field(default_factory=list)
    allow: list[str] = Field(default_factory=list)
    disallow: list[str] = Field(default_factory=list)
    shorteners: list[str] = Field(default_factory=list)
    file_sharing: list[str] = Field(default_factory=list)
    protected: list[ProtectedSetting] = Field(default_factory=list)
    lists: list[ListSetting] = Field(default_factory=list)
    unsafe_categories: list[str] = Field(default_factory=list)
    review_categories: list[str] = Field(default_factory=list)
    cache_dir: Path = Path(".postguard/cache")
    refresh_seconds: float = Field(default=60.0, gt=0)
    online: OnlineSettings = OnlineSettings()
    safe_browsing: SafeBrowsingSettings = SafeBrowsingSettings()


@dataclass
class LinkServices:
    """What a worker keeps: the policy, the loaded lists, and the optional online helpers."""

    policy: LinkPolicy
    lists: LinkLists | None
    settings: LinkSettings

    def start_refresh(self) -> None:
        """Check the lists' mtimes every ``refresh_seconds`` in a daemon thread."""
        if self.lists is not None:
            self.lists.watch(self.settings.refresh_seconds)

    def follower(self) -> Callable[[str], Resolution] | None:
        """A function following a URL's redirects through the SSRF guard; None when off."""
        online = self.settings.online
        if not online.enabled:
            return None

        def follow(url: str) -> Resolution:
            guard = GuardedTransport(
                connect_timeout=online.connect_timeout, read_timeout=online.read_timeout
            )
            try:
                return follow_redirects(
                    url,
                    guard,
                    max_hops=online.max_hops,
                    max_bytes=online.max_bytes,
                    deadline_seconds=online.deadline,
                )
            finally:
                guard.close()

        return follow

    def safe_browsing(self) -> SafeBrowsingClient | None:
        sb = self.settings.safe_browsing
        if sb.api_key is None:
            return None
        return SafeBrowsingClient(sb.api_key.get_secret_value(), client_id=sb.client_id)


class LinkSettingsError(ValueError):
    """A links settings file that does not validate; the message names the file and field."""


def load_link_settings(path: Path) -> LinkSettings:
    """Read the ``links`` section from a YAML file (the whole file, or its ``links:`` key).

    Relative list paths and the cache folder are taken relative to the file.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LinkSettingsError(f"{path}: cannot read: {exc}") from None
    if isinstance(raw, dict) and "links" in raw:
        raw = raw["links"]
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise LinkSettingsError(f"{path}: expected a mapping of link settings")
    try:
        settings = LinkSettings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LinkSettingsError(f"{path}: links.{where}: {first['msg']}") from None
    base = path.parent
    return settings.model_copy(
        update={
            "lists": [s.model_copy(update={"path": base / s.path}) for s in settings.lists],
            "cache_dir": base / settings.cache_dir,
        }
    )


def build_links(settings: LinkSettings, roster: Roster | None = None) -> LinkServices:
    """The policy and lists for these settings; loads (or reuses) the list index."""
    lists: LinkLists | None = None
    if settings.lists:
        sources = [ListSource(s.path, s.format, s.category) for s in settings.lists]
        lists = LinkLists(sources, settings.cache_dir)
    trust = set(settings.trust_domains)
    if roster is not None:
        trust |= trust_domains_of(roster)
    policy = LinkPolicy.build(
        trust_domains=trust,
        allow=settings.allow,
        disallow=settings.disallow,
        protected=[
            ProtectedName(p.name.lower().replace(".", ""), tuple(p.domains), p.weak)
            for p in settings.protected
        ],
        shorteners=settings.shorteners,
        file_sharing=settings.file_sharing,
        unknown=settings.unknown,
        lists=lists,
        unsafe_categories=settings.unsafe_categories,
        review_categories=settings.review_categories,
    )
    return LinkServices(policy, lists, settings)
