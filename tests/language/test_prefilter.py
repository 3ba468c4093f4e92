"""The prefilter never skips a pattern that matches: it only saves work.

Soundness is checked three ways: on crafted texts for the tricky constructs
(masks, stretched letters, optional parts, digits, lookarounds), on every
labelled text we hold (the full scan with and without the prefilter must give
identical hits), and on random texts assembled from the patterns' own literals.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postguard.language.classifier import _ALL_RULES
from postguard.language.concern import _cue_gate
from postguard.language.folding import fold
from postguard.language.personal_data import _folded_gate
from postguard.language.prefilter import Gate
from postguard.language.requirement import literals, requirement
from postguard.language.rules import Rule, gate, scan
from postguard.language.unprofessional import TONE_RULES

DATA = Path(__file__).resolve().parent / "data"


def assert_sound(g: Gate, patterns: Sequence[re.Pattern[str]], text: str) -> None:
    admitted = set(g.admits(text))
    matching = {i for i, p in enumerate(patterns) if p.search(text)}
    assert matching <= admitted, (text, sorted(matching - admitted))


def _patterns(rules: Sequence[Rule]) -> list[re.Pattern[str]]:
    return [r.pattern for r in rules]


@pytest.mark.parametrize(
    "pattern, text, admitted",
    [
        (r"\bkill\s+myself\b", "i want to kill   myself", True),
        (r"\bkill\s+myself\b", "i want to kill it", False),
        (r"\bsuicid\w*|\bkms\b", "thinking about suicide", True),
        (r"\bsuicid\w*|\bkms\b", "lol kms", True),
        (r"\bsuicid\w*|\bkms\b", "nothing here", False),
        (r"\byou'?ll\s+regret\b", "youll regret it", True),
        (r"\byou'?ll\s+regret\b", "you'll regret it", True),
        (r"\b(?:my|our)\s+(?:mum|dad)\b.{0,20}\bhits?\b", "my dad hits me", True),
        (r"\b(?:my|our)\s+(?:mum|dad)\b.{0,20}\bhits?\b", "my dad is kind", False),
        (r"(?<![\w*])f(?:u+|[*#])(?:c+|[*#])k(?![\w*])", "f**k", True),
        (r"£\s?\d+\s+each", "£5 each", True),
        (r"£\s?\d+\s+each", "5 apples", False),
        (r"\d+\s*%\s+off", "٣٣% off", True),  # \d is any Unicode digit
        (r"(?i)secret", "SECRET", True),  # case-insensitive patterns always run
        (r"(?:ab){2}", "abab", True),
        (r"(?:ab){2}", "ab", False),
        (r"colou?r", "color", True),
        (r"(?:x|yy)z", "yyz", True),
        (r"(?:x|yy)z", "xz", True),
        (r"\w+", "anything", True),
        (r"🤫", "ok 🤫", True),
    ],
)
def test_gate_on_crafted_texts(pattern: str, text: str, admitted: bool) -> None:
    compiled = re.compile(pattern)
    g = Gate([compiled])
    assert (0 in g.admits(text)) is admitted
    assert_sound(g, [compiled], text)


@pytest.mark.parametrize(
    "text",
    [
        "what a f*cking joke",
        "fuuuuck this",
        "sh!t happens",
        "you are a complete iddiot",
        "b1tch please",
        "Scunthorpe United",
        "the r*tard comment",
    ],
)
def test_lexicon_rules_still_run_on_masked_and_stretched_words(text: str) -> None:
    folded = fold(text)
    assert_sound(gate(_ALL_RULES), _patterns(_ALL_RULES), folded.text)
    assert scan(folded, _ALL_RULES) == scan(folded, _ALL_RULES, prefilter=False)


def _labelled_texts(northfield: Path) -> list[str]:
    texts: list[str] = []
    for path in [
        northfield / "comments.jsonl",
        northfield / "posts.jsonl",
        *sorted(DATA.glob("*.jsonl")),
    ]:
        lines = path.read_text(encoding="utf-8").splitlines()
        texts.extend(json.loads(line)["text"] for line in lines if line)
    return texts


def test_scan_is_identical_with_and_without_prefilter(northfield_dir: Path) -> None:
    texts = _labelled_texts(northfield_dir)
    assert len(texts) > 800
    for text in texts:
        folded = fold(text)
        assert scan(folded, _ALL_RULES) == scan(folded, _ALL_RULES, prefilter=False), text
        assert scan(folded, TONE_RULES) == scan(folded, TONE_RULES, prefilter=False), text


def _gates() -> list[tuple[Gate, list[re.Pattern[str]]]]:
    from postguard.language import concern, personal_data

    return [
        (gate(_ALL_RULES), _patterns(_ALL_RULES)),
        (gate(TONE_RULES), _patterns(TONE_RULES)),
        (
            _cue_gate(),
            [
                concern._STRONG_DANGER,
                concern._HOME,
                concern._FLATTERY,
                concern._MONEY,
                concern._IMAGES,
                concern._WATCHING,
            ],
        ),
        (_folded_gate(), [personal_data._LIVES, personal_data._HEALTH, personal_data._DOB]),
    ]


def test_every_gate_admits_every_match_on_labelled_texts(northfield_dir: Path) -> None:
    texts = [fold(t).text for t in _labelled_texts(northfield_dir)]
    for g, patterns in _gates():
        for text in texts:
            assert_sound(g, patterns, text)


_VOCAB = sorted(
    {
        s
        for _g, patterns in _gates()
        for p in patterns
        for s in literals(requirement(p))
        if len(s) <= 12
    }
)
_FILLER = [" ", " ", "  ", ".", "'", "my ", "you ", "i ", "the ", "is ", "a", "e", "1", "£"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB + _FILLER), min_size=1, max_size=14))
def test_every_gate_admits_every_match_on_random_texts(pieces: list[str]) -> None:
    text = "".join(pieces)
    for g, patterns in _gates():
        assert_sound(g, patterns, text)


def test_requirements_are_found_for_most_comment_rules() -> None:
    gated = gate(_ALL_RULES).gated
    assert len(gated) == len(_ALL_RULES)
    assert requirement(re.compile(r"\w+\s+\w+")) is None


def test_an_unparsable_analysis_falls_back_to_always_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from postguard.language import requirement as module

    def broken(*_args: object) -> object:
        raise AttributeError("parser changed")

    pattern = re.compile(r"\bsuicid\w*")
    assert Gate([pattern]).admits("nothing relevant here") == []
    monkeypatch.setattr(module._parser, "parse", broken)
    g = Gate([pattern])
    assert g.admits("nothing relevant here") == [0]
