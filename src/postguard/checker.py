"""The checker: ``check(content, policy, context) -> Verdict``.

Pure and fast: it runs the detectors that the policy's rules ask for (each
detector once per content, whatever the number of rules citing it), keeps the
detections each rule selects, and pairs them with the rule's clauses and action.
No I/O, no database; the roster index arrives prebuilt in the context.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.detectors.registry import detector_class
from postguard.findings import Detection, Finding, Verdict
from postguard.policy.models import Policy, Rule


def _identity(d: Detection) -> tuple[object, ...]:
    loc = d.location
    return (d.detector_id, d.kind, d.subtype, loc.start, loc.end, loc.image_index, loc.box, loc.url)


class Checker:
    """A policy compiled against the detector registry, with its context, ready to check."""

    def __init__(self, policy: Policy, context: DetectionContext) -> None:
        self.policy = policy
        self.context = context
        self._detectors: dict[str, Detector] = {}
        self._rules: list[tuple[Rule, str]] = []
        for rule in policy.rules:
            key = f"{rule.detector}:{json.dumps(rule.params, sort_keys=True, default=str)}"
            if key not in self._detectors:
                self._detectors[key] = detector_class(rule.detector)(rule.detector_params())
            self._rules.append((rule, key))
        self._clauses = {c.id: c.ref for c in policy.clauses}

    def check(self, content: Content) -> Verdict:
        ran: dict[str, Sequence[Detection]] = {}
        best: dict[tuple[object, ...], Finding] = {}
        order: list[tuple[object, ...]] = []
        for rule, key in self._rules:
            if not rule.applies(content):
                continue
            if key not in ran:
                ran[key] = self._detectors[key].detect(content, self.context)
            for detection in ran[key]:
                if not rule.selects(detection):
                    continue
                finding = Finding(
                    rule_id=rule.id,
                    clauses=tuple(self._clauses[c] for c in rule.clauses),
                    action=rule.action,
                    detection=detection,
                    fix=rule.fix,
                )
                ident = _identity(detection)
                current = best.get(ident)
                if current is None:
                    order.append(ident)
                    best[ident] = finding
                elif finding.action.rank > current.action.rank:
                    best[ident] = finding
        findings = sorted(
            (best[i] for i in order),
            key=lambda f: (
                f.detection.location.start if f.detection.location.start is not None else -1,
                -f.action.rank,
            ),
        )
        return Verdict.from_findings(tuple(findings), self.policy.id, self.policy.version)


def check(content: Content, policy: Policy, context: DetectionContext) -> Verdict:
    """Check one piece of content against a policy. Build a :class:`Checker` to check many."""
    return Checker(policy, context).check(content)
