"""Location and identifying metadata carried inside photos (S7).

GPS coordinates, an XMP place name, a camera owner or serial number, a
description typed on the phone: none of it shows in the photo, all of it is
published with it unless stripped. This detector reads each attached image's
EXIF, XMP and PNG text fields (no model, no network) and returns one
``metadata`` detection per field, subtype ``location`` or ``identifying``.
The fix is the same for both: export the photo through ``postguard redact``
(which strips every metadata field).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.findings import Detection, Location
from postguard.images.intake import DEFAULT_LIMITS, ImageError
from postguard.images.metadata import read_metadata

_FIX = "Strip the photo's metadata before publishing: postguard redact PHOTO -o OUT."


class PhotoMetadataDetector(Detector):
    id = "photo_metadata"
    description = "GPS location and identifying EXIF/XMP metadata inside photos (S7)."
    kinds = frozenset({ContentKind.POST, ContentKind.PROFILE, ContentKind.ACCOUNT})
    Params: ClassVar[type[DetectorParams]] = DetectorParams
    subtypes: ClassVar[frozenset[str]] = frozenset({"location", "identifying"})

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        limits = context.photos.limits if context.photos is not None else DEFAULT_LIMITS
        found: list[Detection] = []
        for image in content.images:
            if image.data is None:
                continue
            try:
                fields = read_metadata(image.data, limits)
            except ImageError:
                continue  # the faces detector reports a file it cannot read
            for f in fields:
                what = (
                    "where it was taken" if f.kind == "location" else "who took it or what it shows"
                )
                found.append(
                    Detection(
                        detector_id=self.id,
                        kind="metadata",
                        location=Location(image_index=image.index),
                        quote="",
                        score=1.0,
                        explanation=(
                            f"Photo {image.index + 1} carries {f.name} metadata ({what}), "
                            "published with it unless stripped."
                        ),
                        subtype=f.kind,
                        fix=_FIX,
                        attributes={"field": f.name},
                    )
                )
        return found
