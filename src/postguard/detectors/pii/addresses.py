"""UK street addresses: a house number, a street name and a street type.

``22 Hawthorn Road, KB4 3PL``, ``8 Ashby Close``, ``Flat 3, 12 High Street``,
``14 Willow Crescent\\nKelbridge\\nKB4 2RS``. The quote runs from the flat or house
number to the street type, and on through a town to the postcode when one is
written with it. A house number is required: a street on its own ("near the Co-op
on Trent Road") is a place, not an address. Left out: the schools' own published
addresses, and a venue's address written after the venue's name ("Kelbridge
Leisure Centre, 40 Trent Road"), which is public.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from postguard.detectors.pii.hit import PiiHit
from postguard.detectors.pii.official import OfficialDetails
from postguard.detectors.pii.postcodes import POSTCODE

_STREET_TYPES = (
    "Road Rd Street St Avenue Ave Close Crescent Cres Drive Dr Lane Ln Way Place Pl Court Ct "
    "Gardens Gdns Grove Terrace Tce Walk Mews Square Sq Hill Rise View Row Parade Park Green "
    "Vale Fields Meadow Meadows Croft Chase Wharf Yard Gate Boulevard Grange Lea Mead Bank "
    "Brow Circus Mount Approach Dale Drove Garth Glade Glen Heights Hollow Nook Orchard "
    "Paddock Promenade Quay Ridge Spinney Wynd Embankment Broadway Causeway Copse Dene Leys "
    "Mall Oval Reach Ride Steps Strand Sweep Villas Cottages Estate Wood Side End"
).split()
_TYPE = (
    "(?:"
    + "|".join(sorted({*_STREET_TYPES, *(t.upper() for t in _STREET_TYPES)}, key=len, reverse=True))
    + ")"
)
_WORD = r"(?:[A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)?|St\.?|[A-Z]{2,}(?:'S)?)"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,2}}"
_PREFIX = (
    r"(?:(?:Flat|FLAT|Apartment|Apt\.?|Unit|Maisonette)[ ]\d{1,3}[A-Za-z]?"
    r"(?:,[ ]?|[ ]|,?[ ]*\n[ ]*))"
)
#: A house number (1-9999, never a year 1900-2099), perhaps with a letter or a range.
_NUMBER = (
    r"(?<![\w£$€#./:\-])(?!(?:19|20)\d\d\b)[1-9]\d{0,3}[A-Za-z]?"
    r"(?:[-\u2013/][1-9]\d{0,3}[A-Za-z]?)?"
)
_BREAK = r"(?:\.?,[ \t]*|\.?[ \t]+|\.?,?[ \t]*\n[ \t]*)"
_TOWN = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
_PATTERN = (
    rf"({_PREFIX}?)({_NUMBER}),?[ ]({_NAME})[ ]({_TYPE})(?![\w\-])"
    rf"(?:{_BREAK}(?:{_TOWN}{_BREAK}){{0,2}}({POSTCODE})(?![A-Za-z0-9]))?"
)
_ADDRESS = re.compile(_PATTERN)
#: Addresses typed in lower case ("we live at 22 hawthorn road") count after words
#: that say an address follows.
_ADDRESS_ANY_CASE = re.compile(_PATTERN, re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    "the a an on in at to of my our your his her their and or by for from with this that is are "
    "it we you they be was".split()
)
_SAYS_ADDRESS_ANYWHERE = re.compile(
    r"\b(?:live[sd]?|living|address|house|home|door|moved|staying|outside)\b", re.IGNORECASE
)
_SAYS_ADDRESS = re.compile(
    r"\b(?:live[sd]?|living|address(?:[ ]is)?|house|home|door|moved|staying|outside)\b"
    r"[^.!?\n]{0,15}$",
    re.IGNORECASE,
)
#: A number after one of these is not a house number ("Year 5 Kingfishers Walk").
_COUNTED = re.compile(
    r"\b(?:year|yr|class|room|page|level|stage|step|chapter|platform|gate|form|table|lesson"
    r"|week|day|term|group|team|under|top|the|our|over|about|only|just|all|every"
    r"|ks|key stage)\.?[ ]*$",
    re.IGNORECASE,
)
#: First street-name words that make a "number + name + type" an event or a count.
_NOT_STREETS = frozenset(
    "Mile Miles Minute Minutes Hour Hours Day Days Week Weeks Year Years Month Months Km K "
    "Metre Metres Lap Laps Sponsored Charity Fun Nature Sensory Reading Memory Photo Treasure "
    "Heritage History Woodland Forest Class Team Star Stars Point Points Goal Goals Times "
    "Little Big New Old".lower().split()
)
#: A venue named just before an address makes it the venue's (public) address.
_VENUE = re.compile(
    r"\b(?:Centre|Center|Library|Hall|Church|Chapel|Mosque|Temple|Gurdwara|Synagogue|Club"
    r"|Stadium|School|Academy|College|University|Museum|Theatre|Cinema|Ground|Pool|Surgery"
    r"|Station|Hotel|Cafe|Café|Shop|Store|Leisure|Community|Arena|Office|Council|Hospital"
    r"|Pharmacy|Practice|Ltd|Limited|plc|Restaurant|Pub|Inn|Farm|Garden Centre|Park)\b"
    r"[^.!?\n]{0,15},?[ ]*(?:\n[ ]*)?$"
)
_CONTEXT = 40

FIX = (
    "Remove the home address; give a public meeting point or ask families to contact "
    "the school office instead."
)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    yield from _ADDRESS.finditer(text)
    if not _SAYS_ADDRESS_ANYWHERE.search(text):
        return
    for m in _ADDRESS_ANY_CASE.finditer(text):
        if (
            m.group(4).islower()
            and _FUNCTION_WORDS.isdisjoint(m.group(3).lower().split())
            and _SAYS_ADDRESS.search(text, max(0, m.start() - _CONTEXT), m.start())
        ):
            yield m


@dataclass(frozen=True, slots=True)
class AddressScan:
    """Personal addresses found, and the spans of public ones (a venue's, a school's).

    A postcode inside a public address is public too.
    """

    hits: list[PiiHit]
    public: list[tuple[int, int]]

    def is_public(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.public)


def find_addresses(text: str, official: OfficialDetails) -> AddressScan:
    """UK street addresses in ``text`` (with any postcode written after them)."""
    scan = AddressScan([], [])
    if not any(c.isdigit() for c in text):
        return scan
    for m in _candidates(text):
        if m.group(3).split(" ")[0].rstrip(".").lower() in _NOT_STREETS:
            continue
        start = m.start()
        if not m.group(1) and _COUNTED.search(text, max(0, start - _CONTEXT), start):
            continue
        postcode = m.group(5)
        street = text[m.start(2) : m.end(4)]
        if (
            _VENUE.search(text, max(0, start - _CONTEXT), start)
            or official.is_official_address(street)
            or (
                postcode is not None
                and official.is_official_postcode(postcode)
                and official.is_official_address(m.group(3) + m.group(4))
            )
        ):
            scan.public.append((start, m.end()))
            continue
        score = 0.95 if postcode else 0.85
        what = "a home address with its postcode" if postcode else "a street address"
        scan.hits.append(
            PiiHit(
                start,
                m.end(),
                "postal_address",
                score,
                f"The text gives {what}, which says where a family lives (S7).",
                FIX,
                {"has_postcode": postcode is not None},
            )
        )
    return scan
