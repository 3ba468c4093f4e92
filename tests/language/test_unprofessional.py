"""Table tests of the unprofessional-post rules on posts written for these tests.

The table pins the rules (the detector with its tone model switched off): what the
tone model adds is tested in tests/language/test_tone.py and measured on whole sets.
"""

from __future__ import annotations

import pytest

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.unprofessional import UnprofessionalDetector, UnprofessionalParams

DETECTOR = UnprofessionalDetector(UnprofessionalParams(tone=False))


def assert_unprofessional(text: str, expected: list[tuple[str, str]]) -> None:
    """``expected``: (subtype, a passage the finding's quote must contain) per finding, in order."""
    found = DETECTOR.detect(post(text), DetectionContext())
    for d in found:
        assert d.kind == "unprofessional"
        assert d.quote == text[d.location.start : d.location.end]
    got = [(d.subtype, d.quote) for d in found]
    assert len(got) == len(expected), got
    for (subtype, quote), (want_subtype, want_part) in zip(got, expected, strict=True):
        assert subtype == want_subtype, got
        assert want_part in quote, got


@pytest.mark.parametrize(
    "text, expected",
    [
        # clean: neutral notices, debate motions, history, praise
        ("School is open as normal on Thursday despite national strike action.", []),
        ('Debate club motion: "This House would lower the voting age to 16".', []),
        ("Year 8 compared the King's coronation with Elizabeth II's.", []),
        ("Well done to Year 6 for the best attendance this week!", []),
        ("The discussions in class have been really mature and thoughtful.", []),
        ("Thank you to the parents who came to the fair.", []),
        # swearing: the word is the quote
        ("Bloody hell, what a result for Year 11!", [("swearing", "Bloody hell")]),
        ("It's pissing down but the match is on.", [("swearing", "pissing")]),
        ("Who the f*** moved the minibus keys?", [("swearing", "f***")]),
        # mockery of pupils or parents
        (
            "Thanks to the three parents who returned the slip… all three of you 🙃",
            [("mockery", "all three of you")],
        ),
        (
            "Well done 9X for the worst behaviour in the school this week. Really mature, lads.",
            [("mockery", "Well done 9X"), ("mockery", "Really mature")],
        ),
        (
            "Whoever keeps leaving the gate open: we know it's you, Mr Ball 😂",
            [("mockery", "we know it's you")],
        ),
        # individual matters, even unnamed
        (
            "The pupil involved has been permanently excluded.",
            [("individual_matter", "The pupil involved has been permanently excluded.")],
        ),
        (
            "Mrs Amis has left with immediate effect following a disciplinary hearing.",
            [("individual_matter", "with immediate effect")],
        ),
        ("Apologies, Year 3's teacher is off sick again.", [("individual_matter", "off sick")]),
        # staff disputes
        (
            "Some staff clearly have nothing better to do than complain to the paper.",
            [("staff_dispute", "nothing better to do")],
        ),
        # politics
        (
            "Remember who cut your school's budget when you vote for your MP.",
            [("political", "vote for")],
        ),
        (
            "Shame on this government for its cuts. #FundOurSchools",
            [("political", "Shame on"), ("political", "#FundOurSchools")],
        ),
        ("Proud of our staff on the picket line today ✊", [("political", "picket line")]),
        # cue combinations (a person or group + a sanction, criticism or side taken)
        (
            "The boy who started the fight at lunch has been sent home for two days.",
            [("individual_matter", "The boy who started the fight")],
        ),
        (
            "Mr Carr is off with stress again, so 6B has a supply teacher.",
            [("individual_matter", "Mr Carr is off with stress")],
        ),
        (
            "Apparently some parents think the car park is a racetrack 🙄",
            [("mockery", "Apparently some parents think")],
        ),
        (
            "Frankly our governors have let the staff down.",
            [("staff_dispute", "Frankly our governors have let the staff down.")],
        ),
        (
            "The Education Secretary has abandoned schools like ours. Time for a change!",
            [("political", "abandoned")],  # the second sentence alone names no politics
        ),
        # issue #5 round two: call-outs, rivals, one family, a dig across two sentences
        (
            "To the drivers who park across the school gates: we can see you.",
            [("mockery", "To the drivers who park")],
        ),
        (
            "Good luck to Oakfield on Saturday. They'll need it 😂",
            [("mockery", "They'll need it")],
        ),
        (
            "Well done Year 2 for attendance, apart from one child in 2B who has missed 15 days.",
            [("individual_matter", "missed 15 days")],
        ),
        (
            "Councillor Webb has done nothing for our roads. Time for a change in May!",
            [("political", "Councillor Webb has done nothing")],
        ),
        (
            "New reports format from head office. Nobody asked the teachers, obviously 🙄",
            [("staff_dispute", "Nobody asked the teachers")],
        ),
        (
            "The volcano experiment went a bit tits up, but Year 4 loved it!",
            [("swearing", "tits up")],
        ),
        (
            # neither sentence alone: the pair is quoted whole
            "Our MP visited Year 6 today. Time for a change, we say!",
            [("political", "Our MP visited Year 6 today. Time for a change")],
        ),
        # hard negatives for the cue combinations
        ("Year 6 built jack-in-the-box toys in DT 🤡 Some very jumpy teachers today!", []),
        ("Year 9 historians studied Bloody Sunday and the 1905 revolution.", []),
        ("First aid club learnt what to do about a bloody nose.", []),
        ("Please sign the permission slip for the Year 5 trip.", []),
        ("Year 3 made their own 'Vote for Pudding' posters in persuasive writing.", []),
        ("Dr Hughes from the local surgery talked to Year 6 about growing up.", []),
        ("Mr Lee ran the marathon for Cancer Research and raised £2,000!", []),
        ("The exclusions policy has been reviewed by governors.", []),
        ("School is closed on Thursday: it is a polling station for the local election.", []),
        ("Thank you to the trust's central team for their support this term!", []),
        # name-calling of a group of pupils or parents
        ("Honestly, Year 9 were feral today.", [("mockery", "Year 9 were feral")]),
        ("Some parents are absolute clowns at pick-up.", [("mockery", "absolute clowns")]),
        ("The children were animals on the farm in the nativity.", []),
        ("Our Year 6s were absolute legends today!", []),
        # rules stated for everyone are policy, not an individual's business
        ("Any pupil who is late three times will receive a detention.", []),
        ("Students who vape on site will be sent home.", []),
        ("Our behaviour policy explains when a pupil may be suspended.", []),
        ("We fully support the new phone policy.", []),
    ],
)
def test_unprofessional(text: str, expected: list[tuple[str, str]]) -> None:
    assert_unprofessional(text, expected)
