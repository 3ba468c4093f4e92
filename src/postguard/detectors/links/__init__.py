"""Links (clause S8): extraction, normalisation and offline judgement of every URL.

Pure: no I/O, no network. Loaded lists and the online resolver live in
:mod:`postguard.links` and reach the judge through :class:`LinkPolicy`.
"""

from __future__ import annotations

from postguard.detectors.links.detector import LinksDetector, LinksParams
from postguard.detectors.links.extract import Link, extract_links
from postguard.detectors.links.judge import (
    LinkJudgement,
    LinkVerdict,
    Reason,
    judge_link,
    judge_url,
)
from postguard.detectors.links.normalise import ParsedUrl, normalise_url, parse_url
from postguard.detectors.links.policy import CategoryLookup, LinkPolicy

__all__ = [
    "CategoryLookup",
    "Link",
    "LinkJudgement",
    "LinkPolicy",
    "LinkVerdict",
    "LinksDetector",
    "LinksParams",
    "ParsedUrl",
    "Reason",
    "extract_links",
    "judge_link",
    "judge_url",
    "normalise_url",
    "parse_url",
]
