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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from postguard.language.head import EmbeddingHead, HeadUnavailable, bundled_head, embed

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


#: The tone model or its encoder cannot be loaded (the detector then runs its rules alone).
ToneUnavailable = HeadUnavailable


@dataclass(frozen=True, slots=True)
class ToneScore:
    """One sentence's verdict: P(unprofessional), the most likely kind, and whether flagged."""

    probability: float
    kind: str
    flagged: bool


@dataclass(frozen=True)
class ToneModel(EmbeddingHead):
    """The six-class head of posts: none and the five kinds of unprofessional."""

    classes: ClassVar[tuple[str, ...]] = CLASSES

    def score(self, texts: Sequence[str]) -> list[ToneScore]:
        """The verdict on each sentence of ``texts``."""
        if not texts:
            return []
        probs = self.probabilities(embed(list(texts)))
        out: list[ToneScore] = []
        for row in probs:
            p = float(1.0 - row[0])
            kind = CLASSES[1 + int(np.argmax(row[1:]))]
            out.append(ToneScore(p, kind, p >= self.threshold))
        return out


def tone_model() -> ToneModel:
    """The shipped tone model, with its encoder loaded; :class:`ToneUnavailable` if either
    is missing (the detector then runs its rules alone and says so)."""
    return bundled_head(ToneModel, TONE_FILE)
