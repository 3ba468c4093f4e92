"""Photos sent to the JSON API as base64: decoded, capped and recognised like the page's uploads.

A photo is ``{"filename": ..., "data": <base64>}`` (a ``data:image/...;base64,`` URL
is accepted too). Each is refused with a 422 naming the photo and the reason when
its data is not base64, is empty, is over the per-photo cap or is not a photo; the
list is refused when it holds more than :data:`MAX_PHOTOS` or more than
:data:`MAX_TOTAL_PHOTO_BYTES` in all. Error messages never repeat the data.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from postguard.content import Content, Image
from postguard.detectors.base import DetectionContext
from postguard.faces.db_sweep import SeenFace
from postguard.web.middleware import MAX_BODY_BYTES
from postguard.web.photos import CLEARED, BlurError, blurred_name, faces_in
from postguard.web.uploads import MAX_PHOTO_BYTES, Photo, PhotoError, human_size, photo, sniff

MAX_TOTAL_PHOTO_BYTES = MAX_BODY_BYTES
"""The photos of one API request, decoded: the page's cap on a whole upload."""


class PhotoIn(BaseModel):
    """One photo, its bytes in base64."""

    model_config = ConfigDict(extra="forbid")

    filename: str = Field(default="photo", max_length=255, description="Its file name.")
    data: str = Field(
        description=f"The file's bytes in base64; at most {human_size(MAX_PHOTO_BYTES)} decoded.",
        json_schema_extra={"contentEncoding": "base64"},
    )
    _photo: Photo | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _decoded(self) -> PhotoIn:
        name = self.filename or "the file"
        text = self.data
        if text.startswith("data:") and "," in text:
            text = text.split(",", 1)[1]
        if len(text) * 3 // 4 > MAX_PHOTO_BYTES + 2:
            raise ValueError(
                f"{name} is too big; the limit is {human_size(MAX_PHOTO_BYTES)} per photo."
            )
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{name}: data is not valid base64.") from None
        try:
            self._photo = photo(self.filename, data)
        except PhotoError as exc:
            raise ValueError(str(exc)) from None
        return self

    @property
    def photo(self) -> Photo:
        assert self._photo is not None, "validated on construction"
        return self._photo


def total_checked(photos: list[PhotoIn]) -> list[PhotoIn]:
    """Refuse a list of photos over :data:`MAX_TOTAL_PHOTO_BYTES` in all."""
    total = sum(p.photo.size for p in photos)
    if total > MAX_TOTAL_PHOTO_BYTES:
        raise ValueError(
            f"the photos come to {human_size(total)}; "
            f"the limit is {human_size(MAX_TOTAL_PHOTO_BYTES)} in all"
        )
    return photos


def faces_and_errors(
    photos: Sequence[Photo], context: DetectionContext
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every face found (as ``postguard check --json`` lists them) and each photo not checked.

    Runs the face models: call it holding the service's photo lock.
    """
    from postguard.faces.setup import face_list

    analyser = context.photos
    if not photos:
        return [], []
    if analyser is None:
        reason = "photo checking is not configured"
        return [], [
            {"image": i, "filename": p.filename, "error": reason} for i, p in enumerate(photos)
        ]
    errors = []
    for i, p in enumerate(photos):
        decoded = analyser.decoded(p.data)
        if decoded.image is None:
            errors.append(
                {"image": i, "filename": p.filename, "error": decoded.error or "unreadable"}
            )
    content = Content(
        text="", images=tuple(Image(i, p.data, p.filename) for i, p in enumerate(photos))
    )
    return face_list(content, context), errors


def redacted(
    original: Photo, faces: Sequence[int] | None, context: DetectionContext
) -> tuple[Photo, int]:
    """A copy of ``original`` with the chosen faces blurred and no metadata, and how many.

    ``faces`` are 0-based indices into the photo's faces as ``/api/check`` lists
    them; ``None`` blurs every face not cleared (refused or unknown). Runs the face
    models: call it holding the service's photo lock.
    """
    from postguard.images.intake import ImageError
    from postguard.images.redact import redact

    found = [d for d in faces_in(original.data, context) if d.location.box is not None]
    if faces is None:
        chosen = [d for d in found if d.subtype not in CLEARED]
    else:
        beyond = sorted({i for i in faces if i >= len(found)})
        if beyond:
            raise BlurError(
                f"{original.filename} has {len(found)} faces; no face {beyond[0]} (0-based)."
            )
        chosen = [found[i] for i in sorted(set(faces))]
    boxes = [d.location.box for d in chosen if d.location.box is not None]
    try:
        data = redact(original.data, boxes)
    except ImageError as exc:
        raise BlurError(f"{original.filename} cannot be blurred: {exc}.") from None
    fmt = sniff(data[:16]) or original.format
    return Photo(blurred_name(original.filename, fmt), fmt, data, blurred=True), len(boxes)


def seen_in(photos: Sequence[Photo], context: DetectionContext) -> list[SeenFace]:
    """The faces of the photos that resembled an enrolled person (for the sweep index).

    Call it holding the service's photo lock, right after the check (cached faces).
    """
    from postguard.faces.setup import seen_faces

    content = Content(
        text="", images=tuple(Image(i, p.data, p.filename) for i, p in enumerate(photos))
    )
    return seen_faces(content, context)


HIDDEN_ATTRIBUTES = ("upn", "staff_id")
"""Attributes of a finding that identify a person on the roster."""


def for_viewer(
    answer: dict[str, Any], may_see_roster: bool, *, text_findings: bool = False
) -> dict[str, Any]:
    """The API answer as this person may see it: a face's UPN only for those who may see
    the roster.

    A teacher checking a post learns that a face is a pupil's and what to do about it
    (the status, the reason, the fix), not which pupil: ``upn`` of each face becomes
    null and each face finding loses its candidates and its ``upn``/``staff_id``
    attributes. ``text_findings`` does the same for every other finding (a pupil named
    in the caption or inside a photo). Roles with ``roster.view`` at the school see all.
    """
    if may_see_roster:
        return answer
    shown = dict(answer)
    if "faces" in answer:
        shown["faces"] = [face | {"upn": None} for face in answer["faces"]]
    shown["findings"] = [
        finding
        | {
            "candidates": [],
            "attributes": {
                k: v for k, v in finding.get("attributes", {}).items() if k not in HIDDEN_ATTRIBUTES
            },
        }
        if text_findings or finding.get("kind") == "face"
        else finding
        for finding in answer.get("findings", [])
    ]
    return shown
