"""Readers for the public training corpora, shared by the training and bench scripts.

Every reader returns ``(texts, labels)`` with label 1 = offensive (abusive or
profane) and 0 = not. The Davidson split is seeded and stratified so that the
training script and ``bench/comments_compare.py`` hold back the same tweets.
No northfield data is read here: the northfield comments are the dev set.
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PUBLIC = REPO.parent / "shared" / "data" / "public"
SEED = 20261123

_MENTION = re.compile(r"(?:\bRT\b\s*)?@\w+:?")
_URL = re.compile(r"https?://\S+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def clean_tweet(text: str) -> str:
    text = html.unescape(html.unescape(text))
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" \"'")


def davidson_split(
    public: Path = PUBLIC, seed: int = SEED, test_fraction: float = 0.2
) -> tuple[tuple[list[str], list[int]], tuple[list[str], list[int]]]:
    """Davidson tweets split (stratified by class, seeded) into train and held-out test.

    Label 1 = hate speech or offensive (classes 0 and 1), 0 = neither (class 2).
    """
    by_class: dict[str, list[str]] = {}
    with (public / "davidson-offensive" / "train.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_class.setdefault(row["class"], []).append(clean_tweet(row["tweet"]))
    rng = random.Random(seed)
    train: tuple[list[str], list[int]] = ([], [])
    test: tuple[list[str], list[int]] = ([], [])
    for cls in sorted(by_class):
        tweets = by_class[cls]
        rng.shuffle(tweets)
        cut = round(len(tweets) * test_fraction)
        label = 0 if cls == "2" else 1
        for part, chunk in ((test, tweets[:cut]), (train, tweets[cut:])):
            part[0].extend(chunk)
            part[1].extend([label] * len(chunk))
    return train, test


def toxic_spans(public: Path = PUBLIC, context_words: int = 4) -> tuple[list[str], list[int]]:
    """SemEval-2021 toxic spans: each marked span with a few words either side is a
    positive; each sentence of the same comments that carries no marked character
    is a (hard) negative, so the model learns the words rather than the register."""
    texts: list[str] = []
    labels: list[int] = []
    folder = public / "toxic-spans-semeval2021"
    for name in ("tsd_train.csv", "tsd_trial.csv"):
        with (folder / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = row["text"]
                marked = set(json.loads(row["spans"]))
                if not marked:
                    continue
                for start, end in _runs(sorted(marked)):
                    left = text[:start].split()[-context_words:]
                    right = text[end:].split()[:context_words]
                    texts.append(" ".join([*left, text[start:end], *right]))
                    labels.append(1)
                for m in _SENTENCE.finditer(text):
                    sentence = m.group(0).strip()
                    if len(sentence.split()) >= 4 and not any(
                        i in marked for i in range(m.start(), m.end())
                    ):
                        texts.append(sentence)
                        labels.append(0)
    return texts, labels


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in offsets:
        if runs and i <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def perspective(
    public: Path = PUBLIC, low: float = 0.3, high: float = 0.7
) -> tuple[list[str], list[int]]:
    """Wikipedia talk comments labelled by their 2018 Perspective TOXICITY score
    (model scores, not human labels): >= high is 1, <= low is 0, the rest dropped."""
    texts: list[str] = []
    labels: list[int] = []
    path = (
        public / "perspective-wiki-2k-scores" / "perspective_wikipedia_2k_score_sample_20180829.csv"
    )
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            score = float(row["TOXICITY@6"])
            if score >= high or score <= low:
                texts.append(row["comment_text"])
                labels.append(1 if score >= high else 0)
    return texts, labels
