"""A classifier head over sentence embeddings: multinomial logistic regression weights.

The tone model of posts (:mod:`tone`) and the second reader of comments
(:mod:`second_read`) are both a head over all-MiniLM-L6-v2 embeddings
(:mod:`encoder`). A head is stored as an ``.npz`` (weights, biases, JSON metadata
with its classes and threshold), read with ``allow_pickle=False``, and loaded
lazily, once per process, together with the encoder it needs.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np
import numpy.typing as npt

from postguard.language.encoder import EncoderUnavailable, encoder


class HeadUnavailable(RuntimeError):
    """A head or the sentence encoder it needs cannot be loaded."""


H = TypeVar("H", bound="EmbeddingHead")


@dataclass(frozen=True)
class EmbeddingHead:
    """Weights (classes x dimension), biases and metadata; subclasses name their classes."""

    classes: ClassVar[tuple[str, ...]]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    meta: dict[str, Any]

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    @classmethod
    def load(cls: type[H], path: Path) -> H:
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
                meta = json.loads(str(data["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise HeadUnavailable(f"cannot read model {path.name}: {exc}") from exc
        if tuple(meta.get("classes", ())) != cls.classes or weights.shape[0] != len(cls.classes):
            raise HeadUnavailable(f"model {path.name} has other classes than {cls.classes}")
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


_lock = threading.Lock()
_cache: dict[str, EmbeddingHead] = {}


def bundled_head(cls: type[H], filename: str) -> H:
    """A head shipped in ``postguard/language/models``, with its encoder loaded; loaded on
    first call and kept. :class:`HeadUnavailable` if either is missing."""
    cached = _cache.get(filename)
    if isinstance(cached, cls):
        return cached
    with _lock:
        cached = _cache.get(filename)
        if isinstance(cached, cls):
            return cached
        ref = resources.files("postguard.language") / "models" / filename
        with resources.as_file(ref) as path:
            if not path.is_file():
                raise HeadUnavailable(f"model {filename} is missing; run the scripts in train/")
            head = cls.load(path)
        try:
            encoder()
        except EncoderUnavailable as exc:
            raise HeadUnavailable(str(exc)) from exc
        _cache[filename] = head
    return head


def optional_head(
    failures: list[str], load: Callable[[], H], logger: logging.Logger, warning: str
) -> H | None:
    """``load()``, or None when the head cannot be loaded: the first failure is logged with
    ``warning`` (its ``%s`` is the reason) and kept in ``failures``, later calls give None."""
    if failures:
        return None
    try:
        return load()
    except HeadUnavailable as exc:
        failures.append(str(exc))
        logger.warning(warning, exc)
        return None


def embed(texts: list[str]) -> npt.NDArray[np.float32]:
    """The sentence embeddings of ``texts`` (the encoder must be loadable)."""
    return encoder().encode(texts)
