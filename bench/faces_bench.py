"""Photo check speed on one core: faces (YuNet + SFace + matching), OCR, and dlib's HOG beside it.

    OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python bench/faces_bench.py [--repeat 7] [--json OUT]

Test photos are composed in memory at 1280x960 from the deepface test photos
(read from ``../shared`` at run time, never copied): one face of 240 px; a
group of 20 faces of 64 px; a class photo of 20 faces of 24 px. For each we
report the median wall time of detection, embedding every face and matching
each against a gallery of 1,000 enrolled embeddings, and the faces found, with
YuNet and SFace run by onnxruntime (PostGuard's default: the int8 files dequantised
to float32 in memory) and, in the same run, the baselines: YuNet in cv2 with SFace
in onnxruntime (the previous default), and both in cv2 on the int8 files.
OCR time is measured on the group photo and on a drawn certificate. dlib's HOG
detector (``pip install dlib-bin``; not a PostGuard dependency) runs on the same
images with 0 and 1 upsampling steps: faces found and time. Model load times are
reported separately (first use in this process).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from postguard.faces.engine import EngineParams, FaceEngine  # noqa: E402
from postguard.faces.gallery import MemoryGallery, Person, PersonKind  # noqa: E402
from postguard.images.intake import Pixels, decode  # noqa: E402
from postguard.images.ocr import OcrEngine  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
PEOPLE = [
    "img1.jpg", "img2.jpg", "img5.jpg", "img8.jpg", "img9.jpg", "img12.jpg", "img14.jpg",
    "img16.jpg", "img18.jpg", "img20.jpg", "img24.jpg", "img26.jpg", "img28.jpg", "img29.jpg",
    "img34.jpg", "img36.jpg", "img39.jpg", "img42.jpg", "img53.jpg", "img58.jpg",
]  # fmt: skip


def _crops(engine: FaceEngine) -> dict[str, tuple[Image.Image, int]]:
    crops = {}
    for name in PEOPLE:
        rgb = decode((FACES / name).read_bytes()).frames[0]
        box = max(engine.detect(rgb), key=lambda f: f.box.width * f.box.height).box
        m = int(box.width * 0.6)
        x0, y0 = max(0, box.x - m), max(0, box.y - m)
        crop = rgb[y0 : box.y + box.height + m, x0 : box.x + box.width + m]
        crops[name] = (Image.fromarray(crop), box.width)
    return crops


def _compose(crops: dict[str, tuple[Image.Image, int]], count: int, face_px: int) -> Pixels:
    canvas = Image.new("RGB", (1280, 960), (128, 132, 126))
    columns = min(count, 5)
    rows = (count + columns - 1) // columns
    cell_w, cell_h = 1280 // columns, 960 // rows
    for i, name in enumerate(PEOPLE[:count]):
        crop, width = crops[name]
        scale = face_px / width
        small = crop.resize((round(crop.width * scale), round(crop.height * scale)))
        small.thumbnail((cell_w - 8, cell_h - 8))
        x = (i % columns) * cell_w + (cell_w - small.width) // 2
        y = (i // columns) * cell_h + (cell_h - small.height) // 2
        canvas.paste(small, (x, y))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=90)
    return decode(out.getvalue()).frames[0]


def _certificate() -> Pixels:
    image = Image.new("RGB", (1280, 960), (250, 247, 236))
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 52)
    except OSError:
        font = ImageFont.load_default(size=52)
    for i, line in enumerate(["Certificate of Achievement", "Awarded to Alex Example", "Year 6"]):
        draw.text((120, 200 + 160 * i), line, fill=(20, 20, 20), font=font)
    return np.asarray(image, dtype=np.uint8).copy()


def _median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    import cv2

    cv2.setNumThreads(1)
    engine = FaceEngine()
    start = time.perf_counter()
    engine.detect(np.zeros((64, 64, 3), dtype=np.uint8))
    load_faces_ms = round((time.perf_counter() - start) * 1000, 1)

    gallery = MemoryGallery()
    rng = np.random.default_rng(0)
    for i in range(1000):
        v = rng.normal(size=128).astype(np.float32)
        gallery.add(Person(PersonKind.PUPIL, f"P{i:05d}"), [v / np.linalg.norm(v)])

    crops = _crops(engine)
    photos = {
        "1 face of 240 px": (_compose(crops, 1, 240), 1),
        "20 faces of 64 px": (_compose(crops, 20, 64), 20),
        "20 faces of 24 px": (_compose(crops, 20, 24), 20),
    }
    result: dict[str, Any] = {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "model_load_ms": {"yunet+sface": load_faces_ms},
        "photos": {},
    }

    try:
        import dlib

        hog: Any = dlib.get_frontal_face_detector()
    except ImportError:
        hog = None

    yunet_cv2 = FaceEngine(EngineParams(detector="opencv"))
    all_cv2 = FaceEngine(EngineParams(detector="opencv", embedder="opencv"))

    def check(e: FaceEngine, rgb: Pixels) -> list[Any]:
        return [gallery.match(o.embedding) for o in e.analyse(rgb) if o.embedding is not None]

    for label, (rgb, placed) in photos.items():
        detect_ms, faces = _median_ms(lambda rgb=rgb: engine.detect(rgb), args.repeat)
        cv_detect_ms, cv_faces = _median_ms(lambda rgb=rgb: yunet_cv2.detect(rgb), args.repeat)
        total_ms, _ = _median_ms(lambda rgb=rgb: check(engine, rgb), args.repeat)
        before_ms, _ = _median_ms(lambda rgb=rgb: check(yunet_cv2, rgb), args.repeat)
        cv_ms, _ = _median_ms(lambda rgb=rgb: check(all_cv2, rgb), args.repeat)
        row: dict[str, Any] = {
            "faces_placed": placed,
            "yunet_faces_found": len(faces),
            "yunet_faces_found_opencv": len(cv_faces),
            "faces_embedded": sum(1 for f in faces if engine.identifiable(f)),
            "detect_ms": detect_ms,
            "detect_ms_yunet_opencv": cv_detect_ms,
            "detect_speedup": round(cv_detect_ms / detect_ms, 2),
            "detect_embed_match_ms": total_ms,
            "detect_embed_match_ms_yunet_opencv": before_ms,
            "detect_embed_match_ms_all_opencv": cv_ms,
            "speedup_vs_yunet_opencv": round(before_ms / total_ms, 2),
        }
        if hog is not None:
            gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
            for upsample in (0, 1):
                ms, boxes = _median_ms(lambda g=gray, u=upsample: hog(g, u), args.repeat)
                row[f"dlib_hog_upsample{upsample}"] = {"faces_found": len(boxes), "ms": ms}
        result["photos"][label] = row

    ocr = OcrEngine()
    start = time.perf_counter()
    ocr.read(np.full((64, 64, 3), 255, dtype=np.uint8))
    result["model_load_ms"]["rapidocr"] = round((time.perf_counter() - start) * 1000, 1)
    ocr_group_ms, _ = _median_ms(lambda: ocr.read(photos["20 faces of 64 px"][0]), 3)
    ocr_cert_ms, lines = _median_ms(lambda: ocr.read(_certificate()), 3)
    result["ocr"] = {
        "group_photo_1280x960_ms": ocr_group_ms,
        "certificate_1280x960_ms": ocr_cert_ms,
        "certificate_lines_read": [line.text for line in lines],
    }
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
