"""SFace on onnxruntime (the int8 file rewritten as float32 in memory) and the identifiable size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import onnx
import pytest

from postguard.content import Content, Image
from postguard.faces.engine import MIN_IDENTIFIABLE_PX, EngineParams, FaceEngine
from postguard.faces.gallery import MemoryGallery, Person, PersonKind
from postguard.faces.models import FaceModelError, float_sface, load_models
from postguard.faces.setup import face_list
from postguard.images.intake import decode
from postguard.roster.models import Roster

CONSENTED = "E962401219121"  # demo pupil: social media and Biometric granted


def test_the_float_graph_has_no_quantised_weights_no_prelu_and_one_input() -> None:
    model = onnx.load_from_string(float_sface(load_models().recogniser_path))
    ops = {node.op_type for node in model.graph.node}
    assert not ops & {"DequantizeLinear", "PRelu"}
    assert [i.name for i in model.graph.input] == ["data"]
    onnx.checker.check_model(model)


def test_onnxruntime_embeddings_equal_opencvs_on_the_int8_file(
    engine: FaceEngine, faces_dir: Path
) -> None:
    opencv = FaceEngine(EngineParams(embedder="opencv"))
    for name in ("img1.jpg", "img16.jpg", "img29.jpg", "couple.jpg"):
        rgb = decode((faces_dir / name).read_bytes()).frames[0]
        for face in engine.detect(rgb):
            assert float(engine.embed(rgb, face) @ opencv.embed(rgb, face)) >= 0.999


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(FaceModelError, match="unknown SFace backend"):
        load_models().create_embedder("tensorflow")


def test_a_face_too_small_to_identify_is_found_but_never_cleared(
    engine: FaceEngine, compose: Any, kit: Any, demo_roster: Roster, faces_dir: Path
) -> None:
    """The same consented, enrolled pupil twice: at 120 px cleared, at 16 px unknown."""
    [reference] = engine.analyse(decode((faces_dir / "img17.jpg").read_bytes()).frames[0])
    assert reference.embedding is not None
    gallery = MemoryGallery()
    gallery.add(Person(PersonKind.PUPIL, CONSENTED), [reference.embedding])
    image, placed = compose([("img16.jpg", 120), ("img16.jpg", 16)], (500, 400))
    data = kit.png(image)

    observations = engine.analyse(decode(data).frames[0])
    widths = sorted(o.face.box.width for o in observations)
    assert len(widths) == 2 and widths[0] < MIN_IDENTIFIABLE_PX <= widths[1]
    small = min(observations, key=lambda o: o.face.box.width)
    assert small.embedding is None  # never embedded, so never matched

    checker = kit.checker(demo_roster, gallery, engine)
    content = Content(text="Sports day!", images=(Image(0, data, "p.png"),))
    verdict = checker.check(content)
    faces = sorted(
        (f.detection for f in verdict.findings if f.kind == "face"),
        key=lambda d: d.location.box.width if d.location.box else 0,
    )
    assert [(d.subtype, d.attributes["upn"]) for d in faces] == [("unknown", None)]
    assert "too small to identify" in faces[0].explanation
    assert verdict.outcome.value == "review"
    listed = sorted(face_list(content, checker.context), key=lambda f: f["box"][2])
    assert [(f["status"], f["upn"]) for f in listed] == [
        ("unknown", None),
        ("consented", CONSENTED),
    ]


def test_aligning_on_the_rgb_photo_gives_the_same_pixels_as_on_the_bgr_copy(
    engine: FaceEngine, faces_dir: Path
) -> None:
    """The engine aligns on the RGB photo (no full-photo BGR copy): ``alignCrop`` is a warp."""
    import numpy as np

    recogniser = load_models().create_recogniser()
    rgb = decode((faces_dir / "couple.jpg").read_bytes()).frames[0]
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    faces = engine.detect(rgb)
    assert len(faces) == 2
    for face in faces:
        row = np.asarray(face.row, dtype=np.float32).reshape(1, 15)
        from_rgb = recogniser.alignCrop(np.ascontiguousarray(rgb), row)
        from_bgr = recogniser.alignCrop(bgr, row)
        assert from_rgb.shape == (112, 112, 3)
        assert np.array_equal(from_rgb, from_bgr[:, :, ::-1])
