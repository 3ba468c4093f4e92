"""Platform-neutral input value objects: what PostGuard is asked to check.

Connectors and the web edge turn a platform's payload into one of these; the
detectors and the checker see nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ContentKind(StrEnum):
    """The kinds of content a rule can apply to."""

    POST = "post"
    COMMENT = "comment"
    PROFILE = "profile"
    ACCOUNT = "account"


class Scope(StrEnum):
    """Whether content is on a trust-sanctioned account or a member of staff's own (M2)."""

    SANCTIONED = "sanctioned"
    PERSONAL = "personal"


@dataclass(frozen=True, slots=True)
class Image:
    """One photo attached to a post. ``data`` is absent when only the count is known."""

    index: int
    data: bytes | None = None
    filename: str | None = None


@dataclass(frozen=True, slots=True)
class Content:
    """Anything PostGuard checks: a draft post, a public comment, a profile.

    ``school`` names the school whose account the content is on (or the trust);
    it lets a forename be resolved against that school's pupils first.
    """

    text: str
    kind: ContentKind = ContentKind.POST
    scope: Scope = Scope.SANCTIONED
    school: str | None = None
    platform: str | None = None
    image_count: int = 0
    images: tuple[Image, ...] = ()

    def __post_init__(self) -> None:
        if self.image_count < 0:
            raise ValueError("image_count cannot be negative")
        if self.images and self.image_count < len(self.images):
            object.__setattr__(self, "image_count", len(self.images))

    @property
    def has_images(self) -> bool:
        return self.image_count > 0


def post(
    text: str,
    *,
    images: int = 0,
    school: str | None = None,
    platform: str | None = None,
    scope: Scope = Scope.SANCTIONED,
) -> Content:
    """A draft post on an account (the common case)."""
    return Content(
        text=text,
        kind=ContentKind.POST,
        scope=scope,
        school=school,
        platform=platform,
        image_count=images,
    )


def comment(text: str, *, school: str | None = None, platform: str | None = None) -> Content:
    """A comment left by the public on a trust post."""
    return Content(text=text, kind=ContentKind.COMMENT, school=school, platform=platform)
