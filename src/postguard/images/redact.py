"""Blurring faces beyond recognition, and writing a copy with no metadata.

Each chosen face box is grown by ``margin`` (hair and ears identify a child too),
pixelated to a coarse grid of at most ``blocks`` cells across, then blurred so
the cell edges carry no detail. The result is re-encoded without EXIF, XMP or
text chunks (:func:`postguard.images.metadata.save_clean`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from PIL import Image, ImageFilter

from postguard.findings import Box
from postguard.images.intake import DEFAULT_LIMITS, ImageError, IntakeLimits, decode
from postguard.images.metadata import save_clean


def _grow(box: Box, margin: float, width: int, height: int) -> tuple[int, int, int, int]:
    dx, dy = int(box.width * margin), int(box.height * margin)
    return (
        max(0, box.x - dx),
        max(0, box.y - dy),
        min(width, box.x + box.width + dx),
        min(height, box.y + box.height + dy),
    )


def obscure(
    image: Image.Image, boxes: Iterable[Box], *, margin: float = 0.25, blocks: int = 6
) -> Image.Image:
    """A copy of ``image`` with every box pixelated and blurred beyond recognition."""
    result = image.convert("RGB")
    for box in boxes:
        left, top, right, bottom = _grow(box, margin, result.width, result.height)
        if right <= left or bottom <= top:
            continue
        region = result.crop((left, top, right, bottom))
        cells = max(1, min(blocks, region.width // 2 or 1))
        rows = max(1, round(cells * region.height / max(1, region.width)))
        coarse = region.resize((cells, rows), Image.Resampling.BOX)
        covered = coarse.resize(region.size, Image.Resampling.NEAREST)
        radius = max(2, region.width // 6)
        result.paste(covered.filter(ImageFilter.GaussianBlur(radius)), (left, top))
    return result


def redact(data: bytes, boxes: Iterable[Box], limits: IntakeLimits = DEFAULT_LIMITS) -> bytes:
    """A copy of a still photo with ``boxes`` obscured and all metadata stripped.

    Boxes are in the oriented photo's pixels (as the face detector reports them).
    """
    decoded = decode(data, limits)
    if decoded.animated:
        raise ImageError("animated images cannot be redacted: export a still frame")
    image = Image.fromarray(decoded.frames[0], "RGB")
    return save_clean(obscure(image, boxes), decoded.format)


def to_image(data: bytes) -> Image.Image:
    """Decode bytes already written by :func:`redact` (for tests and previews)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.copy()
