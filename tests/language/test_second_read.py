"""The second reader of comments: what it adds, what it leaves alone, and the classifier
without it. Every text here was written for this test (none is in a training set of
train/train_second_read.py)."""

from __future__ import annotations

import logging

import pytest

from postguard.content import comment
from postguard.language import classifier as classifier_module
from postguard.language.classifier import classify_batch
from postguard.language.head import HeadUnavailable
from postguard.language.labels import Label
from postguard.language.second_read import CLASSES, GATE, SecondReader, second_reader


def labels(text: str, *, deep: bool) -> list[str]:
    return [label.value for label in classify_batch([comment(text)], deep=deep)[0].labels]


def test_the_shipped_reader_loads_with_its_threshold() -> None:
    reader = second_reader()
    assert tuple(reader.meta["classes"]) == CLASSES
    assert reader.meta["gate"] == GATE
    assert 0.5 <= reader.threshold < 1.0


def test_it_refers_a_quiet_concern_the_rules_and_linear_models_miss() -> None:
    text = "im so tired of pretending im fine at school"
    assert labels(text, deep=False) == []
    [assessment] = classify_batch([comment(text)])
    assert [label.value for label in assessment.labels] == ["safeguarding"]
    evidence = assessment.evidence[Label.SAFEGUARDING]
    assert evidence.rules == ("model.second_read",)
    assert "second reader" in evidence.reasons[0]
    assert assessment.action.value == "hide-and-refer-to-DSL"


@pytest.mark.parametrize(
    "text",
    [
        "Looking forward to the concert on Friday!",
        "Can we have more notice for non-uniform days please",
        "Well done everyone, what a brilliant sports day",
        "Thanks for the lovely Christmas jumper day photos",
    ],
)
def test_ordinary_comments_stay_up(text: str) -> None:
    assert labels(text, deep=True) == []


def test_a_known_false_alarm_is_a_referral_not_a_silent_drop() -> None:
    # A parent's complaint about portions: the rules leave it up ("starving by" is
    # hyperbole), the second reader refers it (a child, home, hunger). Kept here so a
    # change to either is seen; docs/models.md counts such false alarms on every set.
    text = "My lad is always starving by the time he gets home, portions are tiny"
    assert labels(text, deep=False) == []
    assert labels(text, deep=True) == ["safeguarding"]


@pytest.mark.parametrize(
    "text, label",
    [
        ("Go on then, try me pussy", "abusive"),
        ("Earn £450 a day from home! Mums are loving this. DM me 'INFO'", "spam"),
    ],
)
def test_it_does_not_reroute_what_is_already_hidden(text: str, label: str) -> None:
    assert labels(text, deep=True)[0] == label


def test_without_the_reader_the_classifier_runs_fast_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unavailable() -> SecondReader:
        raise HeadUnavailable("the encoder's weights are not installed")

    monkeypatch.setattr(classifier_module, "second_reader", unavailable)
    monkeypatch.setattr(classifier_module, "_unavailable", [])
    text = "im so tired of pretending im fine at school"
    with caplog.at_level(logging.WARNING, logger=classifier_module.__name__):
        assert labels(text, deep=True) == []
        assert labels(text, deep=True) == []
    warnings = [r for r in caplog.records if "no second reader" in r.getMessage()]
    assert len(warnings) == 1


def test_batches_and_single_comments_agree() -> None:
    texts = [
        "im so tired of pretending im fine at school",
        "Looking forward to the concert on Friday!",
        "My lad is always starving by the time he gets home, portions are tiny",
        "What a lovely assembly",
    ]
    together = classify_batch([comment(t) for t in texts])
    one_by_one = [classify_batch([comment(t)])[0] for t in texts]
    assert [a.labels for a in together] == [a.labels for a in one_by_one]
    assert [a.scores for a in together] == [a.scores for a in one_by_one]
