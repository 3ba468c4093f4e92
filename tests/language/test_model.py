from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from postguard.language.features import DIM, featurise, fingerprint
from postguard.language.model import LinearModel, ModelError, toxicity_model


def assert_offensive(text: str, expected: bool) -> None:
    p = float(toxicity_model().predict([text])[0])
    assert (p >= 0.5) is expected, f"{text!r}: p={p:.3f}"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("you are a stupid bitch", True),
        ("shut up you fucking idiot", True),
        ("what a lovely day for the school fair", False),
        ("thank you to all the staff for their hard work", False),
    ],
)
def test_model_separates_offensive_from_clean(text: str, expected: bool) -> None:
    assert_offensive(text, expected)


def test_batch_and_single_predictions_agree() -> None:
    texts = ["you idiot", "lovely photos", "", "🙂"]
    batch = toxicity_model().predict(texts)
    single = [float(toxicity_model().predict([t])[0]) for t in texts]
    assert np.allclose(batch, single)


def test_drivers_name_the_offensive_word() -> None:
    assert "idiot" in toxicity_model().drivers("Thanks a lot, you idiot")


def test_features_are_deterministic_and_in_range() -> None:
    a = featurise(["Hello there, f*ck", "x"])
    b = featurise(["Hello there, f*ck", "x"])
    assert np.array_equal(a.cols, b.cols) and np.array_equal(a.rows, b.rows)
    assert a.cols.min() >= 0 and a.cols.max() < DIM
    norms = np.bincount(a.rows, weights=a.vals.astype(np.float64) ** 2)
    assert np.allclose(norms, 1.0)


def test_shipped_model_matches_the_featuriser() -> None:
    assert toxicity_model().meta["fingerprint"] == fingerprint()


def test_model_is_not_loaded_at_import() -> None:
    code = (
        "import postguard.detectors.registry, postguard.language.model as m; print(len(m._cache))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def _write(path: Path, weights: np.ndarray, meta: dict[str, object]) -> None:
    np.savez(path, weights=weights, bias=np.float32(0.0), meta=np.str_(json.dumps(meta)))


@pytest.mark.parametrize(
    "weights, meta, message",
    [
        (np.zeros(10, dtype=np.float16), {"fingerprint": fingerprint()}, "weights"),
        (np.zeros(DIM, dtype=np.float16), {"fingerprint": "other"}, "different features"),
    ],
)
def test_bad_model_files_are_refused(
    tmp_path: Path, weights: np.ndarray, meta: dict[str, object], message: str
) -> None:
    path = tmp_path / "m.npz"
    _write(path, weights, meta)
    with pytest.raises(ModelError, match=message):
        LinearModel.load(path)


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        LinearModel.load(tmp_path / "absent.npz")


def test_model_round_trips(tmp_path: Path) -> None:
    model = LinearModel(np.ones(DIM, dtype=np.float32), -0.5, {"fingerprint": fingerprint()})
    model.save(tmp_path / "m.npz")
    loaded = LinearModel.load(tmp_path / "m.npz")
    assert loaded.bias == pytest.approx(-0.5)
    assert np.allclose(loaded.predict(["abc"]), model.predict(["abc"]), atol=1e-3)


def test_shipped_concern_model_has_a_threshold_and_matching_features() -> None:
    from postguard.language.model import concern_model

    meta = concern_model().meta
    assert meta["fingerprint"] == fingerprint()
    assert 0.0 < meta["threshold"] < 1.0


@pytest.mark.parametrize(
    "prior_logit, even_odds, expected_margin_shift",
    [(0.0, True, 0.0), (1.5, False, 0.0), (1.5, True, -1.5), (-2.0, True, 2.0)],
)
def test_even_odds_removes_the_training_class_balance(
    prior_logit: float, even_odds: bool, expected_margin_shift: float
) -> None:
    meta = {"fingerprint": fingerprint(), "prior_logit": prior_logit}
    model = LinearModel(np.full(DIM, 0.25, dtype=np.float32), 0.3, meta)
    f = featurise(["you absolute muppet"])
    margin = float(np.sum(0.25 * f.vals)) + 0.3 + expected_margin_shift
    got = float(model.score(f, even_odds=even_odds)[0])
    assert got == pytest.approx(1.0 / (1.0 + np.exp(-margin)))


def test_shipped_toxicity_model_is_balanced() -> None:
    # The comment classifier's MODEL_ABUSE threshold assumes even odds.
    assert toxicity_model().prior_logit == 0.0
