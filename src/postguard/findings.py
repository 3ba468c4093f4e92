"""Findings with provenance, and the verdict a check returns.

A detector returns :class:`Detection` objects: what it saw, where, how sure,
and why. The checker pairs each with the policy :class:`Rule` that asked for it,
making a :class:`Finding` that cites its clause(s). The verdict is the strongest
action among the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What a rule asks for when it fires, weakest first."""

    ADVISE = "advise"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _ACTION_RANK[self]


_ACTION_RANK = {Action.ADVISE: 0, Action.REVIEW: 1, Action.BLOCK: 2}


class Outcome(StrEnum):
    """The verdict on a piece of content."""

    PUBLISH = "publish"
    REVIEW = "review"
    BLOCKED = "blocked"

    @property
    def exit_code(self) -> int:
        return {Outcome.PUBLISH: 0, Outcome.REVIEW: 1, Outcome.BLOCKED: 2}[self]


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """A clause as it prints everywhere: ``S6 (Never name a child in a photograph)``."""

    id: str
    title: str

    def __str__(self) -> str:
        return f"{self.id} ({self.title})"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in an image, in pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Location:
    """Where a detection is: a character span in the text, and/or a place in an image, a URL."""

    start: int | None = None
    end: int | None = None
    image_index: int | None = None
    box: Box | None = None
    url: str | None = None

    def overlaps(self, start: int, end: int) -> bool:
        if self.start is None or self.end is None:
            return False
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pupil a name may refer to, with the detector's confidence."""

    upn: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Detection:
    """What one detector saw. Pure data; no rule or clause yet.

    ``kind`` is the finding family (``pupil_name``, ``pii``, ``link``,
    ``unprofessional``...); ``subtype`` refines it (``phone``, ``full_name``...).
    ``quote`` is the text exactly as written in the original content.
    """

    detector_id: str
    kind: str
    location: Location
    quote: str
    score: float
    explanation: str
    subtype: str | None = None
    fix: str | None = None
    candidates: tuple[Candidate, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """A detection as judged by a policy rule: it cites the rule and its clause(s)."""

    rule_id: str
    clauses: tuple[ClauseRef, ...]
    action: Action
    detection: Detection
    fix: str | None = None

    @property
    def kind(self) -> str:
        return self.detection.kind

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.clauses)

    @property
    def suggested_fix(self) -> str | None:
        """The detector's specific fix (it knows the pupil's year...), else the rule's."""
        return self.detection.fix or self.fix

    def to_dict(self) -> dict[str, Any]:
        d = self.detection
        loc = d.location
        return {
            "rule_id": self.rule_id,
            "clauses": [{"id": c.id, "title": c.title, "cite": str(c)} for c in self.clauses],
            "action": self.action.value,
            "detector_id": d.detector_id,
            "kind": d.kind,
            "subtype": d.subtype,
            "quote": d.quote,
            "start": loc.start,
            "end": loc.end,
            "image_index": loc.image_index,
            "box": None
            if loc.box is None
            else {"x": loc.box.x, "y": loc.box.y, "width": loc.box.width, "height": loc.box.height},
            "url": loc.url,
            "score": round(d.score, 4),
            "explanation": d.explanation,
            "fix": self.suggested_fix,
            "candidates": [
                {"upn": c.upn, "confidence": round(c.confidence, 4)} for c in d.candidates
            ],
            "attributes": dict(d.attributes),
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The checker's answer: an outcome and the findings behind it."""

    outcome: Outcome
    findings: tuple[Finding, ...]
    policy_id: str
    policy_version: str

    @classmethod
    def from_findings(
        cls, findings: tuple[Finding, ...], policy_id: str, policy_version: str
    ) -> Verdict:
        top = max((f.action.rank for f in findings), default=-1)
        if top >= Action.BLOCK.rank:
            outcome = Outcome.BLOCKED
        elif top >= Action.REVIEW.rank:
            outcome = Outcome.REVIEW
        else:
            outcome = Outcome.PUBLISH
        return cls(outcome, findings, policy_id, policy_version)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "policy": {"id": self.policy_id, "version": self.policy_version},
            "findings": [f.to_dict() for f in self.findings],
        }
