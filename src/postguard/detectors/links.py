"""Every link a person would follow, judged safe, review or unsafe.

Placeholder: returns nothing until the detector is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection


class LinksDetector(Detector):
    id = "links"
    description = "Every link a person would follow, judged safe, review or unsafe."

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return []
