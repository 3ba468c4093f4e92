"""Cross-validated choice of the tweet-domain head and of the offensive ensemble.

    .venv/bin/python train/select_offensive.py [--out train/offensive_selection.json]

The classifier's offensive score is an ensemble of two linear heads over the same
hashed features (language/features.py): the shipped comment-domain toxicity head
(models/toxicity.npz: balanced classes, every corpus at full weight) and a
tweet-domain head (models/offensive.npz) fitted mostly on the Davidson tweets.
Everything here is chosen by 3-fold cross-validation on the Davidson TRAINING
split only (the same seeded folds as train/select_toxicity.py); the held-back
test split is never read. In each fold both heads are refitted on the other two
folds, so the out-of-fold scores of the comment head are honest too.

Tweet-head candidates: logistic regression, NB-LR and NB-SVM (Wang & Manning
2012: features scaled by the log-count ratio of the two classes; since the
features are L2-normalised before the scaling, the ratio folds into the weights,
so inference is one dot product), the SemEval/Perspective corpora at weight 0 or
0.1, a few values of C. Each head's scores are Platt-calibrated on its
out-of-fold scores. Then the ensemble weight (logit of the tweet head vs logit
of the comment head) and the decision threshold are chosen on the same
out-of-fold scores, maximising F1 of "offensive". Writes every candidate and the
choice; train/train_offensive.py fits the choice and scores the test split once.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import REPO, SEED, davidson_split, perspective, toxic_spans  # noqa: E402
from train_comments import matrix  # noqa: E402

CANDIDATES: list[dict[str, Any]] = [
    {"kind": "lr", "C": 32.0, "extra": 0.1},
    {"kind": "nblr", "C": 4.0, "extra": 0.1},
    {"kind": "nbsvm", "C": 1.0, "extra": 0.0},
    {"kind": "nbsvm", "C": 1.0, "extra": 0.1},
    {"kind": "nbsvm", "C": 3.0, "extra": 0.1},
]
ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)


def nb_ratio(x: sp.csr_matrix, y: np.ndarray, w: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Log-count ratio of the positive vs negative class (weighted), smoothed by ``alpha``."""
    p = alpha + np.asarray(x[y == 1].T @ w[y == 1]).ravel()
    q = alpha + np.asarray(x[y == 0].T @ w[y == 0]).ravel()
    r: np.ndarray = np.log((p / p.sum()) / (q / q.sum()))
    return r


def fit_head(
    cand: dict[str, Any], x: sp.csr_matrix, y: np.ndarray, w: np.ndarray, seed: int
) -> tuple[np.ndarray, float]:
    """Fit one tweet-head candidate; returns (weights over the raw features, bias)."""
    kind, c = cand["kind"], cand["C"]
    r = nb_ratio(x, y, w) if kind in ("nblr", "nbsvm") else np.ones(x.shape[1])
    xs = x @ sp.diags(r.astype(np.float32)) if kind != "lr" else x
    model: LogisticRegression | LinearSVC
    if kind == "nbsvm":
        model = LinearSVC(C=c, max_iter=5000, random_state=seed)
    else:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=300, random_state=seed)
    model.fit(xs, y, sample_weight=w)
    return model.coef_[0] * r, float(model.intercept_[0])


def fit_comment_head(x: sp.csr_matrix, y: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    """The shipped comment head's configuration (train/train_comments.py): C=16, balanced."""
    clf = LogisticRegression(
        C=16.0, solver="liblinear", class_weight="balanced", max_iter=200, random_state=seed
    )
    clf.fit(x, y)
    return clf.coef_[0], float(clf.intercept_[0])


def platt(s: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(a, b) with P(offensive) = sigmoid(a * s + b), fitted on out-of-fold scores."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(s.reshape(-1, 1), y)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def best_threshold(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The logit threshold maximising F1 (scanned over the scores' quantiles)."""
    best_t, best_f = 0.0, -1.0
    for t in np.unique(np.quantile(z, np.linspace(0.02, 0.5, 97))):
        f = float(f1_score(y, z >= t))
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t, best_f


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=REPO / "train" / "offensive_selection.json")
    args = ap.parse_args()

    (d_x, d_y), _test_not_read = davidson_split(seed=args.seed)
    del _test_not_read
    s_x, s_y = toxic_spans()
    p_x, p_y = perspective()
    x_d, x_e = matrix(d_x), matrix(s_x + p_x)
    y_d, y_e = np.asarray(d_y), np.asarray(s_y + p_y)
    order = list(range(len(d_x)))
    random.Random(args.seed + 1).shuffle(order)
    fold_of = np.empty(len(d_x), dtype=int)
    for k, i in enumerate(order):
        fold_of[i] = k % args.folds

    comment_oof = np.zeros(len(y_d))
    head_oof = {i: np.zeros(len(y_d)) for i in range(len(CANDIDATES))}
    for k in range(args.folds):
        tr, te = fold_of != k, fold_of == k
        t0 = time.perf_counter()
        x_tr = sp.vstack([x_d[tr], x_e]).tocsr()
        y_tr = np.concatenate([y_d[tr], y_e])
        w, b = fit_comment_head(x_tr, y_tr, args.seed)
        comment_oof[te] = x_d[te] @ w + b
        print(f"fold {k}: comment head {time.perf_counter() - t0:.0f}s", flush=True)
        for i, cand in enumerate(CANDIDATES):
            t0 = time.perf_counter()
            if cand["extra"]:
                sw = np.concatenate([np.ones(int(tr.sum())), np.full(len(y_e), cand["extra"])])
                w, b = fit_head(cand, x_tr, y_tr, sw, args.seed)
            else:
                w, b = fit_head(cand, x_d[tr], y_d[tr], np.ones(int(tr.sum())), args.seed)
            head_oof[i][te] = x_d[te] @ w + b
            print(f"fold {k}: {cand} {time.perf_counter() - t0:.0f}s", flush=True)

    def fold_f1(z: np.ndarray, t: float) -> float:
        return float(
            np.mean([f1_score(y_d[fold_of == k], z[fold_of == k] >= t) for k in range(args.folds)])
        )

    rows: list[dict[str, Any]] = []
    ca, cb = platt(comment_oof, y_d)
    z_comment = ca * comment_oof + cb
    rows.append(
        {
            "head": "comment head alone (shipped toxicity configuration)",
            "cv_f1_at_0.5": round(fold_f1(z_comment, 0.0), 4),
        }
    )
    best: dict[str, Any] = {"cv_f1": -1.0}
    for i, cand in enumerate(CANDIDATES):
        a, b = platt(head_oof[i], y_d)
        z_head = a * head_oof[i] + b
        for alpha in ALPHAS:
            z = alpha * z_head + (1 - alpha) * z_comment
            t, _ = best_threshold(z, y_d)
            row = {
                **cand,
                "alpha": alpha,
                "platt": [round(a, 6), round(b, 6)],
                "threshold": round(t, 6),
                "cv_f1_at_0.5": round(fold_f1(z, 0.0), 4),
                "cv_f1": round(fold_f1(z, t), 4),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
            if row["cv_f1"] > best["cv_f1"]:
                best = row
    report = {
        "folds": args.folds,
        "davidson_train_tweets": len(d_x),
        "comment_head_platt": [round(ca, 6), round(cb, 6)],
        "chosen": best,
        "candidates": rows,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(best, indent=2))


if __name__ == "__main__":
    main()
