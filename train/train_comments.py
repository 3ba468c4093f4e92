"""Train the shipped toxicity model (src/postguard/language/models/toxicity.npz).

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python train/train_comments.py            # writes the model and train/report.json

Data (all from ../shared/data/public, see train/corpora.py): the Davidson tweets
minus a seeded 20% held-out test split, the SemEval-2021 toxic spans (span
windows as positives, span-free sentences as negatives) and the Perspective
Wikipedia sample (by score). No northfield comment is used: they are the dev set.

By default this builds the shipped model: balanced class weights, every corpus at
full weight, the regularisation strength chosen on a seeded validation split of
the training portion; the final model is then fitted on the whole training
portion. ``--selection train/selection_report.json --out /tmp/davidson.npz``
instead fits the configuration that train/select_toxicity.py chose by
cross-validation on the Davidson training split (better on Davidson, worse on
comment-style text: docs/models.md says why it is not shipped). Either way the
held-back Davidson split is scored once, with the saved float16 weights.
Deterministic for a given seed (liblinear with a fixed random_state).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import PUBLIC, REPO, SEED, davidson_split, perspective, toxic_spans  # noqa: E402

from postguard.language.features import DIM, featurise, fingerprint  # noqa: E402
from postguard.language.model import LinearModel  # noqa: E402

OUT = REPO / "src" / "postguard" / "language" / "models" / "toxicity.npz"


def matrix(texts: list[str]) -> sp.csr_matrix:
    f = featurise(texts)
    return sp.csr_matrix((f.vals, (f.rows, f.cols)), shape=(f.n_docs, DIM), dtype=np.float32)


def fit(
    x: sp.csr_matrix,
    y: np.ndarray,
    c: float,
    seed: int,
    class_weight: str | None = "balanced",
    sample_weight: np.ndarray | None = None,
) -> LogisticRegression:
    clf = LogisticRegression(
        C=c, solver="liblinear", class_weight=class_weight, max_iter=200, random_state=seed
    )
    clf.fit(x, y, sample_weight=sample_weight)
    return clf


def prior_logit(y: np.ndarray, class_weight: str | None, sample_weight: np.ndarray | None) -> float:
    """Log-odds of the positive class the model learnt (0 with balanced class weights);
    the classifier removes it (LinearModel.score(even_odds=True))."""
    if class_weight == "balanced":
        return 0.0
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    positive = float((w * y).sum() / w.sum())
    return round(float(np.log(positive / (1 - positive))), 6)


def scores(y: np.ndarray, p: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    pred = (p >= threshold).astype(int)
    return {
        "precision": round(float(precision_score(y, pred)), 4),
        "recall": round(float(recall_score(y, pred)), 4),
        "f1": round(float(f1_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "n": int(len(y)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--public", type=Path, default=PUBLIC)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--report", type=Path, default=REPO / "train" / "report.json")
    ap.add_argument(
        "--selection", type=Path, help="fit the choice of train/select_toxicity.py instead"
    )
    args = ap.parse_args()

    (d_train_x, d_train_y), (d_test_x, d_test_y) = davidson_split(args.public, args.seed)
    s_x, s_y = toxic_spans(args.public)
    p_x, p_y = perspective(args.public)
    texts = d_train_x + s_x + p_x
    labels = d_train_y + s_y + p_y
    print(
        f"training texts: davidson {len(d_train_x)}, toxic spans {len(s_x)}, "
        f"perspective {len(p_x)}; positives {sum(labels)} of {len(labels)}"
    )

    x_all = matrix(texts)
    y_all = np.asarray(labels)
    weight: str | None = "balanced"
    sample_weight: np.ndarray | None = None
    config: dict[str, object]
    if args.selection is not None:
        chosen = json.loads(args.selection.read_text(encoding="utf-8"))["chosen"]
        if chosen["layout"] != "shared_binary":
            raise SystemExit(f"features.py has the shared binary layout, not {chosen['layout']}")
        best_c, weight, extra = chosen["C"], chosen["class_weight"], chosen["extra_corpora_weight"]
        n_extra = len(s_x) + len(p_x)
        sample_weight = np.concatenate([np.ones(len(d_train_x)), np.full(n_extra, extra)])
        config = {"chosen_by_cross_validation": chosen}
    else:
        order = list(range(len(texts)))
        random.Random(args.seed).shuffle(order)
        cut = len(order) // 10
        val_idx, fit_idx = order[:cut], order[cut:]
        best_c, best_f1 = 1.0, -1.0
        for c in (4.0, 8.0, 16.0, 32.0):
            clf = fit(x_all[fit_idx], y_all[fit_idx], c, args.seed)
            p = clf.predict_proba(x_all[val_idx])[:, 1]
            f1 = scores(y_all[val_idx], p)["macro_f1"]
            print(f"C={c}: validation macro-F1 {f1:.4f}")
            if f1 > best_f1:
                best_c, best_f1 = c, f1
        config = {"C": best_c, "validation_macro_f1": best_f1}
    clf = fit(x_all, y_all, best_c, args.seed, weight, sample_weight)
    shift = prior_logit(y_all, weight, sample_weight)

    model = LinearModel(
        weights=clf.coef_[0].astype(np.float32),
        bias=float(clf.intercept_[0]),
        meta={
            "name": "toxicity",
            "labels": "1 = offensive (abusive or profane), 0 = not",
            "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
            "seed": args.seed,
            "C": best_c,
            "class_weight": weight,
            "prior_logit": shift,
            "dim": DIM,
            "fingerprint": fingerprint(),
            "corpora": {
                "davidson_train": len(d_train_x),
                "toxic_spans": len(s_x),
                "perspective": len(p_x),
            },
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    # Score with the saved (float16) weights: that is what ships.
    shipped = LinearModel.load(args.out)
    test = scores(np.asarray(d_test_y), shipped.predict(d_test_x))
    report = {
        "model": str(args.out.relative_to(REPO))
        if args.out.is_relative_to(REPO)
        else str(args.out),
        "size_bytes": args.out.stat().st_size,
        **config,
        "davidson_heldout": test,
        "training_texts": len(texts),
    }
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
