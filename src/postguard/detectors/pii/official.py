"""OfficialDetails: the trust's own published contact details, and the roster's known ones.

Publishing a school's phone, email, address or postcode is fine, and so is a staff
work email on an official domain: none of them is ever a finding. Parents'
phones and emails from the roster are the opposite: a match makes a finding surer.
Everything is normalised once per roster version (digits for phones, lower case
for emails, letters and digits for addresses and postcodes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from postguard.roster.models import Roster

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_DIGIT = re.compile(r"\D+")


def phone_key(value: str) -> str:
    """A UK phone number as national digits: ``+44 (0)7700 900317`` -> ``07700900317``."""
    digits = _NON_DIGIT.sub("", value.replace("(0)", ""))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif value.lstrip().startswith("+44"):
        digits = "0" + digits[2:]
    return digits


def text_key(value: str) -> str:
    """Lower-case letters and digits only, for comparing addresses and postcodes."""
    return _NON_ALNUM.sub("", value.lower())


def _host(url: str) -> str:
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, slots=True)
class OfficialDetails:
    """Normalised official details (never findings) and roster contacts (surer findings)."""

    phones: frozenset[str] = frozenset()
    email_domains: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    addresses: tuple[str, ...] = ()
    contact_phones: frozenset[str] = frozenset()
    contact_emails: frozenset[str] = frozenset()

    @classmethod
    def from_roster(cls, roster: Roster | None) -> OfficialDetails:
        if roster is None:
            return cls()
        domains = set(roster.official_domains())
        for school in roster.schools:
            domains.update(h for h in (_host(w) for w in school.websites) if h)
        return cls(
            phones=frozenset(phone_key(p) for s in roster.schools for p in s.phones),
            email_domains=frozenset(domains),
            emails=frozenset(e.strip().lower() for s in roster.schools for e in s.emails),
            postcodes=frozenset(text_key(s.postcode) for s in roster.schools if s.postcode),
            addresses=tuple(text_key(s.address) for s in roster.schools if s.address),
            contact_phones=frozenset(phone_key(c.phone) for c in roster.contacts if c.phone),
            contact_emails=frozenset(
                c.email.strip().lower() for c in roster.contacts if c.email.strip()
            ),
        )

    def is_official_phone(self, value: str) -> bool:
        return phone_key(value) in self.phones

    def is_official_email(self, value: str) -> bool:
        email = value.strip().lower()
        if email in self.emails:
            return True
        domain = email.rsplit("@", 1)[-1]
        return any(domain == d or domain.endswith("." + d) for d in self.email_domains)

    def is_official_postcode(self, value: str) -> bool:
        return text_key(value) in self.postcodes

    def is_official_address(self, value: str) -> bool:
        """True when the address as written is part of a published school address."""
        key = text_key(value)
        return bool(key) and any(key in a for a in self.addresses)

    def is_contact_phone(self, value: str) -> bool:
        return phone_key(value) in self.contact_phones

    def is_contact_email(self, value: str) -> bool:
        return value.strip().lower() in self.contact_emails
