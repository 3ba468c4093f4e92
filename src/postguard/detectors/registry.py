"""The explicit registry of detectors: a rule names one of these ids.

Detectors are registered here by hand, never discovered by scanning subclasses,
so that what a policy may call is visible in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from postguard.detectors.base import Detector
from postguard.detectors.comments import CommentClassifier
from postguard.detectors.faces import FacesDetector
from postguard.detectors.links import LinksDetector
from postguard.detectors.names import NamesDetector
from postguard.detectors.ocr import OcrDetector
from postguard.detectors.photo_metadata import PhotoMetadataDetector
from postguard.detectors.pii import PiiDetector
from postguard.detectors.unprofessional import UnprofessionalDetector

DETECTORS: Mapping[str, type[Detector]] = MappingProxyType(
    {
        cls.id: cls
        for cls in (
            NamesDetector,
            PiiDetector,
            LinksDetector,
            UnprofessionalDetector,
            CommentClassifier,
            FacesDetector,
            OcrDetector,
            PhotoMetadataDetector,
        )
    }
)


def detector_class(detector_id: str) -> type[Detector]:
    try:
        return DETECTORS[detector_id]
    except KeyError:
        known = ", ".join(sorted(DETECTORS)) or "none"
        raise KeyError(f"unknown detector {detector_id!r} (known: {known})") from None
