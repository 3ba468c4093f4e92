"""Email addresses, including the bracketed ``name [at] domain [dot] com`` disguise.

Addresses on the trust's official domains (staff work emails, the schools'
published addresses) are not findings; a fediverse handle such as
``@school@mastodon.social`` is not an email.
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


def _hit(start: int, end: int, score: float, known: bool, disguised: bool) -> PiiHit:
    what = "a disguised email address" if disguised else "a personal email address"
    explanation = f"The text gives {what}, which is personal contact data (S7)."
    if known:
        explanation += " It matches a parent or carer's email in the roster."
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
    """Personal email addresses in ``text``; official ones are left out."""
    hits: list[PiiHit] = []
    if "@" in text:
        for m in _EMAIL.finditer(text):
            address = m.group()
            if official.is_official_email(address):
                continue
            known = official.is_contact_email(address)
            hits.append(_hit(m.start(), m.end(), 0.97 if known else 0.95, known, False))
    lowered = text.lower()
    if "at]" in lowered or "at)" in lowered or "at}" in lowered:
        for m in _DISGUISED.finditer(text):
            domain = re.sub(_DOT, ".", m.group(2), flags=re.IGNORECASE)
            address = f"{m.group(1)}@{domain}"
            if official.is_official_email(address):
                continue
            known = official.is_contact_email(address)
            hits.append(_hit(m.start(), m.end(), 0.9, known, True))
    return hits
