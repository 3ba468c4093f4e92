"""Safeguarding cues that combine: a net under the phrase rules of :mod:`safeguarding`.

Phrase rules miss new wordings (measured: docs/models.md). These checks look for
*combinations* of general cues instead of whole phrases:

* distress in a child's own voice: first person, no "my son/daughter" (a parent's
  voice), and danger words adding up to 2 (a strong word counts 2: "pills",
  "punched", "not safe"; a weaker one 1: "scared", "secret", "heating", "home");
* an adult's approach: flattery or age-probing ("how old", "grown up for 12",
  "just us") aimed at a child or with a private channel;
* exploitation: money, a young person and a task or private contact;
* image abuse: pictures plus a threat to send or share them;
* impersonation or watching: someone using a teacher's name, or filming children.

:func:`model_support` is the other way round: the concern model alone may refer
a comment only when it has at least one word a concern is made of (a person
spoken of or to, a child, danger, a private channel, money, pictures). Praise
such as "Well done everyone" or "Home time!" has none, however the model
scores it (issue #5).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from postguard.language.prefilter import Gate

_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|me|my|myself)\b")
_PARENT_VOICE = re.compile(
    r"\bmy\s+(?:son|daughter|kids?|child|children|lad|boy|girl|twins|grandson|granddaughter|"
    r"little\s+one|youngest|eldest)\b|\bour\s+(?:son|daughter|kids|children)\b"
)
_STRONG_DANGER = re.compile(
    r"\b(?:pills|tablets|overdose|suicid\w*|alive|kill\s+myself|punch(?:ed|es)|"
    r"kick(?:ed|s)|slapp?(?:ed|s)|strangl\w*|chok(?:ed|es)|bruis\w*|scars|cutting|"
    r"pushed\s+me|hits\s+me|hit\s+me|beat\s+me|throw\s+up|starv\w*(?!\s+(?:by|after|when|at|before)\b)|"
    r"(?:not|don'?t|dont|never)\s+(?:feel\s+)?safe|not\s+wake\s+up|not\s+(?:their|your)\s+fault|"
    r"touch(?:es|ed)?\s+me)\b"
)
_DANGER = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|hurt|hurts|hurting|secret|trouble|fault|alone|"
    r"locked|weight|hungry|heating|ill|crying|cry|stairs|fell|shouts?|screams?|drunk|angry|"
    r"pointless)\b"
)
_HOME = re.compile(
    r"\b(?:home|house|mum|mum's|mam|mom|dad|dad's|stepdad|step\s+dad|uncle|boyfriend|brother|"
    r"sister|nan|grandad)\b"
)
_FLATTERY = re.compile(
    r"\bhow\s+old\b|\bgrown\s+up\s+for\b|\bmature\s+for\b|\bjust\s+(?:us|the\s+two\s+of\s+us)\b|"
    r"\bhang\s+out\b|\b(?:his|my)\s+(?:house|place|flat|car)\b|\bcome\s+round\s+to\s+mine\b|"
    r"\bgive\s+(?:him|her|them)\s+(?:something|a\s+present|a\s+gift)\b|\b(?:present|gift)\s+for\s+(?:him|her)\b|"
    r"\byou(?:'re|\s+are|\s+look|\s+looked)\s+(?:so\s+|very\s+|really\s+)?(?:beautiful|gorgeous|pretty|"
    r"stunning|sexy|hot|cute)\b|\bextra\s+lessons\b"
)
_CHILD = re.compile(
    r"\b(?:girl|girls|boy|boys|lad|lads|kid|kids|child|children|teens?|young|little|pupils?|"
    r"year\s*\d+|y\d+|for\s+1[0-7]|on\s+stage|your\s+age|mum|mam|parents)\b"
)
_PRIVATE = re.compile(
    r"\b(?:message|dm|pm|inbox|text|snap|add)\s+me\b|\bprivately\b|\bnot\s+tell\b|\bdon'?t\s+tell\b|"
    r"\bfor\s+me\b|\bno\s+questions\b|\bjust\s+need\s+you\s+to\b"
)
_MONEY = re.compile(r"\b(?:money|cash|pays?\s+well|paid|earn|£\s?\d+)\b|£")
_TASK = re.compile(
    r"\b(?:hold|shift|carry|move|drop|deliver|collect|stuff|something|errands?|parcels?|bags?|packages?)\b"
)
_IMAGES = re.compile(r"\b(?:pictures|pics|photos|nudes|videos?|images)\b")
_SHARE_THREAT = re.compile(
    r"\b(?:send|share|post|show|leak)\w*\s+(?:them|it|those|the\s+\w+)\s+(?:to|with|on|around)\s+"
    r"(?:everyone|everybody|the\s+whole|all|his|her)\b|\bif\s+(?:she|he|i|you)\s+(?:doesn'?t|don'?t|won'?t)\b|"
    r"\bunless\s+(?:she|he|i|you)\b"
)
_IMAGE_OF = re.compile(
    r"\b(?:of|from)\s+(?:her|him|me|my\s+\w+|his\s+\w+|a\s+girl|a\s+boy)\b|\bnudes\b|\bnaked\b"
)
_WATCHING = re.compile(
    r"\busing\s+(?:mr|mrs|miss|ms|dr|sir)\.?\s+\w+'?s?\s+(?:name|photo|picture|pictures|account)\b|"
    r"\b(?:man|men|someone|somebody|person|woman|bloke|guy|stranger)\b[^.!?]{0,40}\b"
    r"(?:filming|photographing|taking\s+(?:photos|pictures|videos))\b"
)


#: Who a concern is about or addressed to: first person (singular or plural), the
#: person spoken to, a third person. Set phrases ("thank you", "see you", "you all")
#: are removed first: they address no one in particular.
_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|ive|i'll|i'd|me|my|myself|mine|we|us|our|ourselves|"
    r"you|u|ur|your|yours|yourself|he|she|him|her|his|hers|himself|herself|they|them)\b"
)
_SET_PHRASES = re.compile(
    r"\b(?:thank\s+(?:you|u)|thanks\s+to\s+(?:you|u)|see\s+(?:you|u)|(?:you|u)\s+all|"
    r"all\s+of\s+(?:you|u)|each\s+(?:and\s+every\s+)?one\s+of\s+(?:you|u))\b"
)
_SUPPORT = (_PERSON, _CHILD, _DANGER, _STRONG_DANGER, _PRIVATE, _MONEY, _IMAGES, _WATCHING)


def model_support(folded: str) -> bool:
    """Whether folded comment text gives the concern model anything to stand on.

    The model learned from ~100 safeguarding comments and scores some single
    words ("everyone", "home") high; on a short comment they carry the whole
    score. A safeguarding concern is always about someone: a model-only referral
    therefore needs one of the cue words above. Measured in docs/models.md."""
    text = _SET_PHRASES.sub(" ", folded)
    return any(p.search(text) for p in _SUPPORT)


@dataclass(frozen=True, slots=True)
class Concern:
    """Why a comment raises a safeguarding concern, and how strongly."""

    score: float
    reason: str


def _danger_points(text: str) -> int:
    return (
        2 * len(_STRONG_DANGER.findall(text))
        + len(_DANGER.findall(text))
        + min(1, len(_HOME.findall(text)))
    )


@functools.cache
def _cue_gate() -> Gate:
    return Gate([_STRONG_DANGER, _HOME, _FLATTERY, _MONEY, _IMAGES, _WATCHING])


_SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")


def concern(folded: str) -> Concern | None:
    """A safeguarding concern in folded (lower-case) comment text, or None.

    Cues must meet within one sentence (and the whole comment must not be in a
    parent's voice), so long texts do not collect stray cues."""
    # Each check below needs one of these patterns within a sentence, so within the text:
    # when the prefilter proves none can match, there is nothing to look at.
    if not _cue_gate().admits(folded):
        return None
    parent = _PARENT_VOICE.search(folded) is not None
    for m in _SENTENCES.finditer(folded):
        found = _sentence_concern(m.group(0), parent)
        if found is not None:
            return found
    return None


def _sentence_concern(text: str, parent: bool) -> Concern | None:
    if (
        not parent
        and _FIRST_PERSON.search(text)
        and _danger_points(text) >= 2
        and (_STRONG_DANGER.search(text) or _HOME.search(text))
    ):
        return Concern(0.7, "distress or danger described in the first person")
    if not parent and _FLATTERY.search(text) and (_CHILD.search(text) or _PRIVATE.search(text)):
        return Concern(0.7, "an adult's flattery or age-probing aimed at a child")
    if (
        _MONEY.search(text)
        and _CHILD.search(text)
        and _PRIVATE.search(text)
        and (_TASK.search(text) or "weekend" in text)
    ):
        return Concern(0.7, "money offered to young people for a task, privately")
    if _IMAGES.search(text) and _SHARE_THREAT.search(text) and _IMAGE_OF.search(text):
        return Concern(0.75, "a threat to share pictures of someone")
    if _WATCHING.search(text):
        return Concern(0.7, "someone impersonating staff or filming children")
    return None
