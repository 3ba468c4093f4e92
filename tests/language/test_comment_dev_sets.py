"""Issue #5: ordinary praise was referred to the DSL by the concern model alone.

Floors on the two author-written development sets (tests/data/comments_benign_dev.jsonl,
340 ordinary comments on school posts, all ``ok``; tests/data/comments_concern_dev.jsonl,
82 safeguarding comments) and the examples of the issue. Read docs/models.md: the benign
set is in the concern model's training data and the rules were broadened after the
concern set's first run, so these are in-sample floors (first-run and out-of-fold figures
are in the model card).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postguard.language.classifier import classify_texts
from postguard.language.concern import model_support
from postguard.language.folding import fold
from postguard.language.labels import Label, ModerationAction
from postguard.language.model import concern_model

DATA = Path(__file__).resolve().parents[1] / "data"


def _texts(name: str, label: str) -> list[str]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["label"] == label for r in rows)
    return [r["text"] for r in rows]


@pytest.fixture(scope="module")
def benign() -> list[str]:
    return _texts("comments_benign_dev.jsonl", "ok")


@pytest.fixture(scope="module")
def concern_texts() -> list[str]:
    return _texts("comments_concern_dev.jsonl", "safeguarding")


def test_dev_sets_are_big_enough_and_distinct(benign: list[str], concern_texts: list[str]) -> None:
    assert len(benign) >= 300 and len(set(benign)) == len(benign)
    assert len(concern_texts) >= 80 and len(set(concern_texts)) == len(concern_texts)
    assert not set(benign) & set(concern_texts)


def test_benign_comments_are_rarely_referred_or_hidden(benign: list[str]) -> None:
    got = classify_texts(benign)
    referred = [a.text for a in got if Label.SAFEGUARDING in a.labels]
    hidden = [a.text for a in got if a.labels]
    assert len(referred) <= 0.01 * len(benign), referred
    assert len(hidden) <= 0.01 * len(benign), hidden


def test_safeguarding_recall_on_the_concern_set(concern_texts: list[str]) -> None:
    got = classify_texts(concern_texts)
    missed = [a.text for a in got if Label.SAFEGUARDING not in a.labels]
    assert len(missed) <= 0.05 * len(concern_texts), missed
    assert all(a.action is ModerationAction.HIDE_REFER_DSL for a in got if a.text not in missed)


@pytest.mark.parametrize(
    "text",
    [
        "Well done everyone",
        "Well done everyone!",
        "Lovely photos, well done everyone!",
        "Great day everyone",
        "Home time!",
        "So proud",
        "Miss you all",
        "Everyone stay safe",
        "Can't wait to see everyone",
        "Who is picking up?",
        "Nobody noticed the new paint in the hall",
        "Good luck tomorrow, go and beat them!",
        "Watch yourselves on the way home, it's icy",
        "He smashed it tonight, so proud",
    ],
)
def test_everyday_comments_are_kept(text: str) -> None:
    (a,) = classify_texts([text])
    assert a.labels == (), a.to_dict()
    assert a.label is Label.OK
    assert a.action is ModerationAction.KEEP


def test_the_word_everyone_no_longer_reads_as_a_concern() -> None:
    # The bug: "everyone" alone scored 0.75 against a threshold of 0.55.
    threshold = concern_model().meta["threshold"]
    p_everyone, p_praise = concern_model().predict(["everyone", "Well done everyone"])
    assert p_everyone < threshold
    assert p_praise < threshold


@pytest.mark.parametrize(
    "text, supported",
    [
        ("well done everyone", False),
        ("home time!", False),
        ("stay in touch everyone", False),
        ("thank you so much, see you all soon", False),
        ("there's nobody at home to look after us", True),
        ("i'm not safe at home", True),
        ("which of the girls is in year 8", True),
        ("tell the boy in the blue coat to come round", True),
        ("message me privately", True),
    ],
)
def test_model_support_needs_a_word_a_concern_is_made_of(text: str, supported: bool) -> None:
    assert model_support(fold(text).text) is supported


@pytest.mark.parametrize(
    "text",
    [
        # Caught by the concern model alone (no phrase rule or cue combination fires):
        # the support check must not stop it.
        "there's nobody at home to look after us",
        "I'm not safe at home",
        "Which of the girls in the photo is in Year 8? Would love to message her",
    ],
)
def test_model_only_concerns_are_still_referred(text: str) -> None:
    (a,) = classify_texts([text])
    assert a.label is Label.SAFEGUARDING
    assert a.evidence[Label.SAFEGUARDING].rules == ("model.concern",)
    assert a.action is ModerationAction.HIDE_REFER_DSL


@pytest.mark.parametrize(
    "text, rule",
    [
        ("I'll find you after school and you'll regret it", "safeguarding.threat"),
        (
            "He better watch himself on the way home, we know which bus he gets",
            "safeguarding.threat",
        ),
        ("I don't think I can do this anymore", "safeguarding.suicide"),
        ("i feel like i'm a burden to everyone", "safeguarding.suicide"),
        ("there are marks on my arms and I tell people it's the cat", "safeguarding.self_harm"),
        ("Who's the boy in the red kit? What's his snapchat?", "safeguarding.approach"),
    ],
)
def test_broadened_rules(text: str, rule: str) -> None:
    (a,) = classify_texts([text])
    assert a.label is Label.SAFEGUARDING
    assert rule in a.evidence[Label.SAFEGUARDING].rules


def test_cli_keeps_well_done_everyone() -> None:
    from typer.testing import CliRunner

    from postguard.cli import app

    result = CliRunner().invoke(
        app, ["comments", "classify", "-"], input='{"text": "Well done everyone"}\n'
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["labels"] == ["ok"]
    assert row["action"] == "keep"
