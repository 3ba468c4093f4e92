"""What the tone model costs a post check: the unprofessional detector with and without it.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 .venv/bin/python bench/tone_bench.py

Runs the detector over the 220 northfield dev posts (texts in memory), rules alone and
rules + tone model, three rounds each, and prints the median and p99 milliseconds per
post and the posts per second of each, with the ratio; then the encoder and model load
time in a fresh interpreter.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector, UnprofessionalParams

REPO = Path(__file__).resolve().parents[1]
POSTS = REPO.parent / "shared" / "data" / "northfield" / "posts.jsonl"
_LOAD = (
    "import time; t = time.perf_counter(); "
    "from postguard.language.tone import tone_model; tone_model(); "
    "print(round(time.perf_counter() - t, 3))"
)


def timings(detector: UnprofessionalDetector, texts: list[str]) -> list[float]:
    ctx = DetectionContext()
    out: list[float] = []
    for _ in range(3):
        for text in texts:
            t0 = time.perf_counter()
            detector.detect(post(text), ctx)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    lines = POSTS.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line]
    with_tone = UnprofessionalDetector()
    with_tone.detect(post(texts[0]), DetectionContext())  # load once, outside the timing
    result: dict[str, dict[str, float]] = {}
    for name, detector in (
        ("rules", UnprofessionalDetector(UnprofessionalParams(tone=False))),
        ("rules_and_tone", with_tone),
    ):
        ms = timings(detector, texts)
        result[name] = {
            "median_ms": round(statistics.median(ms), 2),
            "p99_ms": round(statistics.quantiles(ms, n=100)[98], 2),
            "posts_per_second": round(1000 * len(ms) / sum(ms), 1),
        }
    result["ratio"] = {
        "median": round(result["rules_and_tone"]["median_ms"] / result["rules"]["median_ms"], 1)
    }
    load = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    result["load"] = {"tone_model_and_encoder_seconds": float(load.stdout.strip())}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
