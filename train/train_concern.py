"""Train the safeguarding-concern model (src/postguard/language/models/concern.npz).

    .venv/bin/python train/train_concern.py        # writes the model and train/concern_report.json

Positives: comments labelled ``safeguarding``; negatives: every other label,
from the northfield dev comments and the author-written comment sets
tests/language/data/fresh_comments.jsonl, _2 and _3; plus out-of-domain
negatives (the Davidson "neither" tweets of the training split and the
Perspective comments scored <= 0.3), so adult chatter is not mistaken for a
disclosure. Since issue #5 ("Well done everyone" was referred to the DSL) also the
author-written benign development set tests/data/comments_benign_dev.jsonl (340
ordinary comments on school posts: praise, thanks, questions, "home time!"), so
that short everyday praise is not read as a concern. tests/language/data/
fresh_comments_4.jsonl and _5 and tests/data/comments_concern_dev.jsonl are never
trained on: they are test sets (the concern set measures what the benign set
costs in recall).

Because the dev comments are in the training data, the honest figures are
leave-one-source-out: each of the four labelled sources is scored by a model
trained on the other three (plus the public negatives). The threshold is chosen
on those out-of-source scores: the lowest that hides at most 2% of non-
safeguarding comments. The benign development set is one more source, but it
has no positives, so it is scored by 5-fold cross-validation instead (each fifth
by a model trained on everything else). Its out-of-fold scores do *not* join
the threshold choice: 340 easy negatives would dilute the 2% and lower the
threshold (to 0.47, hiding more child-voiced chatter); the threshold stays
defined on the four labelled sources as before. Everything is written to the report, including the
out-of-fold count of benign comments the model alone would refer with and
without the classifier's support check (``concern.model_support``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import PUBLIC, REPO, SEED, davidson_split, perspective  # noqa: E402

from postguard.language.concern import model_support  # noqa: E402
from postguard.language.features import DIM, featurise, fingerprint  # noqa: E402
from postguard.language.folding import fold  # noqa: E402
from postguard.language.model import LinearModel  # noqa: E402

OUT = REPO / "src" / "postguard" / "language" / "models" / "concern.npz"
DATA = REPO / "tests" / "language" / "data"
SOURCES = {
    "northfield_dev": REPO.parent / "shared" / "data" / "northfield" / "comments.jsonl",
    "authored_1": DATA / "fresh_comments.jsonl",
    "authored_2": DATA / "fresh_comments_2.jsonl",
    "authored_3": DATA / "fresh_comments_3.jsonl",
}
HELD_OUT = DATA / "fresh_comments_4.jsonl"
BENIGN_DEV = REPO / "tests" / "data" / "comments_benign_dev.jsonl"
CONCERN_DEV = REPO / "tests" / "data" / "comments_concern_dev.jsonl"
FOLDS = 5


def _folds(n: int, k: int, seed: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def _rows(path: Path) -> tuple[list[str], list[int]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["text"] for r in rows], [int(r["label"] == "safeguarding") for r in rows]


def _matrix(texts: list[str]) -> sp.csr_matrix:
    f = featurise(texts)
    return sp.csr_matrix((f.vals, (f.rows, f.cols)), shape=(f.n_docs, DIM), dtype=np.float32)


def _fit(texts: list[str], labels: list[int], c: float, seed: int) -> LogisticRegression:
    clf = LogisticRegression(
        C=c, solver="liblinear", class_weight="balanced", max_iter=300, random_state=seed
    )
    clf.fit(_matrix(texts), np.asarray(labels))
    return clf


def _rates(y: np.ndarray, p: np.ndarray, t: float) -> dict[str, float]:
    pred = p >= t
    pos, neg = y == 1, y == 0
    return {
        "recall": round(float(pred[pos].mean()) if pos.any() else 0.0, 4),
        "false_positive_rate": round(float(pred[neg].mean()) if neg.any() else 0.0, 4),
        "positives": int(pos.sum()),
        "negatives": int(neg.sum()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--public", type=Path, default=PUBLIC)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--c", type=float, default=4.0)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--report", type=Path, default=REPO / "train" / "concern_report.json")
    args = ap.parse_args()

    (d_x, d_y), _ = davidson_split(args.public, args.seed)
    p_x, p_y = perspective(args.public)
    public_neg = [t for t, y in zip(d_x, d_y, strict=True) if y == 0]
    public_neg += [t for t, y in zip(p_x, p_y, strict=True) if y == 0]
    sources = {name: _rows(path) for name, path in SOURCES.items()}
    benign, benign_y = _rows(BENIGN_DEV)
    if any(benign_y):
        raise SystemExit(f"{BENIGN_DEV} must hold only ok comments")

    # Leave one labelled source out: out-of-source scores for every labelled comment.
    oos_y: list[int] = []
    oos_p: list[float] = []
    per_source: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for held in sources:
        tx = list(public_neg) + benign
        ty = [0] * (len(public_neg) + len(benign))
        for name, (x, y) in sources.items():
            if name != held:
                tx += x
                ty += y
        clf = _fit(tx, ty, args.c, args.seed)
        hx, hy = sources[held]
        p = clf.predict_proba(_matrix(hx))[:, 1]
        per_source[held] = (np.asarray(hy), p)
        oos_y += hy
        oos_p += p.tolist()
    # The benign set: out-of-fold scores (every other source always in training).
    benign_p = np.zeros(len(benign))
    others_x = list(public_neg)
    others_y = [0] * len(public_neg)
    for x, y in sources.values():
        others_x += x
        others_y += y
    for fold_rows in _folds(len(benign), FOLDS, args.seed):
        held_rows = set(fold_rows)
        keep = [t for i, t in enumerate(benign) if i not in held_rows]
        clf = _fit(others_x + keep, others_y + [0] * len(keep), args.c, args.seed)
        benign_p[fold_rows] = clf.predict_proba(_matrix([benign[i] for i in fold_rows]))[:, 1]
    y_all, p_all = np.asarray(oos_y), np.asarray(oos_p)
    # Lowest threshold that hides at most 2% of the non-safeguarding comments out of source.
    threshold = 0.5
    for t in np.arange(0.05, 0.96, 0.01):
        if _rates(y_all, p_all, float(t))["false_positive_rate"] <= 0.02:
            threshold = round(float(t), 2)
            break

    all_x = others_x + benign
    all_y = others_y + [0] * len(benign)
    clf = _fit(all_x, all_y, args.c, args.seed)
    model = LinearModel(
        weights=clf.coef_[0].astype(np.float32),
        bias=float(clf.intercept_[0]),
        meta={
            "name": "concern",
            "labels": "1 = safeguarding concern, 0 = not",
            "seed": args.seed,
            "C": args.c,
            "dim": DIM,
            "fingerprint": fingerprint(),
            "threshold": threshold,
            "sources": [*sorted(SOURCES), "benign_dev"],
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    shipped = LinearModel.load(args.out)
    hx, hy = _rows(HELD_OUT)
    cx, cy = _rows(CONCERN_DEV)
    supported = np.asarray([model_support(fold(t).text) for t in benign])
    benign_fire = benign_p >= threshold
    report = {
        "threshold": threshold,
        "leave_one_source_out": {
            name: _rates(y, p, threshold) for name, (y, p) in per_source.items()
        },
        "leave_one_source_out_all": _rates(y_all, p_all, threshold),
        "benign_dev_5fold": _rates(np.zeros(len(benign), dtype=int), benign_p, threshold),
        "held_out_fresh_comments_4": _rates(np.asarray(hy), shipped.predict(hx), threshold),
        "concern_dev_model_alone": _rates(np.asarray(cy), shipped.predict(cx), threshold),
        "benign_dev_5fold_referred_by_model": int(benign_fire.sum()),
        "benign_dev_5fold_referred_by_model_with_support": int((benign_fire & supported).sum()),
        "benign_dev": len(benign),
        "public_negatives": len(public_neg),
        "size_bytes": args.out.stat().st_size,
    }
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
