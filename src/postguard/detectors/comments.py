"""Public comments labelled ok, abusive, profane, spam, personal_data or safeguarding.

Placeholder: returns nothing until the detector is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection


class CommentClassifier(Detector):
    id = "comments"
    description = "Public comments: ok, abusive, profane, spam, personal data, safeguarding."

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return []
