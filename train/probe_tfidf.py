"""Probe: would richer n-gram features than the shipped hashed ones help on Davidson?

    .venv/bin/python train/probe_tfidf.py   # prints CV F1 per candidate (~15 min)

Cross-validation only, on the Davidson TRAINING split with the folds of
train/select_toxicity.py; the test split is not read. Each fold fits scikit-learn
vocabulary TF-IDF (word 1-3-grams plus char_wb 2-5-grams or char 1-6-grams,
sublinear tf, min_df 2) on its training tweets only, adds the SemEval and
Perspective corpora at a small weight, scales by the NB log-count ratio and fits
NB-LR or NB-SVM. Nothing here is shipped: the point is to measure the headroom
(docs/models.md, "Against alt-profanity-check").
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import SEED, davidson_split, perspective, toxic_spans  # noqa: E402
from select_offensive import nb_ratio  # noqa: E402

from postguard.language.features import normalise  # noqa: E402


def main() -> None:
    (d_x, d_y), _test_not_read = davidson_split()
    del _test_not_read
    s_x, s_y = toxic_spans()
    p_x, p_y = perspective()
    y = np.asarray(d_y)
    y_e = np.asarray(s_y + p_y)
    order = list(range(len(d_x)))
    random.Random(SEED + 1).shuffle(order)
    fold = np.empty(len(d_x), dtype=int)
    for k, i in enumerate(order):
        fold[i] = k % 3
    docs = [normalise(t) for t in d_x]
    extra_docs = [normalise(t) for t in s_x + p_x]

    def words() -> TfidfVectorizer:
        return TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=2)

    def char_wb() -> TfidfVectorizer:
        return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)

    def char16() -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char", ngram_range=(1, 6), sublinear_tf=True, min_df=2, max_features=400_000
        )

    def run(
        name: str,
        vectorisers: Callable[[], list[TfidfVectorizer]],
        model: Callable[[], LogisticRegression | LinearSVC],
        extra: float,
    ) -> None:
        t0 = time.perf_counter()
        f1s = []
        for k in range(3):
            tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            vecs = vectorisers()
            train_docs = [docs[i] for i in tr]
            for v in vecs:
                v.fit(train_docs)

            def x(texts: list[str], vecs: list[TfidfVectorizer] = vecs) -> sp.csr_matrix:
                return sp.hstack([v.transform(texts) for v in vecs]).tocsr()

            x_tr = sp.vstack([x(train_docs), x(extra_docs)]).tocsr()
            y_tr = np.concatenate([y[tr], y_e])
            w_tr = np.concatenate([np.ones(len(tr)), np.full(len(y_e), extra)])
            r = sp.diags(nb_ratio(x_tr, y_tr, w_tr))
            clf = model()
            clf.fit(x_tr @ r, y_tr, sample_weight=w_tr)
            f1s.append(f1_score(y[te], clf.decision_function(x([docs[i] for i in te]) @ r) >= 0))
        print(
            f"{name}: CV F1 {np.mean(f1s):.4f} {[round(float(f), 4) for f in f1s]} "
            f"({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )

    def lr(c: float) -> Callable[[], LogisticRegression]:
        return lambda: LogisticRegression(C=c, solver="liblinear", max_iter=300)

    run("words 1-3 + char_wb 2-5, NB-LR C=4, extra 0.1", lambda: [words(), char_wb()], lr(4), 0.1)
    run(
        "words 1-3 + char_wb 2-5, NB-SVM C=0.3, extra 0.1",
        lambda: [words(), char_wb()],
        lambda: LinearSVC(C=0.3),
        0.1,
    )
    run("words 1-3 + char 1-6, NB-LR C=4, extra 0.1", lambda: [words(), char16()], lr(4), 0.1)
    run("words 1-3 + char_wb 2-5, NB-LR C=8, extra 0.05", lambda: [words(), char_wb()], lr(8), 0.05)


if __name__ == "__main__":
    main()
