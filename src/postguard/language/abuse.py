"""Rules for abusive comments (insults, threats, slurs, hate) and for swearing.

Sharp criticism of a school or a member of staff is not abuse ("Pathetic
communication as usual" stays up); an insult said *of a person*, a threat, or
a slur is. Swearing with no target is "profane"; swearing at a person is abusive.
"""

from __future__ import annotations

import re
from dataclasses import replace

from postguard.language.folding import Folded
from postguard.language.lexicon import (
    MILD,
    PERSON_NOUNS,
    PROFANITY,
    SLURS,
    STRONG_INSULTS,
    TITLES,
    WEAK_INSULTS,
)
from postguard.language.rules import Rule, any_of, rule

ABUSIVE = "abusive"
PROFANE = "profane"

_TITLE = r"(?:" + "|".join(TITLES) + r")\.?\s+[a-z][\w'-]+"
_NOUN = any_of(PERSON_NOUNS)
_WHO = (
    rf"(?:{_TITLE}|(?:that|the|this|your|ur)\s+(?:[\w']+\s+){{0,2}}?{_NOUN}|"
    r"whoever\s+[\w']+(?:\s+[\w']+){0,3}|\bhe|\bshe|\bthey|\byou|\bu)"
)
_STRONG = any_of(STRONG_INSULTS, mask=True, interior=True, plural=True)
_WEAK = any_of(WEAK_INSULTS, mask=True, interior=True, plural=True)
_SWEAR = any_of(PROFANITY, mask=True)
_ARTICLE = (
    r"(?:a|an|such\s+a|such\s+an|the|all\s+a|a\s+right|an\s+absolute|a\s+complete|"
    r"a\s+total|one|just\s+a)"
)
_COPULA = (
    r"(?:'s|'re|\s+(?:is|are|was|were|looks\s+like|look\s+like|dresses\s+like|acts\s+like|"
    r"sounds\s+like))"
)
_HARM = r"(?:slap|smack|punch|thump|hit|batter|deck|kick|stab|hurt|kill|belt|lamp|do\s+in)"
_OTHER = r"(?!me\b|myself\b)"

ABUSE_RULES: tuple[Rule, ...] = (
    rule(
        "abuse.violence",
        ABUSIVE,
        r"\b(?:smash|kick|knock|punch|batter|cave|do)\s+(?:your|his|her|their)\s+(?:face|head|teeth|heads|faces)\s+in\b|"
        r"\bteach\s+(?:him|her|them|you|that\s+\w+(?:\s+\w+)?)\s+a\s+lesson\b|"
        r"\b(?:touch|hurt|go\s+near|look\s+at)\s+my\s+(?:kid|son|daughter|child|boy|girl)\s+again\b|"
        r"\byou'?ll\s+be\s+sorry\b|\bwait\s+till\s+i\s+get\s+hold\s+of\b|\bdead\s+meat\b|"
        r"\bwatch\s+yourself\b|\bi'?ll\s+get\s+you\b",
        0.9,
        "a threat of violence",
    ),
    rule(
        "abuse.insult_phrase",
        ABUSIVE,
        r"\bthick\s+as\s+(?:mince|shit|pig\s+shit|two\s+short\s+planks|a\s+brick)\b|\bstuck[\s-]up\b|"
        r"\bjumped[\s-]up\b|\bsnobs?\b|\b(?:nobody|no\s*one)\s+likes\s+you\b|"
        r"\beveryone\s+hates\s+(?:you|him|her)\b|\bcowards?\b|"
        r"\b(?:incompetent|clueless|spineless|gutless|two[\s-]faced|lying|useless|pathetic|lazy)\s+"
        r"(?:head|headteacher|teachers?|staff|woman|man|cow|git|idiot|bunch|liar|coward)\b|"
        r"\b(?:gypsies|gyppos|pikeys)\b|"
        r"\b(?:get|send|kick)\s+(?:these|them|those|all\s+the)\s+\w+\s+out\s+of\s+(?:our|this|the)\s+"
        r"(?:school|country|town)\b",
        0.8,
        "an insult or hostility aimed at people",
    ),
    rule(
        "abuse.slur",
        ABUSIVE,
        # Never a surname after a title ("Mrs Dykes in the office").
        r"(?<!mrs\s)(?<!mr\s)(?<!miss\s)(?<!ms\s)(?<!mx\s)(?<!dr\s)"
        + any_of(SLURS, mask=True, interior=True, plural=True),
        0.95,
        "a slur",
        SLURS,
    ),
    rule("abuse.insult", ABUSIVE, _STRONG, 0.85, "an insult", STRONG_INSULTS),
    rule(
        "abuse.insult_of_person",
        ABUSIVE,
        rf"{_WHO}(?:\s+[\w'*]+){{0,5}}?{_COPULA}\s+(?:{_ARTICLE}\s+)?(?:[\w*]+\s+){{0,3}}?{_WEAK}",
        0.75,
        "an insult said of a person",
        WEAK_INSULTS,
    ),
    rule(
        "abuse.insulting_description",
        ABUSIVE,
        rf"\b(?:fat|ugly|thick|stupid|lazy|useless|greedy|creepy|smelly|vile|evil|horrible|nasty|"
        rf"disgusting|talentless|pathetic|spiteful|rude)\s+(?:{_TITLE}|old\s+\w+|cow|git|woman|man|"
        rf"bloke|creature|witch|bitch|excuse\s+for\s+a\s+\w+|little\s+\w+)|"
        r"\blittle\s+(?:cow|shit|brat|rat|sod|git|toerag|madam|bitch|twat|scrote)\b",
        0.8,
        "an insulting description of a person",
    ),
    rule(
        "abuse.swearing_at_person",
        ABUSIVE,
        rf"{_WHO}(?:\s+[\w'*]+){{0,3}}?{_COPULA}\s+(?:{_ARTICLE}\s+)?{_SWEAR}\s+[\w*]+|"
        rf"\b(?:his|her|their|your|ur)\s+\w+\s+(?:is|are)\s+(?:as\s+)?(?:{_SWEAR}|{_WEAK})",
        0.8,
        "swearing aimed at a person",
        (*PROFANITY, *WEAK_INSULTS),
    ),
    rule(
        "abuse.ho",
        ABUSIVE,
        # "ho" for a woman, but never the "ho ho ho" of a Christmas post.
        r"\b(?:a|that|this|the|yo|your|ur|ya|side|these|those|them|all|my|ma|dat|dem|some|every)"
        r"\s+hos?\b(?!\s*[-,!]?\s*ho\b)",
        0.8,
        "an insult",
    ),
    rule(
        "abuse.mockery",
        ABUSIVE,
        r"\bcan'?t\s+\w+\s+to\s+save\s+(?:his|her|their|your)\s+li(?:fe|ves)\b|"
        r"\b(?:mr|mrs|miss|ms|dr)\s+\w+'?s\s+\w+\s+is\s+as\s+\w+\s+as\b|"
        r"\bfancies\s+(?:him|her)sel(?:f|ves)\b",
        0.7,
        "mockery of a person",
    ),
    rule(
        "abuse.shut_up",
        ABUSIVE,
        r"\bshut\s+(?:up|it|your\s+\w+)\b",
        0.7,
        "telling someone to shut up",
    ),
    rule(
        "abuse.threat",
        ABUSIVE,
        r"\bi'?(?:ll|\s+will|\s*am\s+going\s+to|'?m\s+going\s+to|'?m\s+gonna|\s+am\s+gonna)\s+"
        r"(?:be\s+waiting|come\s+(?:down|round|up)|find\s+(?:you|him|her|out\s+where)|sort\s+(?:you|him|her|them|\w+\s+\w+)\s+out|"
        rf"{_HARM}\s+{_OTHER}(?:you|him|her|them|that|the|mr|mrs|miss|ms))|"
        r"\b(?:see|let'?s\s+see)\s+what\s+happens\b|"
        r"\bi\s+know\s+where\s+(?:you|he|she|they)\s+(?:live|lives|park|parks|work|works|drive)|"
        r"\bwatch\s+(?:your|their|his|her)\s+backs?\b|"
        r"\bburn\s+(?:them|him|her|the\s+lot(?:\s+of\s+them)?|their\s+\w+)\s+(?:out|down)\b|"
        r"\bget\s+what'?s\s+coming\b|\bwon'?t\s+know\s+what'?s\s+hit\b|"
        r"\bgets?\s+what\s+(?:s?he|they|you|he)\s+deserves?\b|\byou'?ll\s+(?:regret|pay\s+for)\s+it\b|"
        rf"\b(?:should|needs?\s+to|ought\s+to|wants?\s+to)\s+{_HARM}\s+(?:you|him|her|them|that|the|this|mr|mrs|miss|ms|dr)\b|"
        r"\b(?:needs?|deserves?|wants?)\s+a\s+(?:good\s+)?(?:slap|smack|punch|kicking|hiding|beating|slapping)\b|"
        r"\bhope\s+(?:your|you|their|his|her|the|she|he|they)\b[^.!?]{0,30}\b(?:burns?|gets?\s+keyed|keyed|dies?|crash|crashes|rots?|gets?\s+hurt|gets?\s+sacked|gets?\s+what|chokes?|drowns?)|"
        r"\bi'?ll\s+(?:smash|key|torch|slash)\s+(?:it|your\s+\w+|his\s+\w+|her\s+\w+)(?:\s+in)?\b|\bi\s+know\s+(?:your\s+car|what\s+you\s+drive|your\s+reg)\b",
        0.9,
        "a threat",
    ),
    rule(
        "abuse.hate",
        ABUSIVE,
        r"\bgo\s+back\s+to\s+(?:where|your\s+own)\b|\bgo\s+back\s+where\s+(?:you|u|ya|they)\s+c[oa]me\s+from\b|"
        r"\bsend\s+(?:them|em|'em)\s+(?:all\s+)?back\b|"
        r"\bback\s+(?:to\s+)?(?:where|wherever)\s+(?:you|u|ya|they|she|he)\s+c[oa]me\s+from\b|"
        r"\bugliest\s+(?:kid|child|girl|boy|person|woman|man|teacher)\b|"
        r"\b(?:muslims|jews|hindus|sikhs|immigrants|foreigners|refugees|asylum\s+seekers|travellers|gypsies|"
        r"blacks|asians|poles|romanians|africans|pakistanis|gays|lesbians|trans\s+people)\s+"
        r"(?:shouldn'?t|should\s+not|should\s+never)\s+be\s+allowed\b|\b(?:stealing|taking)\s+(?:our|british|english)\s+jobs\b|"
        r"\bcolou?red\s+(?:folks?|people|man|men|woman|women|guy|guys|girl|girls|boy|boys|kids?)\b|"
        r"\bslant(?:ed)?[\s-]*eye[ds]?\b|\bslits?\s+for\s+eyes\b",
        0.85,
        "hostility to a group",
    ),
)

_STRONG_SWEAR = tuple(w for w in PROFANITY if w not in MILD)
_MILD_SWEAR = tuple(w for w in PROFANITY if w in MILD)

PROFANITY_RULES: tuple[Rule, ...] = (
    rule(
        "profanity.strong",
        PROFANE,
        any_of(_STRONG_SWEAR, mask=True),
        0.85,
        "swearing",
        _STRONG_SWEAR,
    ),
    rule(
        "profanity.mild",
        PROFANE,
        any_of(_MILD_SWEAR, mask=True)
        + r"|\bholy\s+sh\W*t\b|\bsh\*+t\b|\bpiss\s*take\b"
        + r"|\b(?:what|who|where|how|why)\s+the\s+hell\b"
        + r"|\bhell\s+(?:of\s+a|yes|no)\b"
        + r"|\bf[-'’]in[g'’]?(?![\w*])",
        0.7,
        "mild swearing",
        (*_MILD_SWEAR, "holy", "sh", "piss", "pisstake", "hell", "f"),
    ),
)

# Innocent phrases that hold the letters of a slur or an insult: a hit inside one is no hit,
# and the model's word is not taken when its offensive words are all inside them.
INNOCENT = re.compile(
    r"\bgobbledy[\s-]?gook\b|\bchinks?\s+in\s+(?:\w+\s+)?armou?r\b|\bhonk(?:e)?y[\s-]+tonks?\b|"
    r"\bpussy[\s-]?(?:cats?|willows?|foot(?:ing|ed)?)\b|\bho[\s,!-]+ho\b|\bwhite\s+trash\s+bags?\b|"
    r"\bhoes?\s*(?:,|and|&)\s*(?:rakes?|spades?|trowels?|forks?|shears)\b|"
    r"\b(?:rakes?|spades?|trowels?|forks?)\s*(?:,|and|&)\s*hoes?\b|\b(?:garden|dutch|draw|onion)\s+hoes?\b|"
    r"\bspotted\s+dick\b|\bdick\s+whittington\b|\bsuicide\s+(?:squad|prevention|awareness)\b|"
    r"\bfaggots?\s*(?:,|and|&|n'?)\s*(?:mushy\s+|grey\s+)?(?:peas|mash|gravy|chips)\b|\bfaggots\s+in\s+gravy\b|"
    r"\bself[\s-]harm\s+(?:awareness|workshop|training|talk|session|prevention)\b|"
    r"\b(?:talk\w*|learn\w*|assembly|workshop|training|session|information|resources|leaflets?|openly)\s+"
    r"(?:\w+\s+){0,3}(?:about|on|around)\s+(?:[\w,]+\s+){0,3}self[\s-]harm\b|\bmoby\s+dick\b|"
    r"\b(?:die|died|dying)\s+(?:laughing|of\s+laughter)\b|\bstarving\s+(?:by|after|when|before)\b|"
    # Hyperbole: "this homework is killing me", "dying of embarrassment".
    r"\b(?:is|are|was|it'?s|that'?s)\s+killing\s+me\b|\bdying\s+of\s+(?:embarrassment|laughter|boredom|shame)\b|\bbloody\s+(?:sunday|noses?|mary|marys|tower|lips?|knees?|battles?|wars?|civil\s+war|massacres?|revolution|conflicts?)\b"
)


def blank_innocent(folded: Folded) -> Folded:
    """``folded`` with its innocent look-alike phrases (:data:`INNOCENT`) blanked out, so
    that neither the rules nor the model read them; offsets are unchanged."""
    text = INNOCENT.sub(lambda m: " " * len(m.group(0)), folded.text)
    return folded if text == folded.text else replace(folded, text=text)


# The writer describing themselves: "I'm such an idiot", "call me a muppet", "silly me, a
# total numpty". Only a few filler words may stand between the self-description and the
# insult, so "try me pussy" and "I'm not ready to see y'all hoes" are aimed at others.
_FILLER = (
    r"(?:such|a|an|the|total|complete|absolute|right|proper|bit|of|so|really|being|just|"
    r"like|utter|massive|huge|big|little|actual|literally|basically|honestly|officially|"
    r"prize|bloody|such|sometimes|always|feeling|feel|turning|into|becoming|an|old)"
)
_SELF = re.compile(
    r"(?:\bi'?m|\bi\s+am|\bim|\bi\s+was|\bi\s+feel|\bi\s+felt|\bi\s+look|\bi\s+sound|"
    r"\bcall\s+me|\bsilly\s+me|\bme\s+being|\bmade\s+me\s+(?:look|feel)|\bmakes\s+me\s+(?:look|feel))"
    rf"(?:\s+{_FILLER})*\s*$"
)


def is_self_directed(folded: str, start: int) -> bool:
    """True when an insult at ``start`` is the writer's about themselves ("I'm such an idiot")."""
    clause = re.split(r"[.!?,;\n]", folded[:start])[-1]
    return _SELF.search(clause) is not None and "you" not in clause
