"""The tone model for posts: which sentences read as unprofessional, and of which kind.

A multinomial logistic regression over all-MiniLM-L6-v2 sentence embeddings
(:mod:`postguard.language.encoder`), trained by ``train/train_tone.py`` on the
unprofessional-post development sets. It sees what the cue rules of
:mod:`postguard.language.unprofessional` cannot list: sarcasm at parents, a dig
at leadership, one child's family matter said kindly. Each sentence gets
P(unprofessional) = 1 - P(none); at or above the threshold chosen by
leave-one-set-out cross-validation (stored in the model) it is flagged with the
most likely kind.

Stored as ``models/tone.npz`` (weights, biases, JSON metadata), read with
``allow_pickle=False``. Loaded lazily, once per process, with the encoder.
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

from postguard.language.encoder import EncoderUnavailable, encoder

TONE_FILE = "tone.npz"
NONE = "none"
#: The classes of the model, in the order of its weight rows.
CLASSES: tuple[str, ...] = (
    NONE,
    "swearing",
    "mockery",
    "individual_matter",
    "staff_dispute",
    "political",
)


class ToneUnavailable(RuntimeError):
    """The tone model or the sentence encoder it needs cannot be loaded."""


@dataclass(frozen=True, slots=True)
class ToneScore:
    """One sentence's verdict: P(unprofessional), the most likely kind, and whether flagged."""

    probability: float
    kind: str
    flagged: bool


@dataclass(frozen=True)
class ToneModel:
    weights: npt.NDArray[np.float32]  # (classes, dimension)
    bias: npt.NDArray[np.float32]  # (classes,)
    meta: dict[str, Any]

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    @classmethod
    def load(cls, path: Path) -> ToneModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
                meta = json.loads(str(data["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ToneUnavailable(f"cannot read tone model {path.name}: {exc}") from exc
        if tuple(meta.get("classes", ())) != CLASSES or weights.shape[0] != len(CLASSES):
            raise ToneUnavailable(f"tone model {path.name} has other classes than {CLASSES}")
        return cls(weights, bias, meta)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            meta=np.str_(json.dumps(self.meta, sort_keys=True)),
        )

    def probabilities(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Class probabilities, one row per embedding."""
        logits = embeddings.astype(np.float64) @ self.weights.T.astype(np.float64) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return probs

    def score(self, texts: Sequence[str]) -> list[ToneScore]:
        """The verdict on each sentence of ``texts``."""
        if not texts:
            return []
        probs = self.probabilities(encoder().encode(texts))
        out: list[ToneScore] = []
        for row in probs:
            p = float(1.0 - row[0])
            kind = CLASSES[1 + int(np.argmax(row[1:]))]
            out.append(ToneScore(p, kind, p >= self.threshold))
        return out


_lock = threading.Lock()
_model: list[ToneModel] = []


def tone_model() -> ToneModel:
    """The shipped tone model, with its encoder loaded; :class:`ToneUnavailable` if either
    is missing (the detector then runs its rules alone and says so)."""
    if _model:
        return _model[0]
    with _lock:
        if not _model:
            ref = resources.files("postguard.language") / "models" / TONE_FILE
            with resources.as_file(ref) as path:
                if not path.is_file():
                    raise ToneUnavailable(
                        f"tone model {TONE_FILE} is missing; run train/train_tone.py"
                    )
                model = ToneModel.load(path)
            try:
                encoder()
            except EncoderUnavailable as exc:
                raise ToneUnavailable(str(exc)) from exc
            _model.append(model)
    return _model[0]
