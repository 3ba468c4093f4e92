"""PiiDetector: table tests per personal-data type, positives and hard negatives.

Every case goes through one assertion helper, :func:`assert_pii`, which checks the
exact (subtype, quote) list and that each quote is the text at its span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from postguard.content import comment, post
from postguard.detectors.base import DetectionContext
from postguard.detectors.pii import PII_TYPES, PiiDetector, PiiParams
from postguard.detectors.registry import detector_class
from postguard.findings import Candidate, Detection
from postguard.roster.models import Contact, Pupil, Roster, SchoolContacts, StaffMember

TODAY = date(2026, 11, 23)
PRIMARY = "Oakfield Primary"
ACADEMY = "Oakfield Academy"


def _pupil(upn: str, forename: str, surname: str, dob: date, school: str, **kw: object) -> Pupil:
    return Pupil(upn, forename, surname, forename, surname, "1", "1A", dob, school, **kw)  # type: ignore[arg-type]


RUBY = _pupil("A960100119001", "Ruby", "Kaur", date(2019, 11, 20), PRIMARY)
ZOE = _pupil("P960100119002", "Zoë", "Price", date(2014, 9, 19), ACADEMY)
JADE = _pupil(
    "D960100119003", "Jade", "Nwosu", date(2006, 5, 1), ACADEMY, leaving_date=date(2024, 7, 20)
)
MIA = _pupil("T960100119004", "Mia", "Shah", date(2022, 3, 1), PRIMARY)
OSCAR = _pupil("G960100119005", "Oscar", "Hall", date(2012, 10, 10), ACADEMY)
ROSE = _pupil("W960100119006", "Rose", "Church", date(2008, 11, 1), ACADEMY)

ROSTER = Roster(
    pupils=(RUBY, ZOE, JADE, MIA, OSCAR, ROSE),
    staff=(
        StaffMember(
            "S1", "Mrs", "Anne", "Green", "Teacher", "a.green@oakfieldtrust.org.uk", PRIMARY
        ),
    ),
    contacts=(
        Contact(
            RUBY.upn, "Gurpreet", "Kaur", "Mother", "gurpreet.kaur@example.com", "07700 900317"
        ),
    ),
    schools=(
        SchoolContacts(
            name=PRIMARY,
            address="Oakfield Primary School, 1 Mill Lane, Kelbridge KB9 1AA",
            postcode="KB9 1AA",
            phones=("01632 960100", "07700 900450"),
            emails=("office@oakfieldtrust.org.uk",),
            websites=("https://www.oakfieldprimary.org.uk",),
        ),
    ),
)


@dataclass(frozen=True)
class Match:
    """The fields of ``postguard.roster.index.NameMatch`` that the detector reads."""

    start: int
    end: int
    quote: str
    form: str
    candidates: tuple[Candidate, ...]
    score: float


class FakeNames:
    """Stands in for RosterIndex: exact written forms of the fixture pupils."""

    FORMS = {
        "Ruby Kaur": RUBY,
        "Ruby": RUBY,
        "Zoë Price": ZOE,
        "Zoë": ZOE,
        "Price": ZOE,
        "Jade": JADE,
        "Mia": MIA,
        "Oscar Hall": OSCAR,
        "Rose Church": ROSE,
    }
    _RX = re.compile(r"\b(" + "|".join(sorted(FORMS, key=len, reverse=True)) + r")\b")

    def find(self, text: str, school: str | None = None) -> list[Match]:
        return [
            Match(
                m.start(),
                m.end(),
                m.group(),
                "exact",
                (Candidate(self.FORMS[m.group()].upn, 0.9),),
                0.9,
            )
            for m in self._RX.finditer(text)
        ]


CONTEXT = DetectionContext(roster=ROSTER, names=FakeNames(), today=TODAY)  # type: ignore[arg-type]


def detect(text: str, context: DetectionContext = CONTEXT, **params: object) -> list[Detection]:
    detector = PiiDetector(PiiParams(**params)) if params else PiiDetector()  # type: ignore[arg-type]
    return list(detector.detect(post(text, school=PRIMARY), context))


def assert_pii(text: str, expected: Sequence[tuple[str, str]], **params: object) -> None:
    """The detections are exactly ``expected`` (subtype, quote), each quoting its own span."""
    found = detect(text, **params)
    assert [(d.subtype, d.quote) for d in found] == list(expected)
    for d in found:
        assert d.kind == "pii" and d.detector_id == "pii"
        assert d.location.start is not None and d.location.end is not None
        assert text[d.location.start : d.location.end] == d.quote
        assert d.explanation and d.fix


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Text Agnieszka on 07700 900318 if you'd like a lift.", ["07700 900318"]),
        ("ring or text Gemma on 07700900671, or drop", ["07700900671"]),
        ("message his mum on +44 7700 900 908 🙏", ["+44 7700 900 908"]),
        ("If you see him please call 07700 900 784.", ["07700 900 784"]),
        ("Grandad's landline is (01632) 960 123.", ["(01632) 960 123"]),
        ("From abroad call 0044 7700 900908 please", ["0044 7700 900908"]),
        ("Mum: +44 (0)7700 900909 (evenings)", ["+44 (0)7700 900909"]),
        ("Dad 07700-900-317 any time", ["07700-900-317"]),
        ("Ring 0116 496 0123 after six", ["0116 496 0123"]),
        ("Her London number is 020 7946 0123.", ["020 7946 0123"]),
        ("Numbers: 07700 900318 07700 900319", ["07700 900318", "07700 900319"]),
        ("07700 900318/07700 900319", ["07700 900318", "07700 900319"]),
        ("Phone:07700900323", ["07700900323"]),
        ("Tap tel:+447700900320 to call", ["+447700900320"]),
        ("WhatsApp https://wa.me/447700900321 now", ["447700900321"]),
        ("Spaced out: 0 7 7 0 0 9 0 0 3 2 2 !", ["0 7 7 0 0 9 0 0 3 2 2"]),
        ("Her French mobile is +33 6 12 34 56 78.", ["+33 6 12 34 56 78"]),
        ("Call Ruby's mum on 07700 900317", ["07700 900317"]),
        ("Hidden: 07700\u200b900318 ok", ["07700\u200b900318"]),
        ("In case 07700 900318 is busy, try again", ["07700 900318"]),
        ("Dad (+44) 7700 900318 any time", ["(+44) 7700 900318"]),
        ("Office hours: 0044 (0) 7700 900318", ["0044 (0) 7700 900318"]),
        ("Wide: \uff10\uff17\uff17\uff10\uff10 900318", ["\uff10\uff17\uff17\uff10\uff10 900318"]),
        ("Non-breaking: 07700\u00a0900318.", ["07700\u00a0900318"]),
    ],
)
def test_phones(text: str, expected: list[str]) -> None:
    assert_pii(text, [("phone", q) for q in expected])


@pytest.mark.parametrize(
    "text",
    [
        "Any questions, call the office on 01632 960100.",
        "On the trip, use the trips mobile on 07700 900450.",
        "From abroad the office is +44 1632 960100.",
        "What a match: we won 4-1 and the girls won 12-10!",
        "Tickets £12.50, doors 6.30pm, for the 2026-2027 season.",
        "Order no. 01234 567890 has shipped.",
        "Your booking ref: 01234 567891 is confirmed",
        "Membership number 07700 900317 renews in May",
        "Childline 0800 1111 or the NSPCC helpline 0808 800 5000.",
        "Council tax line 0300 123 4567 for help with bills",
        "Results 01.02.2026 10.30 in the hall",
        "Buy ISBN 978-0-14-103614-4 from the bookshop",
        "Call 07700 9003 today",
        "Reference 077009003171234 please",
        "The code is X07700900317Y",
        "Code Z960201719605 is neither a phone nor a UPN",
        "Started at 08.20-09.15 then 10.30-11.45",
    ],
)
def test_phone_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "please email her mum at kirsty.hodgson88@example.com. Thanks",
            "kirsty.hodgson88@example.com",
        ),
        ("contact Lisa (lisa.m.bramwell@example.net) today", "lisa.m.bramwell@example.net"),
        ("Write to First.Last+pta@sub.example.co.uk", "First.Last+pta@sub.example.co.uk"),
        ("Mrs Green's own email a.green1975@gmail.com", "a.green1975@gmail.com"),
        ("Mail dave [at] example [dot] com for forms", "dave [at] example [dot] com"),
        ("or kirsty (at) example.org tonight", "kirsty (at) example.org"),
        ("Mum: gurpreet.kaur@example.com", "gurpreet.kaur@example.com"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    assert_pii(text, [("email", expected)])


@pytest.mark.parametrize(
    "text",
    [
        "Please see Mrs Green (a.green@oakfieldtrust.org.uk) if you're worried.",
        "Any questions, please email office@oakfieldtrust.org.uk.",
        "Any questions, please email OFFICE@OakfieldTrust.ORG.uk.",
        "IT desk: it@mail.oakfieldtrust.org.uk",
        "Say hello@oakfieldprimary.org.uk",
        "Follow us at @oakfield@mastodon.social for news",
        "Cakes @ £1 each, or 3 @ £2",
        "Look at me@ the fair",
        "Apply via admissions@nottinghamshire.example.gov.uk or info@kelbridge-fc.example.com",
        "Questions to enquiries@example.org, no-reply@example.com or Hello@example.net",
    ],
)
def test_email_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("two spare seats from the Trentside estate (KB2 4QW).", "KB2 4QW"),
        ("Anyone near KB2 9FE able to help with a lift?", "KB2 9FE"),
        ("drop-off is at kb4 6hw this week", "kb4 6hw"),
        ("Our postcode is KB46HW if that helps", "KB46HW"),
        ("visiting SW1A 1AA and", "SW1A 1AA"),
        ("in M1 1AE near the station", "M1 1AE"),
        ("the farm at EC1A 1BB.", "EC1A 1BB"),
        ("Posting to GIR 0AA!", "GIR 0AA"),
    ],
)
def test_postcodes(text: str, expected: str) -> None:
    assert_pii(text, [("postcode", expected)])


@pytest.mark.parametrize(
    "text",
    [
        "Visit us at school, KB9 1AA.",
        "Our U11 1st XI won again",
        "Y6 4th place at the relay",
        "y6 4th place at the relay",
        "Kb4 3pl is not written like a postcode",
        "Anyone in KB2 able to help?",
        "Use your Casio fx-991EX in the exam",
        "Drive up the A1 towards the north",
        "More at http://tl.gd/b245js today",
        "Shout out to @KYR_SP33DY and #KB43PL",
        "COVID-19 rules have changed",
        "B12 3rd floor",
    ],
)
def test_postcode_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "pop it through the door at 14 Willow Crescent, KB4 2RS (Ellie's house).",
            "14 Willow Crescent, KB4 2RS",
        ),
        ("starts outside 22 Hawthorn Road, KB4 3PL at 8.20am", "22 Hawthorn Road, KB4 3PL"),
        ("drop your order through her door at 8 Ashby Close.", "8 Ashby Close"),
        ("Collect from Flat 3, 12 High Street by Friday", "Flat 3, 12 High Street"),
        (
            "Send cards to:\n22 Hawthorn Road\nKelbridge\nKB4 3PL\nThanks",
            "22 Hawthorn Road\nKelbridge\nKB4 3PL",
        ),
        ("we live at 5 Larch Road KB4 5NW, can the bus stop", "5 Larch Road KB4 5NW"),
        ("It's 12a St John's Road, the blue door", "12a St John's Road"),
        ("MY ADDRESS IS 41 CEDAR AVENUE, KB2 9FE", "41 CEDAR AVENUE, KB2 9FE"),
        (
            "Party at 7 Beech Grove, Kelbridge, KB2 1XY on Sunday",
            "7 Beech Grove, Kelbridge, KB2 1XY",
        ),
    ],
)
def test_postal_addresses(text: str, expected: str) -> None:
    assert_pii(text, [("postal_address", expected)])


@pytest.mark.parametrize(
    "text",
    [
        "Year 5 Kingfishers Walk this Friday!",
        "Join our 5 Mile Walk for charity",
        "Last seen near the Co-op on Trent Road.",
        "Matches at Kelbridge Leisure Centre, 40 Trent Road, from 9am",
        "The gala is at Kelbridge Leisure Centre, 40 Trent Road, KB2 1AB on Saturday",
        "Find us at Oakfield Primary School, 1 Mill Lane, Kelbridge KB9 1AA",
        "The entrance is at 1 Mill Lane.",
        "In 2019 Trent Road was closed for a week",
        "We walked 3 miles along the road",
        "Our top 10 Reading Road Trips",
        "see you at 3 hawthorn road",
        "I am home at 5 on the way back",
    ],
)
def test_address_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Awarded to: Zoë Price\nDate of birth: 19/09/2014\nSchool: Oakfield", "19/09/2014"),
        ("Zoë Price, 7H\nD.O.B. 19.09.2014\nWell done!", "19.09.2014"),
        ("Ruby Kaur, Owls class, DOB 20/11/2019 – she can't", "20/11/2019"),
        ("Zoë Price (born 19 September 2014) is eligible", "19 September 2014"),
        ("Certificate: Ruby Kaur 20/11/2019", "20/11/2019"),
        ("Ruby Kaur celebrates her birthday on 20th November", "20th November"),
        ("She was born on 2/8/1935. Her maiden name is Clark", "2/8/1935"),
        ("DOB: 2014-09-19", "2014-09-19"),
        ("born on 10/23/1951 in Ohio", "10/23/1951"),
        ("Please tell me your date of birth. It's 6/24/1991", "6/24/1991"),
        ("Zoë Price 19/09/2014 (DOB), 7H", "19/09/2014"),
        ("Name: Joe Bloggs\nDate of Birth:\n03/05/2011\nClass: 9H", "03/05/2011"),
        ("DOB 3rd May 2011", "3rd May 2011"),
    ],
)
def test_dates_of_birth(text: str, expected: str) -> None:
    assert_pii(text, [("date_of_birth", expected)])


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Green's little boy was born on 2nd November weighing 7lb 3oz.",
        "Baby Noah was born on 02/11/2026 – congratulations!",
        "Christmas fair on Friday 18th December from 3pm.",
        "The trip is on 14/06/2027, forms by Friday.",
        "Zoë Price played brilliantly on 5 December.",
        "Ruby Kaur read to the class on 20th November.",
        "On 19/09/2014 the school opened its new hall.",
        "Birthday party tickets for 12/12/2026 are on sale.",
        "Founded on 1 September 1998 by local families.",
    ],
)
def test_date_of_birth_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Awarded to: Ruby Kaur (A960100119001)", "A960100119001"),
        ("pupil numbers:\nT960203126240\nE960203124394", "T960203126240 E960203124394"),
        ("lowercase a960100119001 too", "a960100119001"),
        ("UPN: B960100119001 (typed wrong)", "B960100119001"),
    ],
)
def test_upns(text: str, expected: str) -> None:
    assert_pii(text, [("upn", q) for q in expected.split()])


@pytest.mark.parametrize(
    "text",
    [
        "Voucher B960100119001 is not a UPN: wrong check letter, no label",
        "Code A9601001190011 has 13 digits",
        "Order 960100119001 has no letter",
    ],
)
def test_upn_hard_negatives(text: str) -> None:
    assert_pii(text, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("🎂 Happy 7th birthday to Ruby in Owls class!", "7th birthday to Ruby"),
        ("At just 12, Zoë in 7H is already the youngest player", "At just 12, Zoë"),
        ("Jade, 20, still holds our school 200m record.", "Jade, 20"),
        ("went home with Mia (4) for half-term", "Mia (4)"),
        (
            "Happy 18th birthday to our Head Girl Rose Church 🎉",
            "18th birthday to our Head Girl Rose Church",
        ),
        ("Ruby turns 7 today!", "Ruby turns 7"),
        ("Well done to our 12-year-old Zoë", "12-year-old Zoë"),
        ("Zoë, aged 12, won the county title", "Zoë, aged 12"),
        ("It was Ruby's 7th birthday on Friday", "Ruby's 7th birthday"),
        ("My daughter Mia is 4 and in Bumblebees", "Mia is 4"),
        ("Congratulations to Rose Church on her 18th birthday", "Rose Church on her 18th birthday"),
        ("At just twelve, Zoë beat them all", "At just twelve, Zoë"),
        ("At 12, Zoë is the youngest in the league", "At 12, Zoë"),
        ("Well done Ruby (aged 7) for her poem", "Ruby (aged 7)"),
        ("Ruby, who turned 7 last week, read to us", "Ruby, who turned 7"),
        ("Happy birthday Ruby, 7 today!", "Ruby, 7 today"),
        ("Happy birthday Ruby \u2013 7 today!", "Ruby \u2013 7 today"),
        ("Meet Ruby, our 7-year-old poet", "Ruby, our 7-year-old"),
        ("Celebrating her 7th birthday, Ruby brought cakes", "7th birthday, Ruby"),
    ],
)
def test_ages_with_names(text: str, expected: str) -> None:
    assert_pii(text, [("age_with_name", expected)])


@pytest.mark.parametrize(
    "text",
    [
        "Tries from Oscar Hall (2), and a conversion from Zoë.",
        'A special mention to the child in Foxes class who told us she\'s "nearly 100".',
        "Happy 40th birthday to Mrs Price from all the staff!",
        "Oscar Hall, 3 goals, man of the match",
        "Ruby, 12, Mia and Zoë were the quiz team",
        "Our 7-year-olds loved the trip",
        "Jade, 32, our new coach",
        "Lunch is at 1, Zoë will bring the cake",
        "Ruby is 1 of 3 finalists",
    ],
)
def test_age_hard_negatives(text: str) -> None:
    assert_pii(text, [])


def test_several_types_in_one_post() -> None:
    assert_pii(
        "Ruby's mum says: text 07700 900317 or email gurpreet.kaur@example.com, "
        "or call at 22 Hawthorn Road, KB4 3PL.",
        [
            ("phone", "07700 900317"),
            ("email", "gurpreet.kaur@example.com"),
            ("postal_address", "22 Hawthorn Road, KB4 3PL"),
        ],
    )


def test_a_named_work_email_at_a_public_body_scores_low() -> None:
    (found,) = detect("Contact j.smith@kelbridge.gov.uk for the grant")
    assert (found.subtype, found.quote, found.score) == ("email", "j.smith@kelbridge.gov.uk", 0.6)


def test_roster_contacts_raise_the_score() -> None:
    known, unknown = detect("Call 07700 900317 or 07700 900318")
    assert known.score > unknown.score
    assert known.attributes["roster_contact"] and not unknown.attributes["roster_contact"]


def test_works_without_roster_or_names() -> None:
    bare = DetectionContext(today=TODAY)
    found = detect("Call 07700 900317; born on 2/8/1935; Happy 7th birthday to Ruby", bare)
    assert [(d.subtype, d.quote) for d in found] == [
        ("phone", "07700 900317"),
        ("date_of_birth", "2/8/1935"),
    ]


def test_types_param_limits_what_is_reported() -> None:
    assert_pii(
        "Call 07700 900318 or write to a@example.com", [("email", "a@example.com")], types={"email"}
    )


def test_min_score_param_drops_weak_hits() -> None:
    assert_pii("UPN: B960100119001", [], min_score=0.7)


def test_unknown_type_param_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown pii types"):
        PiiParams(types=frozenset({"phone", "shoe_size"}))


def test_registry_knows_the_detector() -> None:
    assert detector_class("pii") is PiiDetector
    assert set(PII_TYPES) == {
        "phone",
        "email",
        "postal_address",
        "postcode",
        "date_of_birth",
        "upn",
        "age_with_name",
    }


def test_comments_are_checked_too() -> None:
    found = PiiDetector().detect(comment("My number is 07700 900562 x"), CONTEXT)
    assert [(d.subtype, d.quote) for d in found] == [("phone", "07700 900562")]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 +()-./@:,KBRuby7thbirdayofDOB\nAZaz")),
        max_size=80,
    )
)
def test_any_text_gives_consistent_spans(text: str) -> None:
    found = detect(text)
    spans = [(d.location.start, d.location.end) for d in found]
    assert spans == sorted(spans)
    for d, (start, end) in zip(found, spans, strict=True):
        assert start is not None and end is not None and start < end
        assert text[start:end] == d.quote
    for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False):
        assert a_end is not None and b_start is not None and a_end <= b_start
