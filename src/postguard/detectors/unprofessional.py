"""Unprofessional content in a post: swearing, mockery, individual matters, political campaigning.

Placeholder: returns nothing until the detector is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection


class UnprofessionalDetector(Detector):
    id = "unprofessional"
    description = "Unprofessional posts: swearing, mockery, individual matters, politics."

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return []
