"""A photo cut short past its header is refused with ImageError, never crashes a check."""

from __future__ import annotations

import pytest

from postguard.content import Content, Image
from postguard.detectors.base import DetectionContext
from postguard.detectors.photo_metadata import PhotoMetadataDetector
from postguard.images.intake import ImageError
from postguard.images.metadata import read_metadata
from postguard.web.testing import blank_png


@pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
def test_truncated_png_is_refused_not_crashed_on(keep: float) -> None:
    data = blank_png(200, 200)
    cut = data[: int(len(data) * keep)]
    with pytest.raises(ImageError):
        read_metadata(cut)


def test_the_detector_survives_a_truncated_photo() -> None:
    data = blank_png(200, 200)
    content = Content(text="Sports day", images=(Image(0, data[: len(data) // 2], "cut.png"),))
    found = PhotoMetadataDetector().detect(content, DetectionContext())
    assert all(d.kind != "metadata" or d.subtype != "location" for d in found)
