"""Fit the offensive ensemble chosen by train/select_offensive.py (NOT shipped: build/).

    .venv/bin/python train/select_offensive.py     # the choice, by CV on the Davidson train split
    .venv/bin/python train/train_offensive.py      # fit it, save it, score the test split once

The tweet-domain head is refitted on the whole Davidson training split (plus the
SemEval and Perspective corpora at the chosen weight) and Platt-scaled with the
parameters found on its out-of-fold scores; the comment-domain head is the
shipped models/toxicity.npz, Platt-scaled the same way. Both are linear over the
same features, so their weighted sum of logits is itself one linear model: that
is what is saved (one dot product at run time), with the chosen decision
threshold (a logit) in its metadata. The held-back Davidson split is then scored
once with the saved float16 weights; nothing is chosen after that.

Not shipped (docs/models.md, "Against alt-profanity-check"): it still trails
alt-profanity-check on the Davidson split, and at its Davidson operating point it
would hide ~9% of the northfield ok comments. It is written to build/ and
``bench/comments_compare.py --tweet-head build/offensive.npz`` scores it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import PUBLIC, REPO, SEED, davidson_split, perspective, toxic_spans  # noqa: E402
from select_offensive import fit_head  # noqa: E402
from train_comments import matrix, scores  # noqa: E402

from postguard.language.features import DIM, fingerprint  # noqa: E402
from postguard.language.model import LinearModel  # noqa: E402

MODELS = REPO / "src" / "postguard" / "language" / "models"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--public", type=Path, default=PUBLIC)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--selection", type=Path, default=REPO / "train" / "offensive_selection.json")
    ap.add_argument("--out", type=Path, default=REPO / "build" / "offensive.npz")
    ap.add_argument("--report", type=Path, default=REPO / "train" / "offensive_report.json")
    args = ap.parse_args()

    selection = json.loads(args.selection.read_text(encoding="utf-8"))
    chosen = selection["chosen"]
    (d_x, d_y), (t_x, t_y) = davidson_split(args.public, args.seed)
    s_x, s_y = toxic_spans(args.public)
    p_x, p_y = perspective(args.public)
    if chosen["extra"]:
        texts, labels = d_x + s_x + p_x, d_y + s_y + p_y
        weight = np.concatenate([np.ones(len(d_x)), np.full(len(s_x) + len(p_x), chosen["extra"])])
    else:
        texts, labels, weight = d_x, d_y, np.ones(len(d_x))
    w_t, b_t = fit_head(chosen, matrix(texts), np.asarray(labels), weight, args.seed)

    comment = LinearModel.load(MODELS / "toxicity.npz")
    alpha = float(chosen["alpha"])
    a, b = chosen["platt"]
    ca, cb = selection["comment_head_platt"]
    weights = alpha * a * w_t + (1 - alpha) * ca * comment.weights.astype(np.float64)
    bias = alpha * (a * b_t + b) + (1 - alpha) * (ca * comment.bias + cb)
    model = LinearModel(
        weights=weights.astype(np.float32),
        bias=float(bias),
        meta={
            "name": "offensive",
            "labels": "1 = offensive (abusive or profane), 0 = not; a tweet-domain and a "
            "comment-domain head, Platt-scaled, logits weighted and summed",
            "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
            "seed": args.seed,
            "chosen_by_cross_validation": chosen,
            "comment_head": "toxicity.npz",
            "comment_head_platt": [ca, cb],
            "threshold_logit": chosen["threshold"],
            "dim": DIM,
            "fingerprint": fingerprint(),
            "corpora": {
                "davidson_train": len(d_x),
                "toxic_spans": len(s_x) if chosen["extra"] else 0,
                "perspective": len(p_x) if chosen["extra"] else 0,
            },
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    shipped = LinearModel.load(args.out)
    p = shipped.predict(t_x)
    threshold = float(1.0 / (1.0 + np.exp(-chosen["threshold"])))
    report = {
        "model": str(args.out.relative_to(REPO))
        if args.out.is_relative_to(REPO)
        else str(args.out),
        "size_bytes": args.out.stat().st_size,
        "chosen_by_cross_validation": chosen,
        "davidson_heldout_at_chosen_threshold": scores(np.asarray(t_y), p, threshold),
        "training_texts": len(texts),
    }
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
