"""Pupils' names in text, in every form people write them (from the roster index).

Placeholder: returns nothing until the detector is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection


class NamesDetector(Detector):
    id = "names"
    description = "Pupils' names in text, in every form people write them (from the roster index)."

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return []
