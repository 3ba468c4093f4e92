"""Email addresses, including the bracketed ``name [at] domain [dot] com`` disguise.

Addresses on the trust's official domains (staff work emails, the schools'
published addresses) are not findings, and neither is a role mailbox such as
``info@``, ``enquiries@`` or ``admissions@`` (an organisation's published address);
a fediverse handle such as ``@school@mastodon.social`` is not an email. A named
person's address at a public body (``gov.uk``, ``nhs.uk``...) is reported with a
low score: it is a work address, probably meant to be published.
"""

from __future__ import annotations

import re

from postguard.detectors.pii.hit import PiiHit
from postguard.detectors.pii.official import OfficialDetails

_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+'\-]{0,63}[A-Za-z0-9_%+\-])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.+\-@'])({_LOCAL})@((?:{_LABEL}\.)+[A-Za-z]{{2,24}})(?![\w\-@]|\.[A-Za-z0-9])"
)
_AT = r"[ \u00a0]*[\[({][ \u00a0]*at[ \u00a0]*[\])}][ \u00a0]*"
_DOT = r"(?:\.|[ \u00a0]*[\[({][ \u00a0]*dot[ \u00a0]*[\])}][ \u00a0]*)"
_DISGUISED = re.compile(
    rf"(?<![\w.+\-@'])({_LOCAL}){_AT}((?:{_LABEL}{_DOT})+[A-Za-z]{{2,24}})(?![\w\-@])",
    re.IGNORECASE,
)

FIX = "Remove the personal email address; give the school office's official address instead."


#: Mailboxes of a role, not a person: an organisation's published address.
_ROLE_MAILBOXES = frozenset(
    "info enquiries enquiry admin office admissions hello contact contactus support help helpdesk "
    "reception bookings booking sales team events press media noreply donotreply "
    "accounts finance hr jobs careers recruitment customerservice customerservices service "
    "feedback webmaster marketing general mail post orders secretary clerk governors pta "
    "safeguarding headteacher head principal".split()
)
#: Public bodies: a named person's address there is a work address, probably published.
_PUBLIC_BODIES = ("gov.uk", "nhs.uk", "nhs.net", "police.uk", "parliament.uk", "sch.uk")


def _is_role_mailbox(local: str) -> bool:
    return re.sub(r"[._\-]", "", local.lower()) in _ROLE_MAILBOXES


def _at_public_body(domain: str) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in _PUBLIC_BODIES)


def _hit(start: int, end: int, domain: str, known: bool, disguised: bool) -> PiiHit:
    if known:
        score = 0.97
    elif _at_public_body(domain):
        score = 0.6
    else:
        score = 0.9 if disguised else 0.95
    what = "a disguised email address" if disguised else "a personal email address"
    explanation = f"The text gives {what}, which is personal contact data (S7)."
    if known:
        explanation += " It matches a parent or carer's email in the roster."
    elif score < 0.9:
        explanation += " It looks like a work address at a public body: check it may be published."
    return PiiHit(
        start,
        end,
        "email",
        score,
        explanation,
        FIX,
        {"roster_contact": known, "disguised": disguised},
    )


def find_emails(text: str, official: OfficialDetails) -> list[PiiHit]:
    """Personal email addresses in ``text``; official and role mailboxes are left out."""
    hits: list[PiiHit] = []
    found: list[tuple[re.Match[str], str, bool]] = []
    if "@" in text:
        found += [(m, m.group(2), False) for m in _EMAIL.finditer(text)]
    lowered = text.lower()
    if "at]" in lowered or "at)" in lowered or "at}" in lowered:
        for m in _DISGUISED.finditer(text):
            found.append((m, re.sub(_DOT, ".", m.group(2), flags=re.IGNORECASE), True))
    for m, domain, disguised in found:
        address = f"{m.group(1)}@{domain}"
        if official.is_official_email(address) or _is_role_mailbox(m.group(1)):
            continue
        known = official.is_contact_email(address)
        hits.append(_hit(m.start(), m.end(), domain, known, disguised))
    return hits
