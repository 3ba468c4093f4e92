"""OpenID Connect sign-in (Microsoft Entra ID, Google Workspace): the providers and the flow.

Providers are read from ``oidc.json`` in ``POSTGUARD_DATA_DIR`` (none: the
buttons are not shown)::

    {"providers": [
      {"id": "microsoft", "label": "Microsoft",
       "issuer": "https://login.microsoftonline.com/<tenant-id>/v2.0",
       "client_id": "...", "client_secret": "..."},
      {"id": "google", "label": "Google", "issuer": "https://accounts.google.com",
       "client_id": "...", "client_secret": "...", "hosted_domain": "school.example.org",
       "require_email_verified": true}
    ]}

The flow is the authorization code flow with PKCE (S256), a ``state`` and a
``nonce`` kept in a signed, short-lived cookie. Authlib's OAuth2 client builds
the authorization URL and exchanges the code; the ID token's signature is
checked against the provider's JWKS and its ``iss``, ``aud``, ``exp`` and
``nonce`` with joserfc. The address in the token must belong to an existing,
active PostGuard user: unknown addresses are refused.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.integrations.httpx_client import OAuth2Client  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from postguard.web.cookies import sign, unsign

CONFIG_FILE = "oidc.json"
FLOW_COOKIE = "postguard_oidc"
FLOW_SECONDS = 600
HTTP_TIMEOUT = 10.0
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]


class OidcError(ValueError):
    """The provider's answer cannot be trusted or used; the message says why (no tokens)."""


@dataclass(frozen=True)
class Provider:
    id: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    hosted_domain: str | None = None  # Google Workspace: the ``hd`` claim must match
    require_email_verified: bool = False
    email_claims: tuple[str, ...] = ("email", "preferred_username")
    scope: str = "openid email profile"
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def metadata(self) -> dict[str, Any]:
        """The discovery document (fetched once, then kept)."""
        with self._lock:
            if "metadata" not in self._cache:
                doc = _get_json(self.discovery_url)
                if doc.get("issuer") != self.issuer:
                    raise OidcError(f"{self.id}: the discovery document names another issuer")
                self._cache["metadata"] = doc
            return dict(self._cache["metadata"])

    def keys(self, refresh: bool = False) -> KeySet:
        with self._lock:
            if refresh or "jwks" not in self._cache:
                uri = self._cache.get("metadata", {}).get("jwks_uri")
                if not uri:
                    raise OidcError(f"{self.id}: no jwks_uri")
                self._cache["jwks"] = KeySet.import_key_set(cast(Any, _get_json(uri)))
            keys: KeySet = self._cache["jwks"]
            return keys


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError(f"cannot read {url}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise OidcError(f"{url} did not answer a JSON object")
    return data


def load_providers(data_dir: Path) -> dict[str, Provider]:
    """The providers configured in ``<data_dir>/oidc.json`` (empty when there is none)."""
    path = data_dir / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        items = raw["providers"]
        providers = [
            Provider(
                id=str(p["id"]),
                label=str(p.get("label", p["id"])),
                issuer=str(p["issuer"]),
                client_id=str(p["client_id"]),
                client_secret=str(p["client_secret"]),
                hosted_domain=p.get("hosted_domain"),
                require_email_verified=bool(p.get("require_email_verified", False)),
            )
            for p in items
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OidcError(f"{path}: {type(exc).__name__}: {exc}") from None
    return {p.id: p for p in providers}


@dataclass(frozen=True)
class Flow:
    """What the browser carries between leaving for the provider and coming back."""

    provider: str
    state: str
    nonce: str
    verifier: str
    next: str
    started: float

    def to_cookie(self, key: str) -> str:
        body = json.dumps(self.__dict__, separators=(",", ":")).encode()
        return sign(key, base64.urlsafe_b64encode(body).decode("ascii"))

    @classmethod
    def from_cookie(cls, key: str, value: str | None) -> Flow | None:
        token = unsign(key, value)
        if token is None:
            return None
        try:
            flow = cls(**json.loads(base64.urlsafe_b64decode(token.encode("ascii"))))
        except (ValueError, TypeError):
            return None
        return flow if time.time() - flow.started < FLOW_SECONDS else None


def _client(provider: Provider, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        provider.client_id,
        provider.client_secret,
        scope=provider.scope,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
    )


def start(provider: Provider, redirect_uri: str, next_path: str) -> tuple[str, Flow]:
    """The provider's authorization URL to send the browser to, and the flow to remember."""
    metadata = provider.metadata()
    flow = Flow(
        provider.id,
        generate_token(32),
        generate_token(32),
        generate_token(64),
        next_path,
        time.time(),
    )
    with _client(provider, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"],
            state=flow.state,
            nonce=flow.nonce,
            code_verifier=flow.verifier,
            **({"hd": provider.hosted_domain} if provider.hosted_domain else {}),
        )
    return str(url), flow


def _verify(provider: Provider, id_token: str, nonce: str) -> dict[str, Any]:
    try:
        try:
            token = jwt.decode(id_token, provider.keys(), algorithms=ALGORITHMS)
        except JoseError:
            token = jwt.decode(id_token, provider.keys(refresh=True), algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": provider.client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise OidcError(f"{provider.id}: the ID token was refused ({type(exc).__name__})") from None
    return dict(token.claims)


def email_of(provider: Provider, claims: dict[str, Any]) -> str:
    """The address the provider vouches for, under the provider's rules."""
    if provider.require_email_verified and claims.get("email_verified") is not True:
        raise OidcError(f"{provider.id}: the address is not verified by the provider")
    if provider.hosted_domain and claims.get("hd") != provider.hosted_domain:
        raise OidcError(f"{provider.id}: the account is not in {provider.hosted_domain}")
    for claim in provider.email_claims:
        value = claims.get(claim)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    raise OidcError(f"{provider.id}: the ID token carries no email address")


def finish(provider: Provider, flow: Flow, redirect_uri: str, code: str, state: str) -> str:
    """Exchange the code, verify the ID token; the signed-in address."""
    if flow.provider != provider.id or not code or state != flow.state:
        raise OidcError("the sign-in did not match the one started here")
    metadata = provider.metadata()
    try:
        with _client(provider, redirect_uri) as client:
            token = client.fetch_token(
                metadata["token_endpoint"], code=code, code_verifier=flow.verifier
            )
    except Exception as exc:  # noqa: BLE001 - authlib raises many kinds; none may leak
        raise OidcError(
            f"{provider.id}: the code was not accepted ({type(exc).__name__})"
        ) from None
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise OidcError(f"{provider.id}: no ID token in the answer")
    return email_of(provider, _verify(provider, id_token, flow.nonce))
