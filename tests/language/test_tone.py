"""The tone model of posts: what it adds to the rules, what it leaves alone, and how the
detector behaves without it. Every text here was written for this test (none is in a
training set of train/train_tone.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from postguard.content import post
from postguard.detectors import unprofessional as detector_module
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector, UnprofessionalParams
from postguard.language.tone import CLASSES, ToneModel, ToneUnavailable, tone_model
from postguard.policy.loader import load_policy
from postguard.policy.models import Rule

WITH_TONE = UnprofessionalDetector()
RULES_ONLY = UnprofessionalDetector(UnprofessionalParams(tone=False))

# Unprofessional, in ways no rule lists.
MISSED_BY_RULES = [
    (
        "Our maths department has been told to cut its budget again while the trust spends "
        "thousands on rebranding.",
        "staff_dispute",
    ),
    (
        "Honestly, some of the excuses we heard for missing homework this week deserve an award.",
        "mockery",
    ),
]
CLEAN = [
    "Year 9 spent the morning at the Science Museum and loved every minute.",
    "Reminder: the library is open until 5pm on Tuesdays and Thursdays.",
    "Thank you to all the parents who came to the summer fair, we raised over 900 pounds!",
    "Our caretaker has worked wonders on the new garden, thank you Mr Hill.",
    "The new behaviour policy will be shared with families next week.",
]


def test_the_shipped_model_loads_with_its_threshold() -> None:
    model = tone_model()
    assert tuple(model.meta["classes"]) == CLASSES
    assert 0.5 <= model.threshold < 1.0
    assert model.weights.shape == (len(CLASSES), 384)


@pytest.mark.parametrize("text, kind", MISSED_BY_RULES)
def test_the_model_flags_what_the_rules_miss(text: str, kind: str) -> None:
    assert RULES_ONLY.detect(post(text), DetectionContext()) == []
    found = WITH_TONE.detect(post(text), DetectionContext())
    assert [d.subtype for d in found] == [kind]
    d = found[0]
    assert d.quote == text.strip()
    assert "tone model" in d.explanation
    assert d.score is not None and d.score >= tone_model().threshold


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_posts_stay_clean(text: str) -> None:
    assert WITH_TONE.detect(post(text), DetectionContext()) == []


def test_a_rule_for_everyone_is_not_one_pupils_matter() -> None:
    text = "Any pupil who is late three times will receive a detention."
    verdict = tone_model().score([text])[0]
    assert verdict.kind == "individual_matter" and verdict.flagged  # the model alone would
    assert WITH_TONE.detect(post(text), DetectionContext()) == []


def test_sentences_the_rules_flagged_are_not_read_twice() -> None:
    text = "Bloody freezing on the field today. Well done to the U12s!"
    found = WITH_TONE.detect(post(text), DetectionContext())
    assert [(d.subtype, d.quote) for d in found] == [("swearing", "Bloody")]


def test_without_the_model_the_rules_run_alone_and_say_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unavailable() -> ToneModel:
        raise ToneUnavailable("the encoder's weights are not installed")

    monkeypatch.setattr(detector_module, "tone_model", unavailable)
    monkeypatch.setattr(detector_module, "_unavailable", [])
    text = MISSED_BY_RULES[0][0]
    with caplog.at_level(logging.WARNING, logger=detector_module.__name__):
        assert UnprofessionalDetector().detect(post(text), DetectionContext()) == []
        assert UnprofessionalDetector().detect(post(text), DetectionContext()) == []
    warnings = [r for r in caplog.records if "tone model is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    swearing = UnprofessionalDetector().detect(post("What a shit day."), DetectionContext())
    assert [d.subtype for d in swearing] == ["swearing"]


def test_a_model_file_with_other_classes_is_refused(tmp_path: Path) -> None:
    model = tone_model()
    bad = ToneModel(model.weights[:3], model.bias[:3], {**model.meta, "classes": ["a", "b", "c"]})
    path = tmp_path / "tone.npz"
    bad.save(path)
    with pytest.raises(ToneUnavailable, match="other classes"):
        ToneModel.load(path)


def test_a_model_round_trips_through_its_file(tmp_path: Path) -> None:
    model = tone_model()
    path = tmp_path / "tone.npz"
    model.save(path)
    again = ToneModel.load(path)
    assert again.threshold == model.threshold
    np.testing.assert_array_equal(again.weights, model.weights)
    texts = [t for t, _ in MISSED_BY_RULES] + CLEAN
    assert [s.flagged for s in again.score(texts)] == [s.flagged for s in model.score(texts)]


def test_unreadable_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "tone.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(ToneUnavailable, match="cannot read model"):
        ToneModel.load(path)


def test_a_trust_can_switch_the_model_off_in_its_rules_file() -> None:
    bundled = next(r for r in load_policy().rules if r.detector == "unprofessional")
    off = Rule.model_validate({**bundled.model_dump(), "params": {"tone": False}})
    params = off.detector_params()
    assert isinstance(params, UnprofessionalParams) and params.tone is False
    detector = UnprofessionalDetector(params)
    assert detector.detect(post(MISSED_BY_RULES[0][0]), DetectionContext()) == []
    with pytest.raises(ValueError, match="tone"):
        Rule.model_validate(
            {**bundled.model_dump(), "params": {"tone": "sometimes"}}
        ).detector_params()
