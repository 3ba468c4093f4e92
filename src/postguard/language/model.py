"""The shipped toxicity model: logistic-regression weights over hashed n-grams.

Stored as ``models/toxicity.npz`` (weights as float16, bias, and a JSON
metadata string), read with ``allow_pickle=False``: no unpickling, no
scikit-learn at run time. Loaded lazily, once per process, on first use.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from postguard.language.features import (
    DIM,
    Features,
    featurise,
    fingerprint,
    normalise,
    tokens,
)

MODEL_FILE = "toxicity.npz"
CONCERN_FILE = "concern.npz"


class ModelError(RuntimeError):
    """The model file is missing or does not match this version's features."""


@dataclass(frozen=True)
class LinearModel:
    """A binary linear model: ``p = sigmoid(bias + w . x)``."""

    weights: npt.NDArray[np.float32]
    bias: float
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = data["weights"].astype(np.float32)
                bias = float(data["bias"])
                meta = json.loads(str(data["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot read model {path.name}: {exc}") from exc
        if weights.shape != (DIM,):
            raise ModelError(f"model {path.name} has {weights.shape} weights, expected ({DIM},)")
        if meta.get("fingerprint") != fingerprint():
            raise ModelError(
                f"model {path.name} was trained with different features; "
                "retrain it with train/train_comments.py"
            )
        return cls(weights, bias, meta)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=np.float32(self.bias),
            meta=np.str_(json.dumps(self.meta, sort_keys=True)),
        )

    def predict(
        self, texts: Sequence[str], folded: Sequence[str] | None = None, *, even_odds: bool = False
    ) -> npt.NDArray[np.float64]:
        """The probability that each text is positive (for toxicity: offensive)."""
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.score(featurise(texts, folded), even_odds=even_odds)

    @property
    def prior_logit(self) -> float:
        """Log-odds of the positive class in the (weighted) training data; 0 when the
        model was trained with balanced class weights."""
        return float(self.meta.get("prior_logit", 0.0))

    def score(self, f: Features, *, even_odds: bool = False) -> npt.NDArray[np.float64]:
        """Probabilities for features already computed (several models can share them).

        ``even_odds`` removes the training data's class balance from the bias (the
        standard prior-shift correction for logistic regression): the probability a
        text would get if positives and negatives were equally common. The comment
        classifier uses it, since offensive comments are far rarer on school posts
        than in the training tweets; the raw probability suits data like the training
        data (the Davidson comparison in bench/comments_compare.py)."""
        margin = np.bincount(f.rows, weights=self.weights[f.cols] * f.vals, minlength=f.n_docs)
        bias = self.bias - (self.prior_logit if even_odds else 0.0)
        probs: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(margin + bias)))
        return probs

    def drivers(self, text: str, threshold: float = 0.5, limit: int = 3) -> list[str]:
        """The words of ``text`` that the model finds offensive on their own, worst first."""
        words = sorted(set(tokens(normalise(text))))
        if not words:
            return []
        scores = self.predict(words, even_odds=True)
        ranked = sorted(zip(scores.tolist(), words, strict=True), reverse=True)
        return [w for s, w in ranked[:limit] if s >= threshold]


_lock = threading.Lock()
_cache: dict[str, LinearModel] = {}


def bundled_model(filename: str) -> LinearModel:
    """A model shipped in ``postguard/language/models``, loaded on first call and kept."""
    model = _cache.get(filename)
    if model is not None:
        return model
    with _lock:
        model = _cache.get(filename)
        if model is None:
            ref = resources.files("postguard.language") / "models" / filename
            with resources.as_file(ref) as path:
                if not path.is_file():
                    raise ModelError(f"model {filename} is missing; run the scripts in train/")
                model = LinearModel.load(path)
            _cache[filename] = model
    return model


def toxicity_model() -> LinearModel:
    """Offensive (abusive or profane) vs not: trained on public data only."""
    return bundled_model(MODEL_FILE)


def concern_model() -> LinearModel:
    """Safeguarding concern vs not: trained on labelled comments (see docs/models.md)."""
    return bundled_model(CONCERN_FILE)
