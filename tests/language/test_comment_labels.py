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
        ("I feel like a complete idiot, I missed parents' evening", "ok"),
        # look-alikes of slurs and insults (issue #5, the Davidson gap)
        ("Ho ho ho! Santa's grotto opens at 3 in the hall", "ok"),
        ("Please send in coloured pencils for the art project", "ok"),
        ("This letter is gobbledygook to me, what does it mean?", "ok"),
        ("They've got chinks in their armour, we can beat them Saturday", "ok"),
        ("Honky-tonk piano night at the PTA social 🎹", "ok"),
        ("Pussy willow and catkins on the nature table", "ok"),
        ("Which day is the trash collected from the school kitchen?", "ok"),
        ("Gardening club needs hoes, rakes and trowels please", "ok"),
        ("Spotted dick and custard on the Victorian menu!", "ok"),
        ("How many paracetamol can a 7 year old have for a temperature?", "ok"),
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
        # respelled slurs, slurs at groups, insults not about the writer
        ("Go on then, try me pussy", "abusive"),
        ("Look at these hoes in the photo", "abusive"),
        ("the side ho from the PTA again", "abusive"),
        ("nice wigger haircut in the team photo", "abusive"),
        ("that n*ggah in the front row", "abusive"),
        ("The travellers at this school are white trash", "abusive"),
        ("coloured folk shouldn't be on the PTA", "abusive"),
        ("He's trash and so is his kid", "abusive"),
        ("skanks the lot of them", "abusive"),
        ("all the muzzies at the gate, go back where you came from", "abusive"),
        ("someone should burn the lot of them out", "abusive"),
        # profane: swearing with no target
        ("F*cking freezing on the touchline", "profane"),
        ("Sh*t, I forgot the permission slip", "profane"),
        ("Bloody brilliant concert", "profane"),
        ("Ffs the app is down again", "profane"),
        ("What the hell happened to the bus", "profane"),
        ("fuk this weather", "profane"),
        # no rule: the model alone, very sure (classifier.MODEL_OFFENSIVE)
        ("suck my dick", "profane"),
        # spam
        ("Earn £500 a day from home, no experience needed! DM me", "spam"),
        ("Free spins at Lucky Casino 🎰 no deposit", "spam"),
        ("Bitcoin doubling offer, send 0.1 BTC get 0.2 back", "spam"),
        ("Loans available, no credit check, WhatsApp now", "spam"),
        ("Now hiring: product testers £28/hour, apply via the link in my bio", "spam"),
        ("Hey hun! Exciting opportunity for mums wanting extra income, drop me a message", "spam"),
        ("Private loans, fast approval, text 07700 900444", "spam"),
        ("Cheap designer trainers £30 a pair, message me", "spam"),
        ("Your page will be disabled for breaching community standards, appeal here", "spam"),
        # personal data (no roster: a written-out child reference plus a detail)
        ("My son Oliver Whitaker in Year 5 is allergic to eggs", "personal_data"),
        ("Hi I'm Maisie's mum, call me on 07700 900123 about lifts", "personal_data"),
        ("My daughter Isla is 6 and in Robins class, she has chickenpox", "personal_data"),
        # a private person's contact details on their own (S7)
        ("Found a purple scooter by the gates, ring me on 07700 900321", "personal_data"),
        ("Carpool list: drop me a line at jo.parkes@hotmail.co.uk", "personal_data"),
        ("We're at 9 Millbeck Grove if anyone wants to share the walk", "personal_data"),
        ("Ring the school office on 01632 960123 to book", "ok"),
        # safeguarding
        ("i dont want to be here anymore, everyone would be better off without me", "safeguarding"),
        ("got new sleeves to hide my arms", "safeguarding"),
        ("my stepdad hits me when mum is at work", "safeguarding"),
        ("there's no food in the house and mum hasnt been home since friday", "safeguarding"),
        ("nobody has cooked us dinner all week, dad isnt getting out of bed", "safeguarding"),
        ("my uncle makes me stand outside in the garden when he's drunk", "safeguarding"),
        ("how many tablets would it take, asking for me", "safeguarding"),
        ("ive written my goodbye notes. sorry everyone", "safeguarding"),
        ("the railway bridge looks so peaceful at night", "safeguarding"),
        ("my stepdad locks the fridge when he goes out", "safeguarding"),
        ("ive started wearing two jumpers so nobody sees", "safeguarding"),
        ("what time does the canal path get dark, asking for a reason", "safeguarding"),
        ("that Year 7 in the red coat is getting battered when I see him", "safeguarding"),
        ("She better watch herself walking home, I know which way she goes", "safeguarding"),
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
