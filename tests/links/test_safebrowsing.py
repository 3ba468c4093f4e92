"""The Safe Browsing v4 Lookup client against the documented request/response JSON."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from postguard.links.safebrowsing import ENDPOINT, SafeBrowsingClient, SafeBrowsingError

MATCH = {
    "matches": [
        {
            "threatType": "SOCIAL_ENGINEERING",
            "platformType": "ANY_PLATFORM",
            "threatEntryType": "URL",
            "threat": {"url": "http://phish.test/login"},
            "threatEntryMetadata": {
                "entries": [{"key": "bWFsd2FyZV9wYXR0ZXJu", "value": "TEFORElORw=="}]
            },
            "cacheDuration": "300s",
        }
    ]
}


@respx.mock
def test_request_follows_the_documented_format() -> None:
    route = respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json=MATCH))
    client = SafeBrowsingClient("test-key", client_id="postguard-tests", client_version="1.2.3")
    found = client.find(["http://phish.test/login", "https://fine.test/"])
    request = route.calls.last.request
    assert request.url.params["key"] == "test-key"
    assert json.loads(request.content) == {
        "client": {"clientId": "postguard-tests", "clientVersion": "1.2.3"},
        "threatInfo": {
            "threatTypes": [
                "MALWARE",
                "SOCIAL_ENGINEERING",
                "UNWANTED_SOFTWARE",
                "POTENTIALLY_HARMFUL_APPLICATION",
            ],
            "platformTypes": ["ANY_PLATFORM"],
            "threatEntryTypes": ["URL"],
            "threatEntries": [{"url": "http://phish.test/login"}, {"url": "https://fine.test/"}],
        },
    }
    (match,) = found["http://phish.test/login"]
    assert (match.threat_type, match.platform_type, match.cache_seconds) == (
        "SOCIAL_ENGINEERING",
        "ANY_PLATFORM",
        300.0,
    )
    assert "https://fine.test/" not in found


@respx.mock
def test_empty_response_means_no_match() -> None:
    respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json={}))
    assert SafeBrowsingClient("k").find(["https://fine.test/"]) == {}


@respx.mock
def test_batches_of_500() -> None:
    route = respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json={}))
    SafeBrowsingClient("k").find([f"https://s{i}.test/" for i in range(1201)])
    sizes = [len(json.loads(c.request.content)["threatInfo"]["threatEntries"]) for c in route.calls]
    assert sizes == [500, 500, 201]


@pytest.mark.parametrize("status", [400, 403, 429, 503])
@respx.mock
def test_errors_never_show_the_key(status: int) -> None:
    respx.post(ENDPOINT).mock(return_value=httpx.Response(status, json={"error": {}}))
    with pytest.raises(SafeBrowsingError) as info:
        SafeBrowsingClient("very-secret-key").find(["https://x.test/"])
    assert f"HTTP {status}" in str(info.value)
    assert "very-secret-key" not in str(info.value)


def test_key_is_required() -> None:
    with pytest.raises(ValueError, match="API key"):
        SafeBrowsingClient("")
