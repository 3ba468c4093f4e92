"""Optional Google Safe Browsing v4 Lookup API client (``threatMatches:find``).

Off unless settings give an API key. The request and response follow Google's
documented JSON (developers.google.com/safe-browsing/reference/rest/v4/threatMatches/find):

request ``POST https://safebrowsing.googleapis.com/v4/threatMatches:find?key=API_KEY``::

    {"client": {"clientId": "...", "clientVersion": "..."},
     "threatInfo": {"threatTypes": ["MALWARE", ...], "platformTypes": ["ANY_PLATFORM"],
                    "threatEntryTypes": ["URL"], "threatEntries": [{"url": "..."}]}}

response: ``{}`` when nothing matches, else ``{"matches": [{"threatType": "MALWARE",
"platformType": "ANY_PLATFORM", "threatEntryType": "URL", "threat": {"url": "..."},
"threatEntryMetadata": {...}, "cacheDuration": "300s"}]}``.

The API key is sent only as the ``key`` query parameter and never appears in
errors or logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from postguard import __version__

ENDPOINT = "https://safebrowsing.googleapis.com/v4/threatMatches:find"
THREAT_TYPES: tuple[str, ...] = (
    "MALWARE",
    "SOCIAL_ENGINEERING",
    "UNWANTED_SOFTWARE",
    "POTENTIALLY_HARMFUL_APPLICATION",
)
MAX_ENTRIES = 500  # the Lookup API's limit per request


class SafeBrowsingError(RuntimeError):
    """The lookup failed; the message carries the HTTP status, never the key."""


@dataclass(frozen=True, slots=True)
class ThreatMatch:
    url: str
    threat_type: str
    platform_type: str
    cache_seconds: float | None


def _seconds(duration: str | None) -> float | None:
    if not duration or not duration.endswith("s"):
        return None
    try:
        return float(duration[:-1])
    except ValueError:
        return None


class SafeBrowsingClient:
    """Looks URLs up against Google's lists. Pass ``http`` to share or mock a client."""

    def __init__(
        self,
        api_key: str,
        *,
        client_id: str = "postguard",
        client_version: str = __version__,
        threat_types: Sequence[str] = THREAT_TYPES,
        http: httpx.Client | None = None,
        timeout: float = 5.0,
    ) -> None:
        if not api_key:
            raise ValueError("a Safe Browsing API key is required")
        self._key = api_key
        self.client_id = client_id
        self.client_version = client_version
        self.threat_types = tuple(threat_types)
        self._http = http if http is not None else httpx.Client(timeout=timeout, trust_env=False)

    def request_body(self, urls: Sequence[str]) -> dict[str, Any]:
        return {
            "client": {"clientId": self.client_id, "clientVersion": self.client_version},
            "threatInfo": {
                "threatTypes": list(self.threat_types),
                "platformTypes": ["ANY_PLATFORM"],
                "threatEntryTypes": ["URL"],
                "threatEntries": [{"url": u} for u in urls],
            },
        }

    def find(self, urls: Sequence[str]) -> dict[str, list[ThreatMatch]]:
        """Matches per URL (URLs with no match are absent), in batches of 500."""
        found: dict[str, list[ThreatMatch]] = {}
        unique = list(dict.fromkeys(urls))
        for i in range(0, len(unique), MAX_ENTRIES):
            batch = unique[i : i + MAX_ENTRIES]
            try:
                response = self._http.post(
                    ENDPOINT, params={"key": self._key}, json=self.request_body(batch)
                )
            except httpx.HTTPError as exc:
                why = type(exc).__name__
                raise SafeBrowsingError(f"Safe Browsing lookup failed: {why}") from None
            if response.status_code != 200:
                raise SafeBrowsingError(f"Safe Browsing lookup failed: HTTP {response.status_code}")
            try:
                payload = response.json()
            except ValueError:
                raise SafeBrowsingError("Safe Browsing returned invalid JSON") from None
            for match in payload.get("matches", []) or []:
                url = (match.get("threat") or {}).get("url")
                if not url:
                    continue
                found.setdefault(url, []).append(
                    ThreatMatch(
                        url=url,
                        threat_type=str(match.get("threatType", "THREAT_TYPE_UNSPECIFIED")),
                        platform_type=str(match.get("platformType", "ANY_PLATFORM")),
                        cache_seconds=_seconds(match.get("cacheDuration")),
                    )
                )
        return found

    def close(self) -> None:
        self._http.close()
