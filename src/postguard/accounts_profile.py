"""The profile check of a trust account: its bio and links against clauses S10 and S11.

Pure: no database, no network. Given the text of the account's profile (bio,
website field, pinned post: pasted by a person or fetched by a connector later),
the direct-message setting when someone declared it, and the trust's official
domains, it returns one :class:`ProfileProblem` per clause the profile fails:

- **S11**: the profile must link to the IT Acceptable Use Policy. When the policy
  file gives the AUP's address (a linked policy ``it-acceptable-use`` with a
  ``url``), a link to that address is required. Otherwise any link to one of the
  trust's official domains whose path names it (``acceptable-use``,
  ``acceptable_use``, ``acceptableuse`` or ``aup`` as a word) counts.
- **S10**: direct messages must be off, or monitored. A declared setting decides
  (``off`` / ``monitored`` pass, ``on`` fails); without one the profile text must
  say so ("DMs are off", "messages are monitored"); saying nothing fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from postguard.detectors.links.extract import extract_links
from postguard.detectors.links.normalise import parse_url
from postguard.policy.models import Policy

AUP_POLICY_ID = "it-acceptable-use"
"""The linked policy (in the policy file) that is the IT Acceptable Use Policy."""

_AUP_PATH = re.compile(r"acceptable[-_ ]?use|(?<![a-z])aup(?![a-z])", re.IGNORECASE)
_DM_WORDS = r"(?:direct\s+messages?|dms?|private\s+messages?|messages?|inbox)"
_DM_OFF = re.compile(
    rf"\b{_DM_WORDS}\s*(?:are|is|:|-)?\s*(?:turned\s+|switched\s+)?(?:off|disabled|closed)\b"
    rf"|\bno\s+{_DM_WORDS}\b|\bwe\s+(?:do\s+not|don't)\s+(?:reply\s+to|answer|read)\s+{_DM_WORDS}",
    re.IGNORECASE,
)
_DM_MONITORED = re.compile(
    rf"\b{_DM_WORDS}\s*(?:are|is|:|-|will\s+be)?\s*(?:monitored|checked|read\s+by\s+staff)\b",
    re.IGNORECASE,
)
_DM_NOT_MONITORED = re.compile(rf"\b{_DM_WORDS}\s*(?:are|is)?\s*not\s+monitored", re.IGNORECASE)


class DirectMessages(StrEnum):
    """What a person declared about the account's direct messages (S10)."""

    UNKNOWN = ""
    OFF = "off"
    MONITORED = "monitored"
    ON = "on"


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    clause: str
    problem: str

    def to_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "problem": self.problem}


def aup_url(policy: Policy | None) -> str | None:
    """The AUP's address if the policy file names one (a ``url`` on the linked policy)."""
    if policy is None:
        return None
    for linked in policy.linked_policies:
        if linked.id == AUP_POLICY_ID:
            return linked.url
    return None


def is_official_host(host: str, domains: Iterable[str]) -> bool:
    """``host`` is one of ``domains`` or a sub-domain of one (``www.`` and the like)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains if d)


def _same_page(a: str, b: str) -> bool:
    pa, pb = parse_url(a), parse_url(b)
    if pa is None or pb is None:
        return False
    host_a, host_b = pa.host.removeprefix("www."), pb.host.removeprefix("www.")
    return host_a == host_b and pa.path.rstrip("/").lower() == pb.path.rstrip("/").lower()


def links_to_aup(text: str, domains: Iterable[str], url: str | None = None) -> bool:
    """Whether ``text`` links to the AUP (at ``url`` when known, else on an official domain)."""
    official = tuple(d.lower() for d in domains)
    for link in extract_links(text):
        if url is not None:
            if _same_page(link.url, url):
                return True
        elif is_official_host(link.parsed.host, official) and _AUP_PATH.search(link.parsed.path):
            return True
    return False


def stated_direct_messages(text: str) -> DirectMessages:
    """What the profile text itself says about direct messages (UNKNOWN when nothing)."""
    if _DM_NOT_MONITORED.search(text):
        return DirectMessages.ON
    if _DM_OFF.search(text):
        return DirectMessages.OFF
    if _DM_MONITORED.search(text):
        return DirectMessages.MONITORED
    return DirectMessages.UNKNOWN


def check_profile(
    text: str,
    direct_messages: DirectMessages | str = DirectMessages.UNKNOWN,
    *,
    domains: Iterable[str],
    policy: Policy | None = None,
) -> list[ProfileProblem]:
    """The problems of an account's profile, each with its clause (empty: it passes)."""
    problems: list[ProfileProblem] = []
    url = aup_url(policy)
    if not links_to_aup(text, domains, url):
        where = url or "a page of the trust's website about acceptable use"
        problems.append(
            ProfileProblem(
                "S11",
                "The profile does not link to the IT Acceptable Use Policy: "
                f"add a link to {where}.",
            )
        )
    declared = DirectMessages(direct_messages)
    setting = declared if declared is not DirectMessages.UNKNOWN else stated_direct_messages(text)
    if setting is DirectMessages.ON:
        problems.append(
            ProfileProblem(
                "S10",
                "Direct messages are on and not monitored: turn them off, or have them "
                "monitored, so no pupil is messaged in private.",
            )
        )
    elif setting is DirectMessages.UNKNOWN:
        problems.append(
            ProfileProblem(
                "S10",
                "Nobody has said whether direct messages are off or monitored: say which.",
            )
        )
    return problems
