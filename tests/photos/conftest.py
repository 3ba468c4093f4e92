"""Shared fixtures for the photo tests: real models, real photos composed at run time.

The deepface test photos (adults; evaluation and tests only) are read from
``../shared`` and never copied into the repository. Group photos are composed
in memory from face crops; certificates are drawn with Pillow.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from postguard.checker import Checker
from postguard.detectors.base import DetectionContext
from postguard.faces.engine import FaceEngine
from postguard.faces.gallery import MemoryGallery
from postguard.images.analyser import PhotoAnalyser
from postguard.images.intake import decode
from postguard.images.ocr import OcrEngine
from postguard.policy import load_policy
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex
from postguard.roster.models import Roster

REPO = Path(__file__).resolve().parents[2]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
TODAY = date(2026, 11, 24)

# Demo trust pupils (postguard.demo): consents as the bundled consents.csv has them.
CONSENTED = "E962401219121"  # Kwabena: social media and biometric granted
WITHDRAWN = "D962401218100"  # Hope: biometric granted, social media withdrawn 2026-10-12
REFUSED_ALL = "B962401216114"  # Priya: social media refused, biometric granted


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    assert FACES.is_dir(), f"deepface test photos not found at {FACES}"
    return FACES


@pytest.fixture(scope="session")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="session")
def ocr() -> OcrEngine:
    return OcrEngine()


@pytest.fixture(scope="session")
def demo_roster() -> Roster:
    from postguard.demo import demo_dir

    return load_roster(demo_dir())


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg(image: Image.Image, **kw: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **kw)
    return out.getvalue()


@dataclass(frozen=True)
class Placed:
    """Where a face was pasted in a composed photo."""

    name: str
    centre: tuple[float, float]
    size: int


_CROPS: dict[str, tuple[Image.Image, int]] = {}


def face_crop(faces_dir: Path, engine: FaceEngine, name: str, face_px: int) -> Image.Image:
    """The largest face of a deepface photo with a margin, scaled to a ``face_px``-wide face."""
    if name not in _CROPS:
        rgb = decode((faces_dir / name).read_bytes()).frames[0]
        face = max(engine.detect(rgb), key=lambda f: f.box.width * f.box.height).box
        margin = int(face.width * 0.6)
        x0, y0 = max(0, face.x - margin), max(0, face.y - margin)
        x1 = min(rgb.shape[1], face.x + face.width + margin)
        y1 = min(rgb.shape[0], face.y + face.height + margin)
        _CROPS[name] = (Image.fromarray(rgb[y0:y1, x0:x1]), face.width)
    crop, width = _CROPS[name]
    scale = face_px / width
    return crop.resize(
        (max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
        Image.Resampling.LANCZOS,
    )


Composer = Callable[..., tuple[Image.Image, list[Placed]]]


class Kit:
    """The helpers and constants photo tests share (tests import nothing from conftest)."""

    TODAY = TODAY
    CONSENTED = CONSENTED
    WITHDRAWN = WITHDRAWN
    REFUSED_ALL = REFUSED_ALL
    png = staticmethod(png)
    jpeg = staticmethod(jpeg)

    @staticmethod
    def certificate(lines: Sequence[str], size: tuple[int, int] = (1200, 850)) -> Image.Image:
        return certificate(lines, size)

    @staticmethod
    def nearest(placed: Sequence[Placed], box: tuple[int, int, int, int]) -> Placed:
        return nearest(placed, box)

    @staticmethod
    def checker(
        roster: Roster, gallery: MemoryGallery, engine: FaceEngine, ocr: OcrEngine | None = None
    ) -> Checker:
        return photo_checker(roster, gallery, engine, ocr)


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit


@pytest.fixture(scope="session")
def compose(faces_dir: Path, engine: FaceEngine) -> Composer:
    """Paste faces (name, face width in px) in a grid on a grey canvas (1280x960 by default)."""

    def _compose(
        faces: Sequence[tuple[str, int]], size: tuple[int, int] = (1280, 960)
    ) -> tuple[Image.Image, list[Placed]]:
        canvas = Image.new("RGB", size, (128, 132, 126))
        columns = 5 if len(faces) > 4 else len(faces)
        cell_w = size[0] // columns
        rows = (len(faces) + columns - 1) // columns
        cell_h = size[1] // rows
        placed = []
        for i, (name, size) in enumerate(faces):
            crop = face_crop(faces_dir, engine, name, size)
            crop.thumbnail((cell_w - 8, cell_h - 8))
            x = (i % columns) * cell_w + (cell_w - crop.width) // 2
            y = (i // columns) * cell_h + (cell_h - crop.height) // 2
            canvas.paste(crop, (x, y))
            placed.append(Placed(name, (x + crop.width / 2, y + crop.height / 2), size))
        return canvas, placed

    return _compose


def certificate(lines: Sequence[str], size: tuple[int, int] = (1200, 850)) -> Image.Image:
    """A plain certificate drawn with Pillow's text drawing."""
    image = Image.new("RGB", size, (250, 247, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(120, 90, 30), width=6)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 52)
    except OSError:
        font = ImageFont.load_default(size=52)
    y = 150
    for line in lines:
        draw.text((110, y), line, fill=(20, 20, 20), font=font)
        y += 140
    return image


def nearest(placed: Sequence[Placed], box: tuple[int, int, int, int]) -> Placed:
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    return min(placed, key=lambda p: float(np.hypot(p.centre[0] - cx, p.centre[1] - cy)))


def photo_checker(
    roster: Roster,
    gallery: MemoryGallery,
    engine: FaceEngine,
    ocr: OcrEngine | None = None,
) -> Checker:
    context = DetectionContext(
        roster=roster,
        names=RosterIndex.build(roster, today=TODAY),
        today=TODAY,
        photos=PhotoAnalyser(faces=engine, gallery=gallery, ocr=ocr),
    )
    return Checker(load_policy(None), context)
