"""Snapshot of what the comment classifier and the unprofessional rules decide, on every
text set we have, to prove that a speed-up changed nothing.

    .venv/bin/python bench/comments_snapshot.py --save /tmp/before.json
    ... change the code ...
    .venv/bin/python bench/comments_snapshot.py --compare /tmp/before.json

For each text it records the labels, the label scores, the quote span and the
rules that fired for every label, and the unprofessional findings (subtype,
span, score). Sets: the northfield comments (with and without the roster and
its name index), the northfield posts, the author-written sets
(tests/language/data), all Davidson tweets, the Perspective sample and the
SemEval toxic-spans comments. ``--compare`` prints every difference and exits 1
when there is any. The snapshot holds the texts' decisions, not the texts.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "train"))

from corpora import PUBLIC, clean_tweet, perspective  # noqa: E402

from postguard.content import comment  # noqa: E402
from postguard.detectors.base import DetectionContext  # noqa: E402
from postguard.language.classifier import classify_batch  # noqa: E402
from postguard.language.unprofessional import find  # noqa: E402

NORTHFIELD = REPO.parent / "shared" / "data" / "northfield"


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def text_sets() -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {
        "northfield_comments": [r["text"] for r in _jsonl(NORTHFIELD / "comments.jsonl")],
        "northfield_posts": [r["text"] for r in _jsonl(NORTHFIELD / "posts.jsonl")],
    }
    for p in sorted((REPO / "tests" / "language" / "data").glob("*.jsonl")):
        sets[p.stem] = [r["text"] for r in _jsonl(p)]
    with (PUBLIC / "davidson-offensive" / "train.csv").open(encoding="utf-8") as fh:
        sets["davidson"] = [clean_tweet(row["tweet"]) for row in csv.DictReader(fh)]
    sets["perspective"] = perspective()[0]
    spans: list[str] = []
    for name in ("tsd_train.csv", "tsd_trial.csv"):
        path = PUBLIC / "toxic-spans-semeval2021" / name
        with path.open(encoding="utf-8") as fh:
            spans.extend(row["text"] for row in csv.DictReader(fh))
    sets["toxic_spans"] = spans
    return sets


def decisions(texts: list[str], context: DetectionContext) -> list[object]:
    out: list[object] = []
    for i in range(0, len(texts), 512):
        batch = [comment(t) for t in texts[i : i + 512]]
        for a in classify_batch(batch, context):
            out.append(
                {
                    "labels": [label.value for label in a.labels],
                    "scores": a.scores,
                    "evidence": {
                        k.value: [e.start, e.end, list(e.rules)] for k, e in a.evidence.items()
                    },
                    "unprofessional": [
                        [h.subtype, h.start, h.end, round(h.score, 4)] for h in find(a.text)
                    ],
                }
            )
    return out


def snapshot() -> dict[str, list[object]]:
    result: dict[str, list[object]] = {}
    for name, texts in text_sets().items():
        result[name] = decisions(texts, DetectionContext())
    from postguard.roster.importer import load_roster
    from postguard.roster.index import RosterIndex

    roster = load_roster(NORTHFIELD)
    day = date(2026, 11, 23)
    ctx = DetectionContext(roster=roster, names=RosterIndex.build(roster, day), today=day)
    result["northfield_comments_roster"] = decisions(
        [r["text"] for r in _jsonl(NORTHFIELD / "comments.jsonl")], ctx
    )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--labels-only", action="store_true", help="compare labels only")
    args = ap.parse_args()
    snap = snapshot()
    if args.save:
        args.save.write_text(json.dumps(snap), encoding="utf-8")
        print(f"saved {sum(len(v) for v in snap.values())} decisions to {args.save}")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        differences = 0
        for name, rows in snap.items():
            if name not in old:
                print(f"{name}: not in the old snapshot")
                continue
            before = old[name]
            changed = 0
            for i, (a, b) in enumerate(zip(before, rows, strict=True)):
                if args.labels_only:
                    a, b = a["labels"], b["labels"]  # type: ignore[index]
                if a != b:
                    changed += 1
                    if changed <= 5:
                        print(f"{name}[{i}]:\n  before {a}\n  after  {b}")
            print(f"{name}: {changed} of {len(rows)} changed")
            differences += changed
        print(f"total differences: {differences}")
        sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
