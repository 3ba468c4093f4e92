"""A request for a trust account (S1, P5): its fields, and the trust's official domains.

**The trust's official domains** are read from the official contact details of
the trust's schools (the trust's own office is a school row too): the domain of
every contact e-mail, and the host of every website without its ``www.``. An
address on one of them, or on a sub-domain of one, is official; the parent
domain is not. The bundled policy names no domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.accounts_profile import is_official_host
from postguard.detectors.links.normalise import parse_url
from postguard.store import models as db

PROFILE_URLS = {
    "facebook": "https://www.facebook.com/{}",
    "x": "https://x.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "linkedin": "https://www.linkedin.com/company/{}",
    "youtube": "https://www.youtube.com/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
}
"""Where an account lives when only its handle is given (other platforms need the URL)."""
LIMITS = {
    "handle": 200,
    "url": 500,
    "display_name": 200,
    "purpose": 2000,
    "subject": 100,
    "linked_email": 254,
}
_EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[^@\s]+)$")
_HANDLE = re.compile(r"^[\w.\-]+$")
_PLATFORM = re.compile(r"^[a-z]{1,30}$")


@dataclass(frozen=True)
class AccountRequest:
    """What a member of staff asks for (S1)."""

    platform: str
    handle: str
    linked_email: str
    purpose: str
    url: str = ""
    display_name: str = ""
    subject: str = ""
    ask_override: bool = False


# -- the trust's official domains (S1, P5) ---------------------------------------------


def official_domains(session: Session, trust_id: int) -> frozenset[str]:
    """The domains of the trust's official e-mails and websites (see the module's docstring)."""
    found: set[str] = set()
    for contacts in session.scalars(
        select(db.School.contacts).where(db.School.trust_id == trust_id)
    ):
        for email in (contacts or {}).get("emails", []) or []:
            m = _EMAIL.match(str(email).strip())
            if m:
                found.add(m.group(1).lower().rstrip("."))
        for site in (contacts or {}).get("websites", []) or []:
            parsed = parse_url(str(site))
            if parsed is not None and parsed.ip is None:
                found.add(parsed.host.removeprefix("www."))
    return frozenset(found)


def email_domain(email: str) -> str | None:
    m = _EMAIL.match(email.strip())
    return m.group(1).lower() if m else None


def is_official_email(email: str, domains: Iterable[str]) -> bool:
    domain = email_domain(email)
    return domain is not None and is_official_host(domain, domains)


def request_errors(session: Session, trust_id: int, asked: AccountRequest) -> dict[str, str]:
    """A message per field of ``asked`` that is wrong (empty: it can be requested)."""
    return clean_request(session, trust_id, asked)[1]


def clean_request(
    session: Session, trust_id: int, asked: AccountRequest
) -> tuple[dict[str, str], dict[str, str]]:
    """The request's fields cleaned, and a message per field that is wrong."""
    errors: dict[str, str] = {}
    platform = asked.platform.strip().lower()
    handle = asked.handle.strip().removeprefix("@").strip().lower()
    url = asked.url.strip()
    email = asked.linked_email.strip().lower()
    values = {
        "platform": platform,
        "handle": handle,
        "url": url,
        "display_name": asked.display_name.strip(),
        "purpose": asked.purpose.strip(),
        "subject": asked.subject.strip(),
        "linked_email": email,
    }
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = f"Keep this under {limit} characters."
    if not _PLATFORM.match(platform):
        errors["platform"] = "Choose the platform."
    if not handle:
        errors["handle"] = "Give the account's handle (its name on the platform)."
    elif not _HANDLE.match(handle):
        errors["handle"] = "A handle has letters, digits, dots, dashes and underscores only."
    if not values["purpose"]:
        errors["purpose"] = "Say what the account is for (its educational purpose)."
    if url:
        parsed = parse_url(url)
        if parsed is None or parsed.scheme not in ("http", "https") or "." not in parsed.host:
            errors["url"] = "Give the account's web address, starting https://."
        elif len(parsed.url) > LIMITS["url"]:  # a host in punycode is longer than typed
            errors["url"] = f"Keep this under {LIMITS['url']} characters."
        else:
            values["url"] = parsed.url
    elif platform in PROFILE_URLS and "handle" not in errors:
        values["url"] = PROFILE_URLS[platform].format(handle)
    elif "platform" not in errors:
        errors["url"] = "Give the account's web address: it cannot be worked out for this platform."
    if not email:
        errors["linked_email"] = "Give the official trust e-mail address the account is linked to."
    elif email_domain(email) is None:
        errors["linked_email"] = "This is not an e-mail address."
    elif not asked.ask_override:
        domains = official_domains(session, trust_id)
        if not is_official_email(email, domains):
            listed = ", ".join(sorted(domains)) or "none recorded"
            errors["linked_email"] = (
                f"{email_domain(email)} is not an official trust domain ({listed}). Use an "
                "official trust e-mail (P5), or ask SLT for an override."
            )
    if "handle" not in errors and "platform" not in errors:
        taken = session.execute(
            select(db.Account.id, db.Account.trust_id).where(
                db.Account.platform == platform, db.Account.handle == handle
            )
        ).first()
        if taken is not None and taken.trust_id == trust_id:
            errors["handle"] = (
                f"{platform} {handle} is already in the register (account {taken.id})."
            )
        elif taken is not None:  # another trust's row: say so, but not which row
            errors["handle"] = f"{platform} {handle} is already registered by another organisation."
    return values, errors
