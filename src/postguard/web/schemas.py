"""The JSON API's request and response models (they make the OpenAPI schema).

Responses mirror :meth:`postguard.findings.Verdict.to_dict` field for field;
``extra="forbid"`` makes a test fail the day the two drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from postguard.policy.models import Policy, ReviewStatus
from postguard.policy.workflows import workflow_description
from postguard.web.api_photos import MAX_TOTAL_PHOTO_BYTES, PhotoIn, total_checked
from postguard.web.service import MAX_TEXT_CHARS
from postguard.web.uploads import MAX_PHOTOS

_IN = ConfigDict(extra="forbid")
_OUT = ConfigDict(extra="forbid")


def checked_text(value: str) -> str:
    """Refuse blank or over-long text with a message a person can act on."""
    if not value.strip():
        raise ValueError("text is empty: give the text of the post to check")
    if len(value) > MAX_TEXT_CHARS:
        raise ValueError(
            f"text is too long ({len(value):,} characters); the limit is {MAX_TEXT_CHARS:,}"
        )
    return value


class CheckRequest(BaseModel):
    """A draft post (or comment, or profile text) to check."""

    model_config = _IN

    text: str = Field(
        description="The text exactly as it will be published.",
        json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT_CHARS},
    )
    images: int = Field(
        default=0,
        ge=0,
        le=MAX_PHOTOS,
        description="Number of photos attached (counted only; `photos` are checked).",
    )
    photos: list[PhotoIn] = Field(
        default_factory=list,
        max_length=MAX_PHOTOS,
        description=(
            f"Photos to check (faces, words, metadata): at most {MAX_PHOTOS}, "
            f"{MAX_TOTAL_PHOTO_BYTES // (1024 * 1024)} MB in all."
        ),
    )
    school: str | None = Field(
        default=None, description="The trust or school whose account publishes it."
    )
    platform: str | None = Field(default=None, description="facebook, x, instagram...")
    kind: Literal["post", "comment", "profile"] = "post"
    scope: Literal["sanctioned", "personal"] = Field(
        default="sanctioned", description="A trust account, or a member of staff's own."
    )

    _text = field_validator("text")(checked_text)
    _photos = field_validator("photos")(total_checked)


class FixRequest(CheckRequest):
    """A text to check and fix: one finding by its number, or every fixable one."""

    finding: int | None = Field(
        default=None, ge=1, description="1-based number of the finding to fix; omit for all."
    )


class RedactRequest(BaseModel):
    """A photo to blur: the faces chosen, or every face not cleared; then checked again."""

    model_config = _IN

    photo: PhotoIn
    faces: list[int] | None = Field(
        default=None,
        description=(
            "0-based indices of the faces to blur, in the order `/api/check` lists this "
            "photo's faces; omit to blur every face not cleared (refused or unknown)."
        ),
    )
    text: str = Field(default="", max_length=MAX_TEXT_CHARS, description="The caption, if any.")
    school: str | None = None
    platform: str | None = None

    @field_validator("faces")
    @classmethod
    def _faces(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and any(i < 0 for i in value):
            raise ValueError("face indices are 0-based: none may be negative")
        return value


class ClauseCite(BaseModel):
    model_config = _OUT
    id: str
    title: str
    cite: str


class BoxOut(BaseModel):
    model_config = _OUT
    x: int
    y: int
    width: int
    height: int


class CandidateOut(BaseModel):
    model_config = _OUT
    upn: str
    confidence: float


class FindingOut(BaseModel):
    model_config = _OUT
    rule_id: str
    clauses: list[ClauseCite]
    action: Literal["advise", "review", "block"]
    detector_id: str
    kind: str
    subtype: str | None
    quote: str
    start: int | None
    end: int | None
    image_index: int | None
    box: BoxOut | None
    url: str | None
    score: float
    explanation: str
    fix: str | None
    candidates: list[CandidateOut]
    attributes: dict[str, Any]


class PolicyRef(BaseModel):
    model_config = _OUT
    id: str
    version: str


class VerdictOut(BaseModel):
    model_config = _OUT
    outcome: Literal["publish", "review", "blocked"]
    policy: PolicyRef
    findings: list[FindingOut]


class FaceOut(BaseModel):
    model_config = _OUT
    image: int = Field(description="0-based index of the photo in `photos`.")
    box: list[int] = Field(description="[x, y, width, height] in the photo's pixels.")
    status: str | None = Field(description="consented, staff, unknown or refused.")
    upn: str | None = Field(
        description="The pupil recognised, shown only to people who may see the roster "
        "(roster.view)."
    )
    score: float | None
    reason: str | None


class PhotoErrorOut(BaseModel):
    model_config = _OUT
    image: int = Field(description="0-based index of the photo in `photos`.")
    filename: str
    error: str = Field(description="Why the photo could not be checked (it is reviewed).")


class CheckOut(VerdictOut):
    """The verdict, plus every face found in the photos and the photos that could not be read."""

    faces: list[FaceOut]
    photo_errors: list[PhotoErrorOut]


class RedactOut(BaseModel):
    model_config = _OUT
    filename: str = Field(description="The blurred copy's name (`<name>-blurred.<ext>`).")
    data: str = Field(description="The blurred photo, no metadata, in base64.")
    blurred: int = Field(description="How many faces were blurred.")
    check: CheckOut = Field(description="The blurred photo (and caption) checked again.")


class FixOut(BaseModel):
    model_config = _OUT
    text: str = Field(description="The text with the fix(es) applied.")
    applied: list[int] = Field(description="The numbers of the findings fixed.")
    verdict: VerdictOut = Field(description="The verdict on the fixed text.")


class ReviewOut(BaseModel):
    model_config = _OUT
    due: date
    today: date
    overdue: bool
    days_overdue: int
    status: str


class RuleOut(BaseModel):
    model_config = _OUT
    id: str
    clauses: list[str]
    detector: str
    action: Literal["advise", "review", "block"]
    applies_to: list[str]
    scope: list[str]
    images: str
    description: str
    fix: str | None


class ClauseOut(BaseModel):
    model_config = _OUT
    id: str
    section: str
    title: str
    cite: str
    text: str
    rules: list[str]
    workflow: str | None
    workflow_description: str | None


class PolicyOut(BaseModel):
    model_config = _OUT
    id: str
    title: str
    version: str
    owner: str
    dated: date
    review: ReviewOut
    clauses: list[ClauseOut]
    rules: list[RuleOut]


def review_out(status: ReviewStatus) -> ReviewOut:
    return ReviewOut(
        due=status.due,
        today=status.today,
        overdue=status.overdue,
        days_overdue=status.days_overdue,
        status=status.describe(),
    )


def policy_out(policy: Policy, status: ReviewStatus) -> PolicyOut:
    """The policy as the API shows it: clauses with the rules and workflow carrying each."""
    return PolicyOut(
        id=policy.id,
        title=policy.title,
        version=policy.version,
        owner=policy.owner,
        dated=policy.dated,
        review=review_out(status),
        clauses=[
            ClauseOut(
                id=c.id,
                section=c.section,
                title=c.title,
                cite=str(c.ref),
                text=c.text,
                rules=[r.id for r in policy.rules_for(c.id)],
                workflow=c.workflow,
                workflow_description=workflow_description(c.workflow) if c.workflow else None,
            )
            for c in policy.clauses
        ],
        rules=[
            RuleOut(
                id=r.id,
                clauses=list(r.clauses),
                detector=r.detector,
                action=r.action.value,
                applies_to=[k.value for k in r.applies_to],
                scope=[s.value for s in r.scope],
                images=r.images,
                description=r.description,
                fix=r.fix,
            )
            for r in policy.rules
        ],
    )
