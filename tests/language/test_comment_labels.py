"""Table tests of the comment classifier on comments written for these tests.

Each row is a comment and the label it must be filed under (its strongest label).
None of these rows is taken from the northfield dev set.
"""

from __future__ import annotations

import pytest

from postguard.content import comment
from postguard.detectors.base import DetectionContext
from postguard.detectors.comments import CommentClassifier
from postguard.language.classifier import classify

DETECTOR = CommentClassifier()


def assert_label(text: str, expected: str) -> None:
    assessment = classify(comment(text))
    assert assessment.label.value == expected, (
        f"{text!r}: got {assessment.label.value} "
        f"({ {k.value: e.rules for k, e in assessment.evidence.items()} })"
    )
    detections = DETECTOR.detect(comment(text), DetectionContext())
    assert [d.subtype for d in detections] == [label.value for label in assessment.labels]
    for d in detections:
        assert d.quote == text[d.location.start : d.location.end]
        assert d.kind == "comment"
        assert d.attributes["action"] == assessment.action.value


@pytest.mark.parametrize(
    "text, expected",
    [
        # ok: thanks, questions, sharp but fair criticism, idioms, look-alike words
        ("Thanks so much to everyone who helped at the fair!", "ok"),
        ("Really poor communication from the office again, we found out at 8am.", "ok"),
        ("The homework policy is a mess and needs rethinking.", "ok"),
        ("This revision timetable is killing me 😂", "ok"),
        ("We saw blue tits and a robin on the nature walk", "ok"),
        ("Scunthorpe and Penistone teams are both in the final", "ok"),
        ("Effing and jeffing at the satnav all the way there", "ok"),
        ("So proud of Ellie today!", "ok"),
        ("My son is autistic and the staff have been wonderful", "ok"),
        ("I'm such an idiot, I forgot the forms again", "ok"),
        ("", "ok"),
        ("👏👏👏", "ok"),
        # abusive: insults, threats, slurs, masked forms
        ("Mr Grant is a lazy pig", "abusive"),
        ("You absolute muppet, it was in the letter", "abusive"),
        ("That teacher is a useless cow", "abusive"),
        ("Keep it up and see what happens. I know where you live.", "abusive"),
        ("Someone should slap that head teacher", "abusive"),
        ("Typical r3tards in charge", "abusive"),
        ("Miss Hart is such a b1tch", "abusive"),
        ("Mrs Dean is a f***ing joke", "abusive"),
        ("Hope your car gets keyed", "abusive"),
        # profane: swearing with no target
        ("F*cking freezing on the touchline", "profane"),
        ("Sh*t, I forgot the permission slip", "profane"),
        ("Bloody brilliant concert", "profane"),
        ("Ffs the app is down again", "profane"),
        ("What the hell happened to the bus", "profane"),
        # spam
        ("Earn £500 a day from home, no experience needed! DM me", "spam"),
        ("Free spins at Lucky Casino 🎰 no deposit", "spam"),
        ("Bitcoin doubling offer, send 0.1 BTC get 0.2 back", "spam"),
        ("Loans available, no credit check, WhatsApp now", "spam"),
        ("Cheap designer trainers £30 a pair, message me", "spam"),
        ("Your page will be disabled for breaching community standards, appeal here", "spam"),
        # personal data (no roster: a written-out child reference plus a detail)
        ("My son Oliver Whitaker in Year 5 is allergic to eggs", "personal_data"),
        ("Hi I'm Maisie's mum, call me on 07700 900123 about lifts", "personal_data"),
        ("My daughter Isla is 6 and in Robins class, she has chickenpox", "personal_data"),
        # safeguarding
        ("i dont want to be here anymore, everyone would be better off without me", "safeguarding"),
        ("got new sleeves to hide my arms", "safeguarding"),
        ("my stepdad hits me when mum is at work", "safeguarding"),
        ("there's no food in the house and mum hasnt been home since friday", "safeguarding"),
        ("Hey sweetie, add me on snap, no need to tell your parents", "safeguarding"),
        ("Any Year 9 lads want to earn quick cash dropping parcels for me? DM", "safeguarding"),
        ("A man in a van is offering the kids sweets by the gate", "safeguarding"),
        ("Someone is pretending to be Mr Green and messaging pupils", "safeguarding"),
        ("He is threatening to post her pics unless she pays", "safeguarding"),
    ],
)
def test_comment_label(text: str, expected: str) -> None:
    assert_label(text, expected)


def test_every_detection_on_a_safeguarding_comment_routes_to_the_dsl() -> None:
    text = "you idiot, i know where the girl in the red coat lives"
    found = DETECTOR.detect(comment(text), DetectionContext())
    assert [d.subtype for d in found] == ["safeguarding", "abusive"]
    for d in found:
        assert d.attributes["action"] == "hide-and-refer-to-DSL"
        assert d.fix is not None and "DSL" in d.fix
        assert "action: hide-and-refer-to-DSL" in d.explanation
