"""Scoring the checker's findings on labelled posts, per kind.

Matching (documented in docs/eval.md): a finding matches an expected item when
the kinds match and the finding's character span overlaps an occurrence of the
expected quote in the text; for ``pupil_name`` the expected UPN must also be
among the finding's candidates; for ``link`` the normalised URLs must be equal
and the finding's verdict not safe. Recall counts expected items matched;
precision counts findings that match some expected item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from postguard.checker import Checker
from postguard.detectors.registry import detector_class
from postguard.evaluation.dataset import EXPECTED_KINDS, LabelledPost
from postguard.findings import Finding

#: Which detector family produces each expected kind.
KIND_DETECTORS = {
    "pupil_name": "names",
    "pii": "pii",
    "link": "links",
    "unprofessional": "unprofessional",
}


@dataclass
class KindScore:
    kind: str
    tp: int = 0
    fn: int = 0
    fp: int = 0
    matched_findings: int = 0
    findings: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_findings / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        total = self.tp + self.fn
        return self.tp / total if total else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
        if details:
            out["misses"] = self.misses
            out["false_alarms"] = self.false_alarms
        return out


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``needle`` occurs in ``text`` (overlaps included)."""
    spans: list[tuple[int, int]] = []
    start = text.find(needle)
    while start != -1 and needle:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def _default_normalise(url: str) -> str:
    url = url.strip().rstrip(".,;:!?)")
    lowered = url.lower()
    for prefix in ("https://", "http://"):
        if lowered.startswith(prefix):
            url = url[len(prefix) :]
            break
    if url.lower().startswith("www."):
        url = url[4:]
    host, _, rest = url.partition("/")
    return host.lower() + ("/" + rest if rest else "")


def url_normaliser() -> Callable[[str], str]:
    """The links detector's normaliser when it provides one, else a plain one."""
    from postguard.detectors import links

    fn = getattr(links, "normalise_url", None)
    return fn if callable(fn) else _default_normalise


def _matches(
    item: dict[str, Any], finding: Finding, text: str, normalise: Callable[[str], str]
) -> bool:
    d = finding.detection
    if item["kind"] == "link":
        if d.subtype == "safe":
            return False
        found = d.location.url or d.quote
        return bool(normalise(found) == normalise(item["url"]))
    if d.location.start is None or d.location.end is None:
        return False
    if not any(d.location.overlaps(s, e) for s, e in occurrences(text, item["quote"])):
        return False
    if item["kind"] == "pupil_name":
        return any(c.upn == item.get("upn") for c in d.candidates)
    return True


def _describe_item(post: LabelledPost, item: dict[str, Any]) -> dict[str, Any]:
    return {"post": post.id, **{k: v for k, v in item.items() if k != "kind"}}


def _describe_finding(post: LabelledPost, finding: Finding) -> dict[str, Any]:
    d = finding.detection
    return {
        "post": post.id,
        "quote": d.quote,
        "subtype": d.subtype,
        "rule": finding.rule_id,
        "candidates": [c.upn for c in d.candidates][:5],
    }


def implemented_kinds() -> list[str]:
    return [k for k, det in KIND_DETECTORS.items() if detector_class(det).implemented]


def score_posts(
    posts: Iterable[LabelledPost],
    checker: Checker,
    progress: Callable[[int], None] | None = None,
) -> dict[str, KindScore | None]:
    """Score ``checker`` on ``posts``; kinds whose detector isn't built map to ``None``."""
    built = set(implemented_kinds())
    scores = {k: KindScore(k) for k in EXPECTED_KINDS if k in built}
    normalise = url_normaliser()
    for n, post in enumerate(posts, start=1):
        verdict = checker.check(post.content())
        for kind, score in scores.items():
            expected = [i for i in post.expected if i["kind"] == kind]
            found = [f for f in verdict.findings if f.kind == kind]
            score.findings += len(found)
            hit_items = [False] * len(expected)
            for finding in found:
                hits = [
                    i
                    for i, item in enumerate(expected)
                    if _matches(item, finding, post.text, normalise)
                ]
                if hits:
                    score.matched_findings += 1
                    for i in hits:
                        hit_items[i] = True
                else:
                    score.fp += 1
                    score.false_alarms.append(_describe_finding(post, finding))
            for item, hit in zip(expected, hit_items, strict=True):
                if hit:
                    score.tp += 1
                else:
                    score.fn += 1
                    score.misses.append(_describe_item(post, item))
        if progress is not None:
            progress(n)
    return {k: scores.get(k) for k in EXPECTED_KINDS}
