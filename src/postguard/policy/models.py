"""The policy as data: Policy, Clause, Rule and their parts.

A :class:`Policy` is a trust's social media policy, clause by clause, with the
rules that put each clause into practice. Every model is frozen and forbids
unknown fields, so a typo in a policy file fails when it loads. A policy built
in code is checked the same way as one loaded from YAML: a rule must cite
clauses that exist and a detector that exists, with valid parameters, and
every clause must be carried by a rule or a named workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from postguard.content import Content, ContentKind, Scope
from postguard.detectors.base import DetectorParams
from postguard.detectors.registry import DETECTORS, detector_class
from postguard.findings import Action, ClauseRef, Detection
from postguard.policy.workflows import WORKFLOWS

_CONFIG = ConfigDict(extra="forbid", frozen=True)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-blank string."""

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)]
WebAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^https://[^\s/]+\.[^\s]+$", max_length=500),
]
"""An https address (a policy published on the trust's website)."""
"""An id: letters, digits, dot, dash and underscore, no spaces (``S6``, ``S6-PUPIL-NAME``)."""

TITLE_MAX = 60
"""Clause titles are short: they print beside every finding."""


class Clause(BaseModel):
    """One clause of the policy, its full text verbatim, and the workflow that carries it."""

    model_config = _CONFIG

    id: Code
    section: Text
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)
    ]
    text: Text
    workflow: str | None = None

    @field_validator("workflow")
    @classmethod
    def _known_workflow(cls, value: str | None) -> str | None:
        if value is not None and value not in WORKFLOWS:
            raise ValueError(f"unknown workflow {value!r} (known: {', '.join(WORKFLOWS)})")
        return value

    @property
    def ref(self) -> ClauseRef:
        """The clause as it prints everywhere: ``S6 (No names with photographs of children)``."""
        return ClauseRef(self.id, self.title)


class RuleSelect(BaseModel):
    """Which of a detector's detections a rule keeps: by subtype and/or minimum score."""

    model_config = _CONFIG

    subtypes: tuple[Text, ...] | None = Field(default=None, min_length=1)
    min_score: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _not_empty(self) -> RuleSelect:
        if self.subtypes is None and self.min_score is None:
            raise ValueError("select needs 'subtypes' or 'min_score' (or leave select out)")
        return self

    def keeps(self, detection: Detection) -> bool:
        if self.subtypes is not None and detection.subtype not in self.subtypes:
            return False
        return self.min_score is None or detection.score >= self.min_score


class Rule(BaseModel):
    """A check that puts one or more clauses into practice through one detector."""

    model_config = _CONFIG

    id: Code
    clauses: tuple[Code, ...] = Field(min_length=1)
    detector: str
    params: dict[str, Any] = Field(default_factory=dict)
    scope: tuple[Scope, ...] = Field(default=(Scope.SANCTIONED, Scope.PERSONAL), min_length=1)
    applies_to: tuple[ContentKind, ...] = Field(min_length=1)
    images: Literal["any", "required", "none"] = "any"
    select: RuleSelect | None = None
    action: Action
    description: Text
    fix: Text | None = None

    @field_validator("detector")
    @classmethod
    def _known_detector(cls, value: str) -> str:
        if value not in DETECTORS:
            raise ValueError(f"unknown detector {value!r} (known: {', '.join(sorted(DETECTORS))})")
        return value

    def __hash__(self) -> int:  # ``params`` is a dict: hash the rule by its JSON form
        return hash(self.model_dump_json())

    def detector_params(self) -> DetectorParams:
        """``params`` validated by the detector's own ``Params`` model."""
        return detector_class(self.detector).Params.model_validate(self.params)

    def applies(self, content: Content) -> bool:
        """Whether this rule runs on ``content``: its kind, its scope, its images."""
        if content.kind not in self.applies_to or content.scope not in self.scope:
            return False
        if self.images == "required":
            return content.has_images
        if self.images == "none":
            return not content.has_images
        return True

    def selects(self, detection: Detection) -> bool:
        """Whether this rule keeps ``detection`` (all of them when there is no ``select``)."""
        return self.select is None or self.select.keeps(detection)


class VersionEntry(BaseModel):
    """One row of the policy's version table."""

    model_config = _CONFIG

    version: Text
    date: date
    author: Text | None = None
    changes: Text | None = None


class LinkedPolicy(BaseModel):
    """A policy or law staff must also follow (clause M3)."""

    model_config = _CONFIG

    id: Code
    title: Text
    note: Text | None = None
    url: WebAddress | None = None
    """Where staff read it (the IT Acceptable Use Policy's address is what S11 profiles link to)."""


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """Where the policy stands against its review date (clause M1)."""

    due: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    @property
    def overdue_since(self) -> date | None:
        return self.due if self.overdue else None

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due).days)

    @property
    def days_until_due(self) -> int:
        return max(0, (self.due - self.today).days)

    def describe(self) -> str:
        """``OVERDUE since 2022-09-01 (30 days)``, ``due today (...)``, ``due ... (in N days)``."""
        if self.overdue:
            return f"OVERDUE since {self.due.isoformat()} ({_days(self.days_overdue)})"
        if self.today == self.due:
            return f"due today ({self.due.isoformat()})"
        return f"due {self.due.isoformat()} (in {_days(self.days_until_due)})"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


class PolicyMetadata(BaseModel):
    """The policy's header: who owns it, when it was dated, when it must be reviewed."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True
    )

    schema_version: Literal[1] = Field(alias="schema")
    id: Code
    title: Text
    version: Text
    owner: Text
    dated: date
    review_due: date
    versions: tuple[VersionEntry, ...] = Field(min_length=1)
    linked_policies: tuple[LinkedPolicy, ...] = ()
    source: str = Field(default="", description="the file it was loaded from (set by the loader)")
    digest: str = Field(default="", description="sha256 of the file (set by the loader)")

    @field_validator("review_due")
    @classmethod
    def _after_dated(cls, value: date, info: ValidationInfo) -> date:
        dated = info.data.get("dated")
        if isinstance(dated, date) and value <= dated:
            raise ValueError(f"must be after 'dated' ({dated.isoformat()})")
        return value

    @field_validator("versions")
    @classmethod
    def _lists_version(
        cls, value: tuple[VersionEntry, ...], info: ValidationInfo
    ) -> tuple[VersionEntry, ...]:
        seen = [v.version for v in value]
        duplicates = sorted({v for v in seen if seen.count(v) > 1})
        if duplicates:
            raise ValueError(f"version {duplicates[0]!r} is listed twice")
        version = info.data.get("version")
        if isinstance(version, str) and version not in seen:
            raise ValueError(f"the table has no row for the policy's version {version!r}")
        return value

    @field_validator("linked_policies")
    @classmethod
    def _unique_links(cls, value: tuple[LinkedPolicy, ...]) -> tuple[LinkedPolicy, ...]:
        ids = [p.id for p in value]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"linked policy {duplicates[0]!r} is listed twice")
        return value

    def review_status(self, today: date | None = None) -> ReviewStatus:
        """Whether the policy is past its review date (``today`` defaults to the real today)."""
        return ReviewStatus(due=self.review_due, today=today or date.today())


class Policy(PolicyMetadata):
    """A trust's social media policy: its clauses and the rules that carry them."""

    clauses: tuple[Clause, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        from postguard.policy.checks import policy_problems

        problems = policy_problems(self.clauses, self.rules)
        if problems:
            raise ValueError("; ".join(p.render() for p in problems))
        return self

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.clauses)

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(f"policy {self.id!r} has no clause {clause_id!r}")

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"policy {self.id!r} has no rule {rule_id!r}")

    def rules_for(self, clause_id: str) -> tuple[Rule, ...]:
        """The rules that cite ``clause_id``, in file order."""
        return tuple(r for r in self.rules if clause_id in r.clauses)

    def refs(self, rule: Rule) -> tuple[ClauseRef, ...]:
        """The clauses ``rule`` cites, as they print: ``S6 (...)``, ``S7 (...)``."""
        return tuple(self.clause(c).ref for c in rule.clauses)
