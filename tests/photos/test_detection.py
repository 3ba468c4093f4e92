"""Face detection sized for group photos: small faces, large photos, no duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postguard.faces.engine import FaceEngine
from postguard.images.intake import decode

# Twenty different photos, one face each (deepface set).
PEOPLE = [
    "img1.jpg", "img2.jpg", "img5.jpg", "img8.jpg", "img9.jpg", "img12.jpg", "img14.jpg",
    "img16.jpg", "img18.jpg", "img20.jpg", "img24.jpg", "img26.jpg", "img28.jpg", "img29.jpg",
    "img34.jpg", "img36.jpg", "img39.jpg", "img42.jpg", "img53.jpg", "img58.jpg",
]  # fmt: skip


@pytest.mark.parametrize(
    "face_px, count, size",
    [
        (24, 20, (1280, 960)),  # a class photo: 20 faces of 24 px
        (20, 20, (1280, 960)),  # the smallest size
        (64, 20, (1280, 960)),
        (24, 20, (4000, 3000)),  # a 12 MP phone photo: found by tiling
        (400, 3, (4000, 3000)),  # large faces in a large photo: found once each
        (160, 2, (500, 400)),  # a small photo is upscaled first
    ],
)
def test_every_face_is_found_once(
    engine: FaceEngine, compose: Any, kit: Any, face_px: int, count: int, size: tuple[int, int]
) -> None:
    image, placed = compose([(name, face_px) for name in PEOPLE[:count]], size)
    faces = engine.detect(decode(kit.png(image)).frames[0])
    assert len(faces) == count
    found = {kit.nearest(placed, (f.box.x, f.box.y, f.box.width, f.box.height)).name for f in faces}
    assert found == {p.name for p in placed}
    for f in faces:
        assert 0.6 * face_px <= f.box.width <= 1.6 * face_px


@pytest.mark.parametrize("name, count", [("couple.jpg", 2), ("img20.jpg", 1), ("img4.jpg", 1)])
def test_faces_in_real_photos(engine: FaceEngine, faces_dir: Path, name: str, count: int) -> None:
    assert len(engine.detect(decode((faces_dir / name).read_bytes()).frames[0])) == count


def test_embeddings_are_normalised_and_match_the_same_person(
    engine: FaceEngine, faces_dir: Path
) -> None:
    def embed(name: str) -> Any:
        [face] = engine.analyse(decode((faces_dir / name).read_bytes()).frames[0])
        return face.embedding

    a, b, other = embed("img16.jpg"), embed("img17.jpg"), embed("img36.jpg")
    assert a.shape == (128,) and abs(float((a * a).sum()) - 1.0) < 1e-4
    assert float(a @ b) > 0.45 > float(a @ other)
