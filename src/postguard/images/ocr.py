"""Text inside a photo (a certificate, a name badge, a caption card), with boxes.

RapidOCR 3.x on onnxruntime; its detection, direction and recognition models
ship inside the ``rapidocr`` wheel (``rapidocr/models``), so nothing is
downloaded. The engine is created on first use, once, and used under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from postguard.findings import Box
from postguard.images.intake import Pixels


class OcrError(RuntimeError):
    """The OCR engine cannot be loaded."""


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    box: Box
    score: float


def _box(points: Any, width: int, height: int) -> Box:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    x0, y0 = max(0, int(min(xs))), max(0, int(min(ys)))
    x1, y1 = min(width, int(round(max(xs)))), min(height, int(round(max(ys))))
    return Box(x0, y0, max(1, x1 - x0), max(1, y1 - y0))


class OcrEngine:
    """Reads lines of text from an RGB image."""

    def __init__(self, min_score: float = 0.5) -> None:
        self.min_score = min_score
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is None:
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:  # pragma: no cover - dependency missing
                raise OcrError(f"rapidocr is not installed: {exc}") from None
            self._engine = RapidOCR(
                params={"Global.log_level": "error", "Global.text_score": self.min_score}
            )
        return self._engine

    def read(self, rgb: Pixels) -> list[TextLine]:
        """The lines of text found, top to bottom."""
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        with self._lock:
            result = self._load()(bgr)
        texts = getattr(result, "txts", None) or ()
        boxes = getattr(result, "boxes", None)
        scores = getattr(result, "scores", None) or ()
        if boxes is None or not texts:
            return []
        height, width = rgb.shape[:2]
        lines = [
            TextLine(str(t), _box(b, width, height), float(s))
            for t, b, s in zip(texts, boxes, scores, strict=True)
            if str(t).strip() and float(s) >= self.min_score
        ]
        return sorted(lines, key=lambda line: (line.box.y, line.box.x))
