"""YuNet in onnxruntime (float32 rewrite + NumPy decoding) finds the same faces as cv2's.

Compared through the whole engine (upscaling of small photos, tiling of large ones), with
``EngineParams(detector="opencv")`` (``cv2.FaceDetectorYN`` on the int8 file) as the
reference: on every deepface test photo, on the composed group photos of
``bench/faces_bench.py`` and on a 4000x3000 class photo, the same number of faces, each
cv2 face matched by one with box IoU >= 0.9 and a score within 0.02. The photos are
composed in memory from ``../shared`` at test time, never stored.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import onnx
import pytest

from postguard.faces.engine import DetectedFace, EngineParams, FaceEngine, _iou
from postguard.faces.models import FaceModelError, float_yunet, load_models
from postguard.faces.yunet import OUTPUTS, OrtYuNet, blob, decode
from postguard.images.intake import decode as decode_image

BENCH = Path(__file__).resolve().parents[2] / "bench" / "faces_bench.py"


@pytest.fixture(scope="module")
def reference() -> FaceEngine:
    return FaceEngine(EngineParams(detector="opencv"))


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("faces_bench_for_tests", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_crops(bench: ModuleType, reference: FaceEngine) -> Any:
    return bench._crops(reference)


def _differences(ours: Sequence[DetectedFace], theirs: Sequence[DetectedFace]) -> list[str]:
    """Why two face lists are not the same faces (empty when they are)."""
    if len(ours) != len(theirs):
        return [f"{len(ours)} faces instead of cv2's {len(theirs)}"]
    problems = []
    unmatched = list(ours)
    for face in theirs:
        best = max(unmatched, key=lambda f: _iou(f.row, face.row))
        iou = _iou(best.row, face.row)
        if iou < 0.9 or abs(best.score - face.score) > 0.02:
            problems.append(f"{face.box}: IoU {iou:.3f}, score {best.score:.3f}/{face.score:.3f}")
        unmatched.remove(best)
    return problems


def test_the_float_graph_has_no_quantised_weights_and_a_free_input_size() -> None:
    model = onnx.load_from_string(float_yunet(load_models().detector_path))
    assert "DequantizeLinear" not in {node.op_type for node in model.graph.node}
    [image] = model.graph.input
    dims = image.type.tensor_type.shape.dim
    assert [d.dim_value for d in dims[:2]] == [1, 3]
    assert all(d.dim_param and not d.dim_value for d in dims[2:])
    assert sorted(o.name for o in model.graph.output) == sorted(OUTPUTS)
    onnx.checker.check_model(model)


def test_every_deepface_photo_gives_the_same_faces_as_cv2(
    engine: FaceEngine, reference: FaceEngine, faces_dir: Path
) -> None:
    assert engine.params.detector == "onnxruntime"  # the default
    photos = sorted(faces_dir.glob("*.jpg"))
    assert len(photos) >= 60
    problems: dict[str, list[str]] = {}
    counted = 0
    for path in photos:
        rgb = decode_image(path.read_bytes()).frames[0]
        ours, theirs = engine.detect(rgb), reference.detect(rgb)
        counted += len(theirs)
        if found := _differences(ours, theirs):
            problems[path.name] = found
    assert problems == {}
    assert counted >= len(photos)  # every photo has at least one face


@pytest.mark.parametrize(
    ("count", "face_px"), [(1, 240), (20, 64), (20, 24)], ids=["1x240px", "20x64px", "20x24px"]
)
def test_the_bench_group_photos_give_the_same_faces_as_cv2(
    engine: FaceEngine,
    reference: FaceEngine,
    bench: Any,
    bench_crops: Any,
    count: int,
    face_px: int,
) -> None:
    rgb = bench._compose(bench_crops, count, face_px)
    ours, theirs = engine.detect(rgb), reference.detect(rgb)
    assert len(theirs) == count  # cv2 finds every face placed...
    assert _differences(ours, theirs) == []  # ...and so do we, the same boxes and scores


def test_a_large_class_photo_tiled_gives_the_same_faces_as_cv2(
    engine: FaceEngine, reference: FaceEngine, compose: Any
) -> None:
    names = ["img1.jpg", "img5.jpg", "img9.jpg", "img16.jpg", "img29.jpg"] * 4
    image, _ = compose([(name, 24) for name in names], (4000, 3000))
    rgb = np.asarray(image, dtype=np.uint8)
    ours, theirs = engine.detect(rgb), reference.detect(rgb)
    assert len(theirs) == 20
    assert _differences(ours, theirs) == []


def test_bgr_and_rgb_input_give_the_same_rows(faces_dir: Path) -> None:
    detector = load_models().create_detector(0.6, 0.3)
    assert isinstance(detector, OrtYuNet)
    rgb = decode_image((faces_dir / "couple.jpg").read_bytes()).frames[0]
    from_rgb = detector.detect(rgb, rgb=True)
    from_bgr = detector.detect(np.ascontiguousarray(rgb[:, :, ::-1]))
    assert len(from_rgb) == 2
    assert np.array_equal(from_rgb, from_bgr)


def test_the_blob_is_bgr_float_unscaled_and_zero_padded_to_32() -> None:
    rgb = np.zeros((33, 40, 3), dtype=np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 10, 20, 30
    data = blob(rgb, rgb=True)
    assert data.shape == (1, 3, 64, 64) and data.dtype == np.float32
    assert [float(data[0, c, 0, 0]) for c in range(3)] == [30.0, 20.0, 10.0]
    assert not data[0, :, 33:, :].any() and not data[0, :, :, 40:].any()


def test_decoding_follows_opencvs_formulas() -> None:
    """One anchor above the threshold at stride 16 (row 1, column 2 of a 64x96 input)."""
    padded = (64, 96)
    outputs: dict[str, Any] = {}
    for stride in (8, 16, 32):
        cells = (padded[0] // stride) * (padded[1] // stride)
        outputs[f"cls_{stride}"] = np.full((1, cells, 1), 0.5, np.float32)
        outputs[f"obj_{stride}"] = np.full((1, cells, 1), 0.1, np.float32)
        outputs[f"bbox_{stride}"] = np.zeros((1, cells, 4), np.float32)
        outputs[f"kps_{stride}"] = np.zeros((1, cells, 10), np.float32)
    cell = 1 * (96 // 16) + 2
    outputs["cls_16"][0, cell] = 1.2  # clipped to 1
    outputs["obj_16"][0, cell] = 0.81
    outputs["bbox_16"][0, cell] = [0.5, 0.25, np.log(2.0), 0.0]
    outputs["kps_16"][0, cell] = [0.1 * k for k in range(10)]

    [row] = decode(outputs, padded, 0.6, 0.3, 5000)

    centre_x, centre_y, width, height = (2 + 0.5) * 16, (1 + 0.25) * 16, 2.0 * 16, 16.0
    assert row[:4] == pytest.approx(
        [centre_x - width / 2, centre_y - height / 2, width, height], abs=1e-4
    )
    marks = [((0.1 * (2 * k) + 2) * 16, (0.1 * (2 * k + 1) + 1) * 16) for k in range(5)]
    assert row[4:14] == pytest.approx([v for mark in marks for v in mark], abs=1e-4)
    assert row[14] == pytest.approx(0.9)  # sqrt(clip(1.2) * 0.81)


def test_overlapping_boxes_keep_the_best_and_an_empty_output_gives_no_rows() -> None:
    padded = (32, 32)
    outputs: dict[str, Any] = {}
    for stride in (8, 16, 32):
        cells = (32 // stride) ** 2
        outputs[f"cls_{stride}"] = np.zeros((1, cells, 1), np.float32)
        outputs[f"obj_{stride}"] = np.zeros((1, cells, 1), np.float32)
        outputs[f"bbox_{stride}"] = np.zeros((1, cells, 4), np.float32)
        outputs[f"kps_{stride}"] = np.zeros((1, cells, 10), np.float32)
    assert decode(outputs, padded, 0.6, 0.3, 5000).shape == (0, 15)
    # Two neighbouring stride-8 anchors, boxes 32 px wide: nearly the same face.
    outputs["bbox_8"][0, :, 2:] = np.log(4.0)
    outputs["cls_8"][0, [0, 1]] = 1.0
    outputs["obj_8"][0, [0, 1]] = [[0.7], [0.9]]
    rows = decode(outputs, padded, 0.6, 0.3, 5000)
    assert len(rows) == 1 and rows[0, 14] == pytest.approx(np.sqrt(0.9))


def test_an_unknown_detector_backend_is_refused() -> None:
    with pytest.raises(FaceModelError, match="unknown YuNet backend"):
        load_models().create_detector(0.6, 0.3, "tensorflow")
