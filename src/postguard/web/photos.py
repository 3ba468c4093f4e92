"""Photos on the post checker page: each shown with its boxes numbered, and blurred in one click.

A photo is shown as a data URL of a preview (oriented, downscaled, re-encoded with
no metadata), under an SVG layer that draws each face's box in its status colour
(consented or staff green, unknown amber, refused red) and each box of words read
by OCR, labelled with the number of the finding it belongs to. Nothing here writes
to disk: the photos live in the request, and the page re-posts them (see
:mod:`postguard.web.forms`) when the person fixes, blurs or checks again.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postguard.content import Content, Image
from postguard.detectors.base import DetectionContext
from postguard.findings import Box, Detection, Verdict
from postguard.web.uploads import Photo, sniff

if TYPE_CHECKING:
    from postguard.images.intake import Pixels

PREVIEW_PX = 1280
"""The longest side of a photo as the page shows it (the boxes stay in the photo's pixels)."""

CLEARED = frozenset({"consented", "staff"})
"""Face statuses that need no blur: everyone else is blurred by default."""

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WebP": "image/webp"}


@dataclass(frozen=True, slots=True)
class Mark:
    """A box drawn on a photo: a face (``face`` is its 1-based number) or words read by OCR."""

    box: Box
    status: str
    label: str
    number: int | None = None
    face: int | None = None

    @property
    def cleared(self) -> bool:
        return self.status in CLEARED


@dataclass(frozen=True, slots=True)
class PhotoView:
    """One attached photo as the page shows it."""

    index: int
    photo: Photo
    width: int = 0
    height: int = 0
    preview: str = ""
    marks: tuple[Mark, ...] = ()
    numbers: tuple[int, ...] = ()
    error: str | None = None

    @property
    def faces(self) -> list[Mark]:
        return [m for m in self.marks if m.face is not None]

    @property
    def to_blur(self) -> list[Mark]:
        return [m for m in self.faces if not m.cleared]

    @property
    def download(self) -> str:
        """The photo's bytes as a data URL (offered for download once blurred)."""
        return data_url(self.photo.data, self.photo.format)


def data_url(data: bytes, fmt: str) -> str:
    mime = MIME.get(fmt, "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _preview(pixels: Pixels) -> str:
    from PIL import Image as PILImage

    image = PILImage.fromarray(pixels, "RGB")
    image.thumbnail((PREVIEW_PX, PREVIEW_PX))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return data_url(out.getvalue(), "JPEG")


def faces_in(data: bytes, context: DetectionContext) -> list[Detection]:
    """The faces of one photo, in the order the face list numbers them."""
    from postguard.detectors.faces import FacesDetector

    content = Content(text="", images=(Image(0, data),))
    return [d for d in FacesDetector().detect(content, context) if d.kind == "face"]


def _number(verdict: Verdict, index: int, face: Detection) -> int | None:
    """The finding about this face: the one with its box, else one about a face like it."""
    alike = [
        (n, f.detection.location.box)
        for n, f in enumerate(verdict.findings, 1)
        if f.detection.location.image_index == index
        and f.detection.kind == "face"
        and f.detection.subtype == face.subtype
    ]
    exact = [n for n, box in alike if box == face.location.box]
    numbers = exact or [n for n, _ in alike]
    return numbers[0] if numbers else None


def photo_view(index: int, photo: Photo, verdict: Verdict, context: DetectionContext) -> PhotoView:
    numbers = tuple(
        n for n, f in enumerate(verdict.findings, 1) if f.detection.location.image_index == index
    )
    analyser = context.photos
    if analyser is None:
        return PhotoView(index, photo, numbers=numbers, error="photo checking is not configured")
    decoded = analyser.decoded(photo.data)
    if decoded.image is None:
        return PhotoView(index, photo, numbers=numbers, error=decoded.error or "unreadable")
    marks: list[Mark] = []
    for face, d in enumerate(faces_in(photo.data, context), 1):
        if d.location.box is None:
            continue
        status = d.subtype or "unknown"
        number = _number(verdict, index, d)
        label = str(number) if number is not None else "\u2713"
        marks.append(Mark(d.location.box, status, label, number, face))
    for n, f in enumerate(verdict.findings, 1):
        loc = f.detection.location
        if loc.image_index == index and loc.box is not None and f.detection.kind != "face":
            marks.append(Mark(loc.box, "text", str(n), n))
    image = decoded.image
    return PhotoView(
        index,
        photo,
        image.width,
        image.height,
        _preview(image.frames[0]),
        tuple(marks),
        numbers,
    )


def photo_views(
    photos: Sequence[Photo], verdict: Verdict, context: DetectionContext
) -> list[PhotoView]:
    return [photo_view(i, p, verdict, context) for i, p in enumerate(photos)]


def damaged(photos: Sequence[Photo]) -> list[str]:
    """One message per photo cut short or corrupt past its header (refused before checking).

    Other refusals (too large, animated, unsupported) are the checker's: they show on
    the photo and are reviewed as unchecked.
    """
    from postguard.images.intake import ImageError, open_image
    from postguard.images.metadata import read_metadata

    problems = []
    for p in photos:
        try:
            open_image(p.data).close()
        except ImageError:
            continue  # refused at its header: the checker says why
        except (OSError, SyntaxError, ValueError):
            pass
        else:
            try:
                read_metadata(p.data)
                continue
            except (ImageError, OSError, SyntaxError, ValueError):
                pass  # the header opened, the rest did not: cut short or corrupt
        problems.append(f"{p.filename} is damaged or cut short: attach it again.")
    return problems


class BlurError(ValueError):
    """The blur asked for cannot be done; the message says why (no child data in it)."""


def parse_blur(token: str, count: int) -> tuple[int, int | None]:
    """``"2"`` (photo 2's faces not cleared) or ``"2:3"`` (face 3 of photo 2): 0-based photo."""
    photo_part, _, face_part = token.partition(":")
    if not photo_part.isdigit() or not 1 <= int(photo_part) <= count:
        raise BlurError("That photo is no longer attached: check the post again.")
    if face_part and not face_part.isdigit():
        raise BlurError("That face is no longer in the photo: check the post again.")
    return int(photo_part) - 1, int(face_part) if face_part else None


def blurred_name(filename: str, fmt: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename or "photo"
    if stem.endswith("-blurred"):
        stem = stem[: -len("-blurred")]
    extension = {"JPEG": "jpg", "PNG": "png", "WebP": "webp", "GIF": "gif"}.get(fmt, "jpg")
    return f"{stem}-blurred.{extension}"


def blur(photo: Photo, face: int | None, context: DetectionContext) -> tuple[Photo, int]:
    """A copy of ``photo`` with the chosen faces blurred and no metadata, and how many.

    ``face`` is one face's 1-based number; without it every face not cleared
    (refused or unknown) is blurred.
    """
    from postguard.images.intake import ImageError
    from postguard.images.redact import redact

    faces = faces_in(photo.data, context)
    if face is not None:
        if not 1 <= face <= len(faces):
            raise BlurError("That face is no longer in the photo: check the post again.")
        chosen = [faces[face - 1]]
    else:
        chosen = [d for d in faces if d.subtype not in CLEARED]
    boxes = [d.location.box for d in chosen if d.location.box is not None]
    try:
        data = redact(photo.data, boxes)
    except ImageError as exc:
        raise BlurError(f"{photo.filename} cannot be blurred: {exc}.") from None
    fmt = sniff(data[:16]) or photo.format
    return Photo(blurred_name(photo.filename, fmt), fmt, data, blurred=True), len(boxes)
