"""Face matching and detection quality on the deepface test photos (adults; evaluation only).

    OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python bench/faces_eval.py [--json OUT]

* Detection recall: the share of the 64 photos (every one shows at least one
  face) where YuNet finds a face, plus the face counts on ``couple.jpg`` (2)
  and ``selfie-many-people.jpg``.
* Matching: each photo's largest face is embedded with SFace; the labelled pairs
  of ``master.csv`` and ``face-recognition-pivot.csv`` (deduplicated) are scored
  by cosine similarity. We report the true-accept rate (TAR) at the lowest
  threshold whose false-accept rate (FAR) is <= 0.1 %, <= 1 %, and at PostGuard's
  clearing and blocking thresholds (``postguard.faces.decision``). With 380 labelled
  different-person pairs, FAR <= 0.1 % means no false accept at all, so the
  script also scores every cross-cluster pair of ``identity_clusters_derived.csv``
  (1,690 different-person pairs) for a finer FAR estimate.
* Backends: PostGuard runs YuNet and SFace with onnxruntime on float32 rewrites of
  the int8 files (``postguard.faces.models.float_yunet`` / ``float_sface``). Against
  cv2's own (``EngineParams(detector="opencv", embedder="opencv")``, int8 files) we
  report, per photo, whether both find the same number of faces, the lowest box IoU
  and the largest score difference between matched faces, and the cosine between the
  two embeddings of every photo's largest face.
* Identifiable size: each clustered photo is shrunk so its face is N px wide,
  detected and embedded again, and scored against the other photos at full size:
  TAR/FAR at the clearing and blocking thresholds per N. Faces narrower than
  ``MIN_IDENTIFIABLE_PX`` are not embedded (always ``unknown``).

The photos are read from ``../shared`` at run time and never copied anywhere.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from pathlib import Path

import numpy as np

from postguard.faces.decision import MATCH_THRESHOLD, SUSPECT_THRESHOLD
from postguard.faces.engine import (
    MIN_IDENTIFIABLE_PX,
    DetectedFace,
    Embedding,
    EngineParams,
    FaceEngine,
    _iou,
)
from postguard.images.intake import decode

REPO = Path(__file__).resolve().parents[1]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"


def _pairs() -> dict[tuple[str, str], bool]:
    pairs: dict[tuple[str, str], bool] = {}
    for name in ("master.csv", "face-recognition-pivot.csv"):
        with (FACES / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                x, y = Path(row["file_x"]).name, Path(row["file_y"]).name
                same = (row.get("Decision") or row.get("decision")) == "Yes"
                pairs[tuple(sorted((x, y)))] = same  # type: ignore[index]
    return pairs


def _tar_at(same: np.ndarray, diff: np.ndarray, max_far: float) -> tuple[float, float, float]:
    """(threshold, TAR, FAR) at the lowest threshold whose FAR <= max_far."""
    best = (1.0, 0.0, 0.0)
    for t in sorted(set(np.round(np.concatenate([same, diff]), 4).tolist()), reverse=True):
        far = float(np.mean(diff >= t)) if len(diff) else 0.0
        if far > max_far:
            break
        best = (t, float(np.mean(same >= t)), far)
    return best


def _rates(same: np.ndarray, diff: np.ndarray, t: float) -> tuple[float, float]:
    return float(np.mean(same >= t)), float(np.mean(diff >= t))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not FACES.is_dir():
        print(f"deepface test photos not found at {FACES}", file=sys.stderr)
        return 2
    import cv2

    engine = FaceEngine(EngineParams(min_identifiable=0))
    opencv = FaceEngine(EngineParams(min_identifiable=0, detector="opencv", embedder="opencv"))
    same_count: list[str] = []
    differing: list[str] = []
    ious: list[float] = []
    score_gaps: list[float] = []

    def compare(name: str, ours: list[DetectedFace], theirs: list[DetectedFace]) -> None:
        if len(ours) != len(theirs):
            differing.append(name)
            return
        same_count.append(name)
        for face in theirs:
            best = max(ours, key=lambda f: _iou(f.row, face.row))
            ious.append(_iou(best.row, face.row))
            score_gaps.append(abs(best.score - face.score))

    embeddings: dict[str, Embedding] = {}
    counts: dict[str, int] = {}
    photos: dict[str, tuple[np.ndarray, int]] = {}
    backend_cosines = []
    for path in sorted(FACES.glob("*.jpg")):
        rgb = decode(path.read_bytes()).frames[0]
        faces = engine.detect(rgb)
        counts[path.name] = len(faces)
        compare(path.name, faces, opencv.detect(rgb))
        if faces:
            largest = max(faces, key=lambda f: f.box.width * f.box.height)
            embeddings[path.name] = engine.embed(rgb, largest)
            backend_cosines.append(float(embeddings[path.name] @ opencv.embed(rgb, largest)))
            photos[path.name] = (rgb, largest.box.width)
    found = sum(1 for n in counts.values() if n > 0)
    missed = sorted(name for name, n in counts.items() if n == 0)

    def scores(pairs: list[tuple[str, str]]) -> np.ndarray:
        return np.array(
            [float(np.dot(embeddings[a], embeddings[b])) for a, b in pairs],
            dtype=np.float64,
        )

    labelled = _pairs()
    usable = {p: s for p, s in labelled.items() if p[0] in embeddings and p[1] in embeddings}
    same = scores([p for p, s in usable.items() if s])
    diff = scores([p for p, s in usable.items() if not s])

    clusters: dict[str, str] = {}
    with (FACES / "identity_clusters_derived.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            clusters[row["file"]] = row["cluster_id"]
    members = sorted(f for f in clusters if f in embeddings)
    all_pairs = list(itertools.combinations(members, 2))
    c_same = scores([(a, b) for a, b in all_pairs if clusters[a] == clusters[b]])
    c_diff = scores([(a, b) for a, b in all_pairs if clusters[a] != clusters[b]])

    result = {
        "photos": len(counts),
        "photos_with_a_face_found": found,
        "detection_recall": round(found / len(counts), 4),
        "missed": missed,
        "faces_in_couple": counts.get("couple.jpg"),
        "faces_in_selfie_many_people": counts.get("selfie-many-people.jpg"),
        "labelled_pairs": {"same": len(same), "different": len(diff)},
        "cluster_pairs": {"same": len(c_same), "different": len(c_diff)},
        "threshold": MATCH_THRESHOLD,
        "suspect_threshold": SUSPECT_THRESHOLD,
    }
    for label, s, d in (("labelled", same, diff), ("clusters", c_same, c_diff)):
        for max_far in (0.001, 0.01):
            t, tar, far = _tar_at(s, d, max_far)
            result[f"{label}_tar_at_far_{max_far}"] = {
                "threshold": round(t, 4),
                "tar": round(tar, 4),
                "far": round(far, 5),
            }
        tar, far = _rates(s, d, MATCH_THRESHOLD)
        result[f"{label}_at_postguard_threshold"] = {"tar": round(tar, 4), "far": round(far, 5)}
        tar, far = _rates(s, d, SUSPECT_THRESHOLD)
        result[f"{label}_at_suspect_threshold"] = {"tar": round(tar, 4), "far": round(far, 5)}
        result[f"{label}_max_different_score"] = round(float(d.max()), 4)
        result[f"{label}_min_same_score"] = round(float(s.min()), 4)
    result["sface_onnxruntime_vs_opencv_int8_cosine"] = {
        "min": round(min(backend_cosines), 6),
        "mean": round(float(np.mean(backend_cosines)), 6),
        "faces": len(backend_cosines),
    }
    result["min_identifiable_px"] = MIN_IDENTIFIABLE_PX
    by_size = {}
    for size in (16, 20, 24, 32, 48):
        small: dict[str, Embedding] = {}
        for name in members:
            rgb, width = photos[name]
            if size >= width:
                small[name] = embeddings[name]
                continue
            shrunk = cv2.resize(rgb, None, fx=size / width, fy=size / width, interpolation=3)
            found = engine.detect(shrunk)
            compare(f"{name}@{size}px", found, opencv.detect(shrunk))
            if found:
                face = max(found, key=lambda f: f.box.width * f.box.height)
                small[name] = engine.embed(shrunk, face)
        pairs = [(a, b) for a in small for b in members if a != b]
        s_same = np.array(
            [small[a] @ embeddings[b] for a, b in pairs if clusters[a] == clusters[b]]
        )
        s_diff = np.array(
            [small[a] @ embeddings[b] for a, b in pairs if clusters[a] != clusters[b]]
        )
        by_size[f"{size}px"] = {
            "detected": f"{len(small)}/{len(members)}",
            "tar_at_clearing": round(float(np.mean(s_same >= MATCH_THRESHOLD)), 4),
            "far_at_clearing": round(float(np.mean(s_diff >= MATCH_THRESHOLD)), 5),
            "tar_at_suspect": round(float(np.mean(s_same >= SUSPECT_THRESHOLD)), 4),
            "far_at_suspect": round(float(np.mean(s_diff >= SUSPECT_THRESHOLD)), 5),
        }
    result["shrunk_faces"] = by_size
    result["yunet_onnxruntime_vs_opencv_int8"] = {
        "photos_same_face_count": len(same_count),
        "photos_differing": differing,
        "faces_compared": len(ious),
        "min_box_iou": round(min(ious), 6),
        "max_score_difference": round(max(score_gaps), 6),
        "note": "64 photos at their own size plus each clustered photo shrunk per size",
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
