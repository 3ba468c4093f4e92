"""Model selection for the toxicity model by cross-validation on the Davidson TRAIN split only.

    .venv/bin/python train/select_toxicity.py [--folds 3] [--out train/selection_report.json]

The held-back Davidson test split (train/corpora.py) is never used here: it is
scored once, by train_comments.py, after the choice is made. Each fold holds out
a seeded third of the Davidson training tweets; the model is fitted on the rest
(plus, when a candidate says so, the SemEval toxic-span windows and the
Perspective sample, with a sample weight: ``extra_corpora_weight`` 0 leaves them
out) and scored on the held-out tweets (F1 of "offensive", at p >= 0.5).
Candidates vary the feature layout (one shared hashing space, as features.py
ships, vs separate spaces for character and word n-grams; binary vs sublinear
term frequency), the regularisation C, class weights and the weight of the
extra corpora. Prints each candidate and writes the report.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import REPO, SEED, davidson_split, perspective, toxic_spans  # noqa: E402

from postguard.language import features as F  # noqa: E402


def _raw(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, is_word) of every n-gram occurrence, before de-duplication."""
    docs = [F.normalise(t) for t in texts]
    char_rows, char_cols = F._char_features(docs)
    word_rows, word_cols = F._word_features(docs)
    rows = np.concatenate((char_rows, word_rows))
    cols = np.concatenate((char_cols, word_cols))
    is_word = np.concatenate((np.zeros(len(char_rows), bool), np.ones(len(word_rows), bool)))
    return rows, cols, is_word


def layout(texts: list[str], *, separate: bool, sublinear: bool) -> sp.csr_matrix:
    rows, cols, is_word = _raw(texts)
    dim = F.DIM * (2 if separate else 1)
    if separate:
        cols = cols + is_word * F.DIM
    m = sp.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(texts), dim)
    )  # duplicates summed: term counts
    m.sum_duplicates()
    if sublinear:
        m.data = 1.0 + np.log(m.data)
    else:
        m.data[:] = 1.0
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m, dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=REPO / "train" / "selection_report.json")
    args = ap.parse_args()

    (d_x, d_y), _test_not_read = davidson_split(seed=args.seed)
    del _test_not_read
    s_x, s_y = toxic_spans()
    p_x, p_y = perspective()
    extra_x, extra_y = s_x + p_x, s_y + p_y
    order = list(range(len(d_x)))
    random.Random(args.seed + 1).shuffle(order)
    fold_of = np.empty(len(d_x), dtype=int)
    for k, i in enumerate(order):
        fold_of[i] = k % args.folds
    y_d = np.asarray(d_y)
    y_e = np.asarray(extra_y)

    layouts: dict[str, Callable[[list[str]], sp.csr_matrix]] = {
        "shared_binary": lambda t: layout(t, separate=False, sublinear=False),
        "separate_binary": lambda t: layout(t, separate=True, sublinear=False),
        "separate_sublinear": lambda t: layout(t, separate=True, sublinear=True),
    }
    results: list[dict[str, object]] = []

    def evaluate(
        name: str,
        x_d: sp.csr_matrix,
        x_e: sp.csr_matrix,
        c: float,
        weight: str | None,
        extra: float,
    ) -> float:
        t0 = time.perf_counter()
        f1s = []
        for k in range(args.folds):
            tr, te = fold_of != k, fold_of == k
            x_tr = sp.vstack([x_d[tr], x_e]) if extra else x_d[tr]
            y_tr = np.concatenate([y_d[tr], y_e]) if extra else y_d[tr]
            w_tr = (
                np.concatenate([np.ones(int(tr.sum())), np.full(len(y_e), extra)])
                if extra
                else None
            )
            clf = LogisticRegression(
                C=c, solver="liblinear", class_weight=weight, max_iter=300, random_state=args.seed
            )
            clf.fit(x_tr, y_tr, sample_weight=w_tr)
            f1s.append(f1_score(y_d[te], clf.predict_proba(x_d[te])[:, 1] >= 0.5))
        mean = float(np.mean(f1s))
        row = {
            "layout": name,
            "C": c,
            "class_weight": weight,
            "extra_corpora_weight": extra,
            "cv_f1": round(mean, 4),
            "folds": [round(float(f), 4) for f in f1s],
            "seconds": round(time.perf_counter() - t0, 1),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
        return mean

    # Stage 1: layouts at the current settings (C=16, balanced, extra corpora).
    mats = {}
    best_layout, best = "", -1.0
    for name, fn in layouts.items():
        mats[name] = (fn(d_x), fn(extra_x))
        f = evaluate(name, *mats[name], 16.0, "balanced", 1.0)
        if f > best:
            best_layout, best = name, f
    # Stage 2: for the best layout, C, class weights and the extra corpora.
    x_d, x_e = mats[best_layout]
    best_cfg: tuple[float, str | None, float] = (16.0, "balanced", 1.0)
    for c, weight, extra in [
        (4.0, "balanced", 1.0),
        (64.0, "balanced", 1.0),
        (16.0, None, 1.0),
        (16.0, "balanced", 0.0),
        (16.0, None, 0.0),
        (16.0, None, 0.3),
        (16.0, None, 0.1),
    ]:
        f = evaluate(best_layout, x_d, x_e, c, weight, extra)
        if f > best:
            best, best_cfg = f, (c, weight, extra)
    # Stage 3: C around the best.
    c0, weight, extra = best_cfg
    for c in (c0 / 2, c0 * 2):
        f = evaluate(best_layout, x_d, x_e, c, weight, extra)
        if f > best:
            best, best_cfg = f, (c, weight, extra)
    report = {
        "folds": args.folds,
        "davidson_train_tweets": len(d_x),
        "chosen": {
            "layout": best_layout,
            "C": best_cfg[0],
            "class_weight": best_cfg[1],
            "extra_corpora_weight": best_cfg[2],
            "cv_f1": round(best, 4),
        },
        "candidates": results,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["chosen"], indent=2))


if __name__ == "__main__":
    main()
