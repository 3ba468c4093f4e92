"""``postguard eval``: score the checker on a labelled dataset in the shared/data format."""

from __future__ import annotations

from postguard.evaluation.dataset import DatasetError, LabelledPost, load_posts
from postguard.evaluation.posts import KIND_DETECTORS, KindScore, score_posts

__all__ = [
    "KIND_DETECTORS",
    "DatasetError",
    "KindScore",
    "LabelledPost",
    "load_posts",
    "score_posts",
]
