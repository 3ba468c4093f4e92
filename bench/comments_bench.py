"""Comment classifier speed: comments per second one at a time and batched, and model load time.

Both paths: ``fast`` (rules and the linear models: the bulk back-fill path) and ``deep``
(the default: the second reader reads again the comments that could still be a concern).

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 \\
        .venv/bin/python bench/comments_bench.py [--n 20000] [--batch 512] [--roster]

Rates are per CPU second of this process (``time.process_time``), so a busy
shared machine does not distort them; wall-clock rates are printed alongside.
The comments are the 260 northfield comments repeated to ``--n`` (texts stay in
memory; nothing is printed but timings). ``--roster`` adds the northfield roster
and its name index to the context, as ``postguard eval`` does (personal data then
runs the names index and the PII detector on every comment). Load time is
measured in a fresh interpreter: import, then loading both shipped models.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from postguard.content import comment
from postguard.detectors.base import DetectionContext
from postguard.language.classifier import classify_batch

REPO = Path(__file__).resolve().parents[1]
NORTHFIELD = REPO.parent / "shared" / "data" / "northfield"

_LOAD = (
    "import time; t0 = time.perf_counter(); "
    "from postguard.language.model import concern_model, toxicity_model; "
    "from postguard.language.second_read import second_reader; "
    "t1 = time.perf_counter(); toxicity_model(); concern_model(); second_reader(); "
    "t2 = time.perf_counter(); "
    "print(f'{t1 - t0:.4f} {t2 - t1:.4f}')"
)


def load_times(repeats: int = 5) -> tuple[float, float]:
    """Best (import seconds, model-load seconds) over fresh interpreters."""
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True)
        imp, load = (float(x) for x in out.stdout.split())
        best = (min(best[0], imp), min(best[1], load))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--single", type=int, default=3000, help="comments for the one-at-a-time run")
    ap.add_argument("--roster", action="store_true")
    args = ap.parse_args()

    texts = [
        json.loads(line)["text"]
        for line in (NORTHFIELD / "comments.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    contents = [comment(texts[i % len(texts)]) for i in range(args.n)]
    context = DetectionContext()
    if args.roster:
        from postguard.roster.importer import load_roster
        from postguard.roster.index import RosterIndex

        roster = load_roster(NORTHFIELD)
        day = date(2026, 11, 23)
        context = DetectionContext(roster=roster, names=RosterIndex.build(roster, day), today=day)

    classify_batch(contents[:100], context)  # warm up (models, encoder, regex compile)
    rates: dict[str, int] = {}
    for mode, deep in (("fast", False), ("deep", True)):
        # CPU time of this process (the machine may be shared); wall time alongside.
        t, w = time.process_time(), time.perf_counter()
        for c in contents[: args.single]:
            classify_batch([c], context, deep=deep)
        rates[f"{mode}_per_cpu_second_single"] = round(args.single / (time.process_time() - t))
        rates[f"{mode}_per_wall_second_single"] = round(args.single / (time.perf_counter() - w))
        t, w = time.process_time(), time.perf_counter()
        for i in range(0, len(contents), args.batch):
            classify_batch(contents[i : i + args.batch], context, deep=deep)
        rates[f"{mode}_per_cpu_second_batched"] = round(len(contents) / (time.process_time() - t))
        rates[f"{mode}_per_wall_second_batched"] = round(len(contents) / (time.perf_counter() - w))

    imp, load = load_times()
    print(
        json.dumps(
            {
                "roster": args.roster,
                **rates,
                "batch": args.batch,
                "n": args.n,
                "import_seconds": round(imp, 3),
                "model_load_seconds": round(load, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
