"""Faces in a photo: detection sized for group photos, then one embedding per face.

YuNet finds faces down to ~16-20 px at the resolution it is run at (measured in
docs/photos.md), so:

* a photo up to ``work_side`` pixels on its long side is searched at its own
  resolution (a small one is first upscaled to ``min_side``);
* a larger photo is searched once downscaled to ``work_side`` (large faces that
  would be cut by tiles) and then in overlapping native-resolution tiles of
  ``work_side`` (small faces in a crowd), and the boxes are merged.

Each face is aligned from the full-resolution photo on its five landmarks and
embedded by SFace into 128 numbers, L2-normalised so that cosine similarity is
a dot product. By default YuNet and SFace run in onnxruntime (``yunet.OrtYuNet``,
``models.OrtSFace``); ``EngineParams(detector="opencv", embedder="opencv")`` runs cv2's
own as the baseline. Detection and alignment read the RGB photo directly (no BGR copy
of the photo). The models are created on first use and guarded by a lock (the cv2
objects are not thread-safe).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from postguard.faces.models import FaceModels, OrtSFace, load_models
from postguard.faces.yunet import FaceDetector
from postguard.findings import Box
from postguard.images.intake import Pixels

Embedding = npt.NDArray[np.float32]

#: The narrowest face (box width in pixels) that is embedded and can be identified.
MIN_IDENTIFIABLE_PX = 20


@dataclass(frozen=True, slots=True)
class EngineParams:
    score_threshold: float = 0.6
    nms_threshold: float = 0.3
    #: Long side searched in one pass; larger photos are also tiled at this size.
    work_side: int = 1280
    #: Small photos are upscaled to this long side first (tiny faces in thumbnails).
    min_side: int = 640
    #: Tile overlap in pixels: any face up to this size is whole in some tile.
    overlap: int = 160
    #: Faces narrower than this (pixels, in the photo) are detected but not embedded: too
    #: small to identify, so they can never be cleared and stay ``unknown`` (review).
    #: Measured in BENCHMARKS.md (same-person scores collapse below it).
    min_identifiable: int = MIN_IDENTIFIABLE_PX
    #: How SFace runs: "onnxruntime" (float32 rewrite, ~2x faster) or "opencv" (int8, cv2).
    embedder: str = "onnxruntime"
    #: How YuNet runs: "onnxruntime" (float32 rewrite, outputs decoded in NumPy as cv2
    #: does, ~2x faster, the same faces) or "opencv" (cv2.FaceDetectorYN, int8: baseline).
    detector: str = "onnxruntime"


@dataclass(frozen=True, slots=True)
class DetectedFace:
    """One face: its box in the photo's pixels, YuNet's score, its 5 landmarks."""

    box: Box
    score: float
    #: YuNet's row (x, y, w, h, 5 landmark pairs, score) in the photo's coordinates.
    row: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class FaceObservation:
    """A detected face with its identity embedding (frame > 0 only in animations).

    ``embedding`` is None for a face too small to identify (``min_identifiable``): it
    can never be matched, so it is never cleared (``unknown``, review).
    """

    face: DetectedFace
    embedding: Embedding | None
    frame: int = 0


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ax2, ay2, bx2, by2 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    iw = max(0.0, min(ax2, bx2) - max(a[0], b[0]))
    ih = max(0.0, min(ay2, by2) - max(a[1], b[1]))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _contained(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The share of the smaller box that lies inside the other."""
    iw = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    smaller = min(a[2] * a[3], b[2] * b[3])
    return iw * ih / smaller if smaller > 0 else 0.0


def _merge(rows: list[tuple[float, ...]], threshold: float) -> list[tuple[float, ...]]:
    """Non-maximum suppression across passes and tiles (highest score wins)."""
    kept: list[tuple[float, ...]] = []
    for row in sorted(rows, key=lambda r: -r[14]):
        if all(_iou(row, k) < threshold and _contained(row, k) < 0.6 for k in kept):
            kept.append(row)
    return kept


def _cut(row: tuple[float, ...], edges: tuple[int, int, int, int], width: int, height: int) -> bool:
    """Whether a box found in a tile touches one of the tile's inner edges (a cut face)."""
    left, top, right, bottom = edges
    x0, y0, x1, y1 = row[0], row[1], row[0] + row[2], row[1] + row[3]
    return (
        (left > 0 and x0 <= left + 2)
        or (top > 0 and y0 <= top + 2)
        or (right < width and x1 >= right - 2)
        or (bottom < height and y1 >= bottom - 2)
    )


def _tiles(length: int, size: int, overlap: int) -> list[int]:
    if length <= size:
        return [0]
    step = size - overlap
    starts = list(range(0, length - size, step))
    starts.append(length - size)
    return starts


class FaceEngine:
    """Detects and embeds faces. Create one per process; it loads the models on first use."""

    def __init__(self, params: EngineParams | None = None, models: FaceModels | None = None):
        self.params = params or EngineParams()
        self._models = models
        self._detector: FaceDetector | None = None
        self._recogniser: Any = None
        self._embedder: OrtSFace | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[FaceDetector, Any]:
        if self._detector is None or self._recogniser is None:
            models = self._models or load_models()
            p = self.params
            self._detector = models.create_detector(p.score_threshold, p.nms_threshold, p.detector)
            self._recogniser = models.create_recogniser()
            self._embedder = models.create_embedder(p.embedder)
        return self._detector, self._recogniser

    def _run(
        self, detector: FaceDetector, rgb: Pixels, scale: float, dx: int, dy: int
    ) -> list[tuple[float, ...]]:
        import cv2

        image: Any = rgb
        if scale != 1.0:
            interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
            image = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=interpolation)
        faces = detector.detect(image, rgb=True)
        rows = []
        for face in faces.tolist():
            values = [v / scale for v in face[:14]]
            for i in (0, *range(4, 14, 2)):  # x and the landmarks' x (not the width)
                values[i] += dx
                values[i + 1] += dy
            rows.append((*values, face[14]))
        return rows

    def _detect_rows(self, detector: FaceDetector, rgb: Pixels) -> list[tuple[float, ...]]:
        p = self.params
        height, width = rgb.shape[:2]
        longest = max(height, width)
        if longest <= p.work_side:
            scale = p.min_side / longest if longest < p.min_side else 1.0
            return self._run(detector, rgb, scale, 0, 0)
        rows = self._run(detector, rgb, p.work_side / longest, 0, 0)
        tile_w, tile_h = min(width, p.work_side), min(height, p.work_side * 3 // 4)
        for y in _tiles(height, tile_h, p.overlap):
            for x in _tiles(width, tile_w, p.overlap):
                tile = rgb[y : y + tile_h, x : x + tile_w]
                edges = (x, y, x + tile_w, y + tile_h)
                rows.extend(
                    r
                    for r in self._run(detector, tile, 1.0, x, y)
                    if not _cut(r, edges, width, height)
                )
        return _merge(rows, p.nms_threshold)

    @staticmethod
    def _face(row: tuple[float, ...], width: int, height: int) -> DetectedFace:
        x0, y0 = max(0, int(round(row[0]))), max(0, int(round(row[1])))
        x1 = min(width, int(round(row[0] + row[2])))
        y1 = min(height, int(round(row[1] + row[3])))
        box = Box(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
        return DetectedFace(box=box, score=row[14], row=row)

    def detect(self, rgb: Pixels) -> list[DetectedFace]:
        """The faces in an RGB photo, top to bottom, left to right."""
        with self._lock:
            detector, _ = self._load()
            rows = self._detect_rows(detector, rgb)
        height, width = rgb.shape[:2]
        faces = [self._face(r, width, height) for r in rows]
        return sorted(faces, key=lambda f: (f.box.y // max(1, f.box.height), f.box.x))

    def embed(self, rgb: Pixels, face: DetectedFace) -> Embedding:
        """SFace's 128-d embedding of an aligned face, L2-normalised."""
        with self._lock:
            return self._embed(np.ascontiguousarray(rgb), face)

    def _embed(self, rgb: Pixels, face: DetectedFace) -> Embedding:
        """Aligned on the RGB photo (``alignCrop`` is a warp: channel order is kept)."""
        _, recogniser = self._load()
        row = np.asarray(face.row, dtype=np.float32).reshape(1, 15)
        aligned = recogniser.alignCrop(rgb, row)
        if self._embedder is not None:
            raw = self._embedder.feature(aligned, rgb=True)
        else:
            raw = recogniser.feature(np.ascontiguousarray(aligned[:, :, ::-1]))
        feature = np.asarray(raw, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(feature))
        return feature / norm if norm > 0 else feature

    def identifiable(self, face: DetectedFace) -> bool:
        """Whether a face is large enough to be embedded and identified."""
        return face.box.width >= self.params.min_identifiable

    def analyse(self, rgb: Pixels, frame: int = 0) -> list[FaceObservation]:
        """Detect every face and embed each one large enough to identify."""
        faces = self.detect(rgb)
        if not faces:
            return []
        image = np.ascontiguousarray(rgb)
        with self._lock:
            return [
                FaceObservation(f, self._embed(image, f) if self.identifiable(f) else None, frame)
                for f in faces
            ]


def similarity(a: Embedding, b: Embedding) -> float:
    """Cosine similarity of two normalised embeddings (1 = identical)."""
    return float(np.dot(a, b))
