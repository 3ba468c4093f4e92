"""YuNet face detection, run by onnxruntime or by OpenCV, behind one small interface.

``OrtYuNet`` runs the shipped int8 YuNet (2023mar) from its float32 rewrite
(:func:`postguard.faces.models.float_yunet`) in onnxruntime on one thread and decodes
its outputs in NumPy exactly as OpenCV's ``FaceDetectorYN`` does
(``FaceDetectorYNImpl::postProcess`` in ``modules/objdetect/src/face_detect.cpp``):

* the input is the image padded at the right and bottom with zeros to a multiple of 32,
  as a 1x3xHxW float blob in **BGR** order with no scaling or mean;
* for each stride s in 8, 16, 32 the graph gives, per anchor cell (row r, column c of
  the padded image / s), ``cls`` and ``obj`` (sigmoids), ``bbox`` (dx, dy, log w, log h)
  and ``kps`` (5 landmark offsets);
* score = sqrt(clip(cls, 0, 1) * clip(obj, 0, 1)), kept when >= the score threshold;
  centre = ((c + dx) * s, (r + dy) * s), size = (exp(log w) * s, exp(log h) * s),
  landmark k = ((kx + c) * s, (ky + r) * s);
* then ``cv2.dnn.NMSBoxes`` on the boxes truncated to integers (OpenCV builds
  ``Rect2i`` from them), highest score first, at most ``top_k`` faces.

``Cv2YuNet`` is OpenCV's own ``FaceDetectorYN`` on the int8 file (the baseline,
``EngineParams(detector="opencv")``). Both return YuNet's rows: ``(x, y, w, h, right eye
x, y, left eye x, y, nose x, y, right mouth corner x, y, left mouth corner x, y,
score)`` as an ``N x 15`` float32 array in the image's pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from postguard.faces.models import float_yunet, ort_session

Rows = npt.NDArray[np.float32]

#: YuNet's strides, and the multiple its input is padded to.
STRIDES = (8, 16, 32)
DIVISOR = 32
OUTPUTS = tuple(f"{kind}_{s}" for kind in ("cls", "obj", "bbox", "kps") for s in STRIDES)


class FaceDetector(Protocol):
    def detect(self, image: npt.NDArray[np.uint8], rgb: bool = False) -> Rows:
        """YuNet's rows (N x 15) for an H x W x 3 uint8 image, BGR unless ``rgb``."""
        ...


def _padded(size: int) -> int:
    return ((size - 1) // DIVISOR + 1) * DIVISOR


def blob(image: npt.NDArray[np.uint8], rgb: bool = False) -> npt.NDArray[np.float32]:
    """The 1x3xHxW BGR float32 input, zero-padded to a multiple of 32 (as cv2 builds it)."""
    height, width = image.shape[:2]
    out = np.zeros((1, 3, _padded(height), _padded(width)), dtype=np.float32)
    planes = image.transpose(2, 0, 1)
    out[0, :, :height, :width] = planes[::-1] if rgb else planes
    return out


def decode(
    outputs: dict[str, npt.NDArray[np.float32]],
    padded: tuple[int, int],
    score_threshold: float,
    nms_threshold: float,
    top_k: int,
) -> Rows:
    """YuNet's rows from the graph's outputs for a padded (height, width) input."""
    import cv2

    threshold = np.float32(score_threshold)
    parts: list[Rows] = []
    for stride in STRIDES:
        cols = padded[1] // stride
        cls = outputs[f"cls_{stride}"].reshape(-1)
        obj = outputs[f"obj_{stride}"].reshape(-1)
        score = np.sqrt(np.clip(cls, 0.0, 1.0) * np.clip(obj, 0.0, 1.0))
        keep = np.flatnonzero(score >= threshold)
        if keep.size == 0:
            continue
        c = (keep % cols).astype(np.float32)
        r = (keep // cols).astype(np.float32)
        s = np.float32(stride)
        bbox = outputs[f"bbox_{stride}"].reshape(-1, 4)[keep]
        kps = outputs[f"kps_{stride}"].reshape(-1, 10)[keep]
        rows = np.empty((keep.size, 15), dtype=np.float32)
        cx = (c + bbox[:, 0]) * s
        cy = (r + bbox[:, 1]) * s
        w = np.exp(bbox[:, 2]) * s
        h = np.exp(bbox[:, 3]) * s
        rows[:, 0] = cx - w / np.float32(2)
        rows[:, 1] = cy - h / np.float32(2)
        rows[:, 2] = w
        rows[:, 3] = h
        rows[:, 4:14:2] = (kps[:, 0::2] + c[:, None]) * s
        rows[:, 5:14:2] = (kps[:, 1::2] + r[:, None]) * s
        rows[:, 14] = score[keep]
        parts.append(rows)
    if not parts:
        return np.zeros((0, 15), dtype=np.float32)
    faces = np.concatenate(parts)
    if len(faces) == 1:
        return faces
    boxes = np.trunc(faces[:, :4]).astype(np.float64)
    kept = cv2.dnn.NMSBoxes(
        boxes.tolist(), faces[:, 14].tolist(), score_threshold, nms_threshold, 1.0, top_k
    )
    return faces[np.asarray(kept, dtype=np.intp).reshape(-1)]


class OrtYuNet:
    """YuNet from the float32 rewrite of the shipped int8 file, in onnxruntime (one thread)."""

    def __init__(
        self,
        path: Path,
        score_threshold: float,
        nms_threshold: float,
        top_k: int = 5000,
        threads: int = 1,
    ) -> None:
        self._session = ort_session(float_yunet(path), threads)
        self._input = self._session.get_inputs()[0].name
        self.score_threshold = score_threshold
        self.nms_threshold = nms_threshold
        self.top_k = top_k

    def detect(self, image: npt.NDArray[np.uint8], rgb: bool = False) -> Rows:
        data = blob(image, rgb)
        values = self._session.run(list(OUTPUTS), {self._input: data})
        outputs = dict(zip(OUTPUTS, values, strict=True))
        padded = (int(data.shape[2]), int(data.shape[3]))
        return decode(outputs, padded, self.score_threshold, self.nms_threshold, self.top_k)


class Cv2YuNet:
    """OpenCV's ``FaceDetectorYN`` on the shipped int8 file (the baseline)."""

    def __init__(
        self, path: Path, score_threshold: float, nms_threshold: float, top_k: int = 5000
    ) -> None:
        import cv2

        self._detector: Any = cv2.FaceDetectorYN.create(
            str(path), "", (320, 320), score_threshold, nms_threshold, top_k
        )

    def detect(self, image: npt.NDArray[np.uint8], rgb: bool = False) -> Rows:
        bgr = np.ascontiguousarray(image[:, :, ::-1] if rgb else image)
        height, width = bgr.shape[:2]
        self._detector.setInputSize((width, height))
        _, faces = self._detector.detect(bgr)
        if faces is None:
            return np.zeros((0, 15), dtype=np.float32)
        return np.asarray(faces, dtype=np.float32).reshape(-1, 15)
