"""Names and personal data written inside photos (S6, S7), found by OCR.

A certificate, a name badge or a caption card names a child as surely as the
post's text does. This detector reads the text of each photo through
``context.photos`` (OCR once per image) and runs the *same* detectors as the
post's text on it, the names detector and the personal-data detector, so one
set of rules of evidence decides what a name is. Each detection keeps the
inner detector's kind, subtype, candidates and score; its location is the photo
(``image_index``) and the box of the words, and it has no character span (the
words are not in the post's text). ``attributes["source"]`` is ``"ocr"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from pydantic import Field

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.detectors.names import NamesDetector
from postguard.detectors.pii import PiiDetector
from postguard.findings import Box, Detection, Location
from postguard.images.ocr import TextLine


class OcrParams(DetectorParams):
    #: Which text detectors run on the words found in photos.
    detectors: tuple[str, ...] = Field(default=("names", "pii"), min_length=1)


def _union(boxes: Sequence[Box]) -> Box:
    x0 = min(b.x for b in boxes)
    y0 = min(b.y for b in boxes)
    x1 = max(b.x + b.width for b in boxes)
    y1 = max(b.y + b.height for b in boxes)
    return Box(x0, y0, x1 - x0, y1 - y0)


def _sub_box(line: TextLine, start: int, end: int) -> Box:
    """The part of a line's box holding characters ``start:end`` (proportional estimate)."""
    n = max(1, len(line.text))
    box = line.box
    left = box.x + int(box.width * start / n)
    right = box.x + int(round(box.width * end / n))
    return Box(left, box.y, max(1, right - left), box.height)


class OcrDetector(Detector):
    id = "ocr"
    description = "Pupils' names and personal data written inside photos (read by OCR)."
    kinds = frozenset({ContentKind.POST, ContentKind.PROFILE, ContentKind.ACCOUNT})
    Params: ClassVar[type[DetectorParams]] = OcrParams

    def __init__(self, params: DetectorParams | None = None) -> None:
        super().__init__(params)
        chosen = self.params.detectors if isinstance(self.params, OcrParams) else ("names", "pii")
        unknown = set(chosen) - {"names", "pii"}
        if unknown:
            raise ValueError(f"ocr can run the names and pii detectors, not {sorted(unknown)}")
        self._inner: list[Detector] = []
        if "names" in chosen:
            self._inner.append(NamesDetector())
        if "pii" in chosen:
            self._inner.append(PiiDetector())

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        photos = context.photos
        if photos is None or photos.ocr_engine is None:
            return []
        found: list[Detection] = []
        for image in content.images:
            if image.data is None:
                continue
            lines = photos.text(image.data)
            if not lines:
                continue
            frames = sorted({frame for frame, _ in lines})
            for frame in frames:
                found.extend(
                    self._scan(
                        content, context, image.index, frame, [ln for f, ln in lines if f == frame]
                    )
                )
        return found

    def _scan(
        self,
        content: Content,
        context: DetectionContext,
        index: int,
        frame: int,
        lines: list[TextLine],
    ) -> list[Detection]:
        text = "\n".join(line.text for line in lines)
        offsets: list[int] = []
        position = 0
        for line in lines:
            offsets.append(position)
            position += len(line.text) + 1
        inner_content = Content(
            text=text, kind=content.kind, scope=content.scope, school=content.school
        )
        found: list[Detection] = []
        for detector in self._inner:
            for d in detector.detect(inner_content, context):
                start, end = d.location.start, d.location.end
                if start is None or end is None:
                    continue
                parts = []
                for line, offset in zip(lines, offsets, strict=True):
                    lo, hi = max(start, offset), min(end, offset + len(line.text))
                    if lo < hi:
                        parts.append(_sub_box(line, lo - offset, hi - offset))
                if not parts:
                    continue
                attributes = dict(d.attributes)
                attributes["source"] = "ocr"
                attributes["detector"] = d.detector_id
                if frame:
                    attributes["frame"] = frame
                found.append(
                    replace(
                        d,
                        detector_id=self.id,
                        location=Location(image_index=index, box=_union(parts)),
                        explanation=f"In photo {index + 1}: {d.explanation}",
                        attributes=attributes,
                    )
                )
        return found
