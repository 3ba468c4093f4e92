"""Personal data in text: phones, emails, postcodes, addresses, dates of birth, UPNs, ages.

Placeholder: returns nothing until the detector is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection


class PiiDetector(Detector):
    id = "pii"
    description = "Personal data in text: phones, emails, postcodes, addresses, DOBs, UPNs, ages."

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return []
