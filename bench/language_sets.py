"""Score the author-written comment sets and unprofessional-post sets (issue #5).

    .venv/bin/python bench/language_sets.py comments tests/language/data/fresh_comments_11.jsonl
    .venv/bin/python bench/language_sets.py posts tests/data/unprofessional_fresh_3.jsonl --no-tone
    .venv/bin/python bench/language_sets.py posts FILE --show     # list every mistake

Comments: per label precision, recall and F1 of the comment's label (its strongest),
macro-F1 over the six labels, and the ok comments wrongly hidden; ``--fast`` without
the second reader. Posts: recall of
the expected ``unprofessional`` findings (a finding counts when a detection of any kind
overlaps its quote), precision of the detections, and hard-negative posts flagged;
``--no-tone`` runs the rules without the tone model. Run against the code in
another checkout with ``PYTHONPATH=/path/to/checkout/src``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from postguard.content import comment, post
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector, UnprofessionalParams
from postguard.evaluation.posts import occurrences
from postguard.language.classifier import classify_batch

LABELS = ("ok", "abusive", "profane", "spam", "personal_data", "safeguarding")


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def comments(path: Path, show: bool, deep: bool = True) -> dict[str, Any]:
    rows = _rows(path)
    batch = [comment(r["text"]) for r in rows]
    got = [a.label.value for a in classify_batch(batch, deep=deep)]
    gold = [r["label"] for r in rows]
    per_label: dict[str, dict[str, float]] = {}
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, got, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, got, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, got, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "found": tp,
            "of": tp + fn,
        }
    if show:
        for r, g, p in zip(rows, gold, got, strict=True):
            if g != p:
                print(f"{g} -> {p} | {r['text']}")
    ok = [p for g, p in zip(gold, got, strict=True) if g == "ok"]
    return {
        "set": path.name,
        "deep": deep,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(LABELS), 3),
        "labels": per_label,
        "ok_hidden": sum(p != "ok" for p in ok),
        "ok": len(ok),
    }


def posts(path: Path, show: bool, tone: bool) -> dict[str, Any]:
    detector = UnprofessionalDetector(UnprofessionalParams(tone=tone))
    found_total = matched = negatives = flagged = 0
    hits: Counter[str] = Counter()
    items: Counter[str] = Counter()
    for row in _rows(path):
        text = row["text"]
        found = detector.detect(post(text), DetectionContext())
        spans = [(d.location.start or 0, d.location.end or 0) for d in found]
        expected = [e for e in row["expected"] if e["kind"] == "unprofessional"]
        wanted = [occurrences(text, e["quote"]) for e in expected]
        found_total += len(found)
        matched += sum(any(a < e and s < b for occ in wanted for a, b in occ) for s, e in spans)
        for item, occ in zip(expected, wanted, strict=True):
            kind = str(item.get("subtype", "unprofessional"))
            items[kind] += 1
            hit = any(a < e and s < b for s, e in spans for a, b in occ)
            hits[kind] += hit
            if show and not hit:
                print(f"MISS {kind} | {item['quote']} | {text}")
        if not expected:
            negatives += 1
            flagged += bool(found)
            if show and found:
                print(f"FLAGGED {[(d.subtype, d.quote) for d in found]} | {text}")
    return {
        "set": path.name,
        "tone": tone,
        "recall": round(sum(hits.values()) / max(sum(items.values()), 1), 3),
        "found": sum(hits.values()),
        "of": sum(items.values()),
        "precision": round(matched / max(found_total, 1), 3),
        "by_kind": {k: f"{hits[k]}/{items[k]}" for k in sorted(items)},
        "negatives_flagged": flagged,
        "negatives": negatives,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=("comments", "posts"))
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="list every mistake")
    ap.add_argument("--no-tone", action="store_true", help="posts: the rules alone")
    ap.add_argument("--fast", action="store_true", help="comments: without the second reader")
    args = ap.parse_args()
    for path in args.files:
        if args.kind == "comments":
            result = comments(path, args.show, deep=not args.fast)
        else:
            result = posts(path, args.show, tone=not args.no_tone)
        json.dump(result, sys.stdout)
        print()


if __name__ == "__main__":
    main()
