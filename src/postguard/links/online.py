"""Online second opinions on a link: where a short link really goes, and Safe Browsing.

Used by the CLI and by workers when ``links.online.enabled`` is set; never by the
pure detector. The offline judgement comes first; online checks can only add
reasons, or replace a shortener's "review" with the judgement of its destination.
"""

from __future__ import annotations

from collections.abc import Callable

from postguard.detectors.links.judge import (
    LinkJudgement,
    LinkVerdict,
    Reason,
    judge_parsed,
    judge_url,
)
from postguard.detectors.links.normalise import parse_url
from postguard.detectors.links.policy import LinkPolicy
from postguard.links.resolver import Resolution
from postguard.links.safebrowsing import SafeBrowsingClient, SafeBrowsingError

Follow = Callable[[str], Resolution]
_HIDING = frozenset({"shortener", "redirector"})


def _merge(verdict: LinkVerdict, reasons: list[Reason], url: str) -> LinkJudgement:
    top = max([verdict, *(r.verdict for r in reasons)], key=lambda v: v.rank)
    unique: dict[str, Reason] = {}
    for r in reasons:
        unique.setdefault(r.code, r)
    return LinkJudgement(top, tuple(unique.values()), url)


def judge_online(
    url: str,
    policy: LinkPolicy,
    *,
    follow: Follow | None = None,
    safe_browsing: SafeBrowsingClient | None = None,
) -> LinkJudgement:
    """The offline judgement, then (if given) redirect following and Safe Browsing."""
    offline = judge_url(url, policy)
    judgement = offline
    if follow is not None and _HIDING & set(offline.codes):
        resolution = follow(offline.url)
        if resolution.blocked:
            reason = Reason(
                "redirects-internal",
                LinkVerdict.UNSAFE,
                "the short link redirects to a private or internal network address",
            )
            judgement = _merge(LinkVerdict.UNSAFE, [*offline.reasons, reason], offline.url)
        elif resolution.final is None:
            reason = Reason(
                "unresolved",
                LinkVerdict.REVIEW,
                f"its destination could not be checked ({resolution.error})",
            )
            judgement = _merge(LinkVerdict.REVIEW, [*offline.reasons, reason], offline.url)
        else:
            final = parse_url(resolution.final)
            if final is not None:
                dest = judge_parsed(final, policy)
                where = Reason("resolved", LinkVerdict.SAFE, f"the link really goes to {final.url}")
                judgement = _merge(dest.verdict, [*dest.reasons, where], offline.url)
    if safe_browsing is not None:
        try:
            matches = safe_browsing.find([judgement.url]).get(judgement.url, [])
        except SafeBrowsingError as exc:
            matches = []
            judgement = _merge(
                judgement.verdict,
                [*judgement.reasons, Reason("safe-browsing-error", LinkVerdict.SAFE, str(exc))],
                judgement.url,
            )
        for m in matches:
            reason = Reason(
                f"safe-browsing:{m.threat_type.lower()}",
                LinkVerdict.UNSAFE,
                f"Google Safe Browsing lists it as {m.threat_type.replace('_', ' ').lower()}",
            )
            judgement = _merge(LinkVerdict.UNSAFE, [*judgement.reasons, reason], judgement.url)
    return judgement
