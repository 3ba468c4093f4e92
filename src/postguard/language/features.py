"""Hashed character and word n-gram features, computed for a whole batch at once.

The same function builds the training matrix (``train/``) and the features the
shipped model scores, so training and inference cannot drift apart. Hashing is
our own (a polynomial rolling hash for character n-grams, CRC-32 for words),
stable across processes and Python versions; nothing is pickled.

A batch becomes three parallel arrays ``rows`` (document), ``cols`` (hashed
feature) and ``vals`` (binary presence, L2-normalised per document): a sparse
matrix in coordinate form.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postguard.language.folding import fold

DIM_BITS = 18
DIM = 1 << DIM_BITS
CHAR_NGRAMS = (2, 3, 4, 5)
_MASK = np.uint64(DIM - 1)
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_SHIFT = np.uint64(33)
_KEEP = re.compile(r"[^a-z0-9*' ]+")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9*']+")


@dataclass(frozen=True, slots=True)
class Features:
    """A batch of documents as a sparse matrix in coordinate form."""

    n_docs: int
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    vals: npt.NDArray[np.float32]


def normalise(text: str, folded: str | None = None) -> str:
    """Folded text with only letters, digits, masks (``*``) and apostrophes, single-spaced.
    Pass ``folded`` when the caller has already folded ``text``."""
    if folded is None:
        folded = fold(text).text
    return _SPACES.sub(" ", _KEEP.sub(" ", folded)).strip()


def tokens(normalised: str) -> list[str]:
    return _TOKEN.findall(normalised)


def _char_features(docs: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    joined = "\x00".join(f" {d} " for d in docs) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    length = codes.shape[0]
    is_sep = codes == 0
    seps = np.flatnonzero(is_sep)
    zero_before = np.concatenate(([0], np.cumsum(is_sep)))
    all_rows: list[npt.NDArray[np.int64]] = []
    all_cols: list[npt.NDArray[np.int64]] = []
    for n in CHAR_NGRAMS:
        count = length - n + 1
        if count <= 0:
            continue
        h = np.full(count, np.uint64(n), dtype=np.uint64)
        for k in range(n):
            h = h * _PRIME + codes[k : k + count]
        h ^= h >> _SHIFT
        h *= _MIX
        h ^= h >> _SHIFT
        starts = np.arange(count)
        valid = (zero_before[starts + n] - zero_before[starts]) == 0
        starts = starts[valid]
        all_rows.append(np.searchsorted(seps, starts).astype(np.int64))
        all_cols.append((h[valid] & _MASK).astype(np.int64))
    if not all_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(all_rows), np.concatenate(all_cols)


def _word_features(
    docs: Sequence[str],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Hashed words ("w:" + word) and word pairs ("b:" + a + " " + b) of each document."""
    crc = zlib.crc32
    counts: list[int] = []
    hashes: list[int] = []
    for doc in docs:
        toks = _TOKEN.findall(doc)
        unigrams = [crc(b"w:" + t.encode()) for t in toks]
        bigrams = [
            crc(b"b:" + a.encode() + b" " + b.encode())
            for a, b in zip(toks, toks[1:], strict=False)
        ]
        hashes += unigrams
        hashes += bigrams
        counts.append(len(unigrams) + len(bigrams))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
    cols = np.asarray(hashes, dtype=np.int64) & (DIM - 1)
    return rows, cols


def featurise(texts: Sequence[str], folded: Sequence[str] | None = None) -> Features:
    """Features of ``texts`` (raw comments); see the module docstring. ``folded``, when
    given, holds the texts already folded (it saves folding twice)."""
    if folded is None:
        docs = [normalise(t) for t in texts]
    else:
        docs = [normalise(t, f) for t, f in zip(texts, folded, strict=True)]
    n = len(docs)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Features(0, empty, empty, np.zeros(0, dtype=np.float32))
    char_rows, char_cols = _char_features(docs)
    word_rows, word_cols = _word_features(docs)
    rows = np.concatenate((char_rows, word_rows))
    cols = np.concatenate((char_cols, word_cols))
    keys = rows * DIM + cols
    if n * DIM < 2**31:  # int32 keys sort faster, and batches this small fit
        keys = keys.astype(np.int32)
    keys = np.sort(keys)
    if keys.shape[0] > 1:
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    rows = (keys >> DIM_BITS).astype(np.int64)
    cols = (keys & (DIM - 1)).astype(np.int64)
    per_doc = np.bincount(rows, minlength=n).astype(np.float32)
    norm = np.where(per_doc > 0, 1.0 / np.sqrt(np.maximum(per_doc, 1.0)), 0.0).astype(np.float32)
    return Features(n, rows, cols, norm[rows])


_PROBE = ("The quick brown fox, f*ck ME!", "Zoë's 2nd mum’s b1tch", "")


def fingerprint() -> str:
    """A digest of the features of fixed probe texts: the model records it when trained,
    so a change to the featuriser that would silently break the shipped model is caught."""
    f = featurise(_PROBE)
    digest = zlib.crc32(f.rows.tobytes() + f.cols.tobytes() + f.vals.tobytes())
    return f"{DIM_BITS}-{digest:08x}"
