"""Rules for comments a Designated Safeguarding Lead must see (clauses P2, P3).

Statistics learn these badly: they are rare, quiet and often cheerful on the
surface ("lol im done with life"). The rules are general phrasings of the
signs named in Keeping Children Safe in Education: self-harm and suicide hints,
eating disorders, disclosures of abuse or neglect, secrecy imposed by an adult,
grooming-style approaches, exploitation (county lines, sextortion), stalking,
someone filming children, impersonation of staff. Recall matters more than
precision here: a false alarm costs a DSL a minute; a miss can cost a child.
"""

from __future__ import annotations

from postguard.language.rules import Rule, rule

SAFEGUARDING = "safeguarding"

_ADULT = r"(?:mum|mom|mam|mother|dad|father|step\s*dad|stepdad|step\s*mum|stepmum|uncle|aunt|auntie|grandad|grandpa|nan|gran|brother|sister|cousin|carer|mum'?s\s+(?:boyfriend|partner)|dad'?s\s+(?:girlfriend|partner)|boyfriend|parents?|family)"
_CHILDREN = r"(?:kids|children|child|girls?|boys?|lads?|pupils?|students?|teens?|year\s*\d+s?|y\d+s?|u\d+s?|under\s*\d+s?|young\s+(?:people|ones|faces|lads|girls|boys)|sweetie|sweetheart|hun|babe)"
_CONTACT_ME = r"(?:dm|pm|message|msg|inbox|text|snap|snapchat|whatsapp|add|contact|ring|call|follow)\s+me|(?:add|message|find)\s+me\s+on|get\s+in\s+touch|message\s+me\s+privately|my\s+dms"

SAFEGUARDING_RULES: tuple[Rule, ...] = (
    rule(
        "safeguarding.suicide",
        SAFEGUARDING,
        r"\b(?:kill|killing|end|ending)\s+(?:myself|my\s+life|it\s+all)\b|\bsuicid\w*|"
        r"\b(?:want|wanna|going)\s+(?:to\s+)?die\b|\bdone\s+with\s+(?:life|everything|it\s+all|living)\b|"
        r"\bno\s+(?:point|reason)\s+(?:in\s+)?(?:living|going\s+on|being\s+here|anymore)\b|"
        r"\b(?:won'?t|will\s+not|wont)\s+be\s+(?:a\s+(?:problem|burden)|around|here)\b[^.!?]{0,30}\b(?:longer|soon|anymore|for\s+anyone)|"
        r"\bbetter\s+off\s+without\s+me\b|\bnot\s+(?:be\s+)?here\s+(?:much\s+)?longer\b|"
        r"\bcan'?t\s+(?:keep\s+(?:doing|going\s+on\s+with)\s+(?:this|it)|go\s+on|take\s+(?:it|this|any\s*more)\s*(?:any\s*more)?|cope)\b|"
        r"\bbecause\s+of\s+what\s+i\s+(?:did|done|took|take)\b|\bcos\s+of\s+what\s+i\s+(?:did|done|took)\b|"
        r"\bwhat\s+i\s+(?:did|took)\s+tonight\b|\boverdos\w*|\bgoodbye\s+everyone\b",
        0.9,
        "a hint of suicide or of being unable to cope",
    ),
    rule(
        "safeguarding.self_harm",
        SAFEGUARDING,
        r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish)\s+myself\b|\bself[\s-]*harm\w*|"
        r"\bhide\s+(?:my|the)\s+(?:arms?|wrists?|legs?|cuts?|scars?|marks?|bruises?)\b|"
        r"\b(?:plasters|sleeves|bandages?)\s+(?:to\s+)?(?:hide|cover)\b|"
        r"\b(?:make|made|making)\s+myself\s+(?:sick|throw\s+up|vomit|starve)\b|"
        r"\b(?:hate|hates|hating)\s+my\s+(?:body|self|life)\b|\bi\s+hate\s+myself\b|"
        r"\b(?:stopped|stop|not)\s+eating\b|\bstarv(?:e|ing)\s+myself\b",
        0.9,
        "a hint of self-harm or an eating disorder",
    ),
    rule(
        "safeguarding.disclosure",
        SAFEGUARDING,
        rf"\b(?:my|our)\s+{_ADULT}\b[^.!?]{{0,40}}\b(?:hits?|hitting|beats?|beating|punch\w*|kicks?|slaps?|shouts?|screams?|smash\w*|throws?|hurts?|touch\w*|locks?\s+me|drunk|high)\b|"
        rf"\b(?:scared|afraid|frightened|terrified)\s+(?:to|of)\s+(?:go(?:ing)?\s+home|my\s+{_ADULT})\b|"
        r"\bnobody\s+(?:at\s+home\s+)?(?:cares|would\s+(?:notice|care|miss)|notices|will\s+notice)\b|"
        r"\bno\s*one\s+(?:at\s+home\s+)?(?:cares|would\s+(?:notice|care|miss))\b|"
        r"\b(?:hasn'?t|hasnt|has\s+not|haven'?t|havent|not)\s+been\s+home\s+(?:for|in|since)\b|"
        r"\b(?:no|any|enough)\s+food\s+in\s+the\s+house\b|\bnothing\s+to\s+eat\b|"
        r"\bif\s+i\s+tell\s+(?:anyone|anybody|someone|you)\b|\b(?:not|n'?t)\s+allowed\s+to\s+(?:say|tell|talk)\b|"
        r"\bdon'?t\s+know\s+who\s+to\s+tell\b|\bhow\s+(?:to|do\s+you|can\s+i)\s+get\s+help\s+if\b|"
        rf"\btalk\s+to\s+(?:her|him|you|someone|miss\s+\w+|mr\s+\w+|mrs\s+\w+|ms\s+\w+)\s+about\s+my\s+{_ADULT}\b|"
        r"\b(?:laugh|laughs|laughing|pick|picks|picking)\s+(?:at|on)\s+me\s+every\s*day\b|"
        r"\b(?:i\s+)?(?:don'?t|dont|do\s+not)\s+want\s+to\s+(?:come\s+in|go\s+(?:in|home|to\s+school)|be\s+here|wake\s+up)\s+any\s*more\b",
        0.85,
        "a possible disclosure of harm, neglect or distress",
    ),
    rule(
        "safeguarding.secrecy",
        SAFEGUARDING,
        r"\b(?:no\s+need\s+to|don'?t|dont|do\s+not|without)\s+(?:tell|telling|ask|asking)\s+(?:your|ur)\s+(?:parents|mum|dad|family)\b|"
        r"\b(?:parents|mum|dad)\s+(?:don'?t|dont|do\s+not)\s+need\s+to\s+(?:come|know|be\s+told)\b|"
        r"\bwithout\s+telling\s+(?:anyone|anybody)\b|\bdon'?t\s+tell\s+(?:anyone|anybody)\b|"
        r"\b(?:keep|kept)\s+(?:it|this|us|home\s+life)\s+(?:a\s+)?secret\b|\bour\s+(?:little\s+)?secret\b|"
        r"\bit'?s\s+private\b|\bits\s+private\b",
        0.85,
        "secrecy asked of a child",
    ),
    rule(
        "safeguarding.approach",
        SAFEGUARDING,
        rf"\b(?:{_CONTACT_ME})\b[^.!?]{{0,60}}\b(?:modell?ing|model|photo\s*shoot|paid|free\s+sessions?|privately|secret)\b|"
        rf"\b(?:modell?ing|photographer|photo\s*shoot|scout|casting)\b[^.!?]{{0,60}}\b(?:{_CONTACT_ME}|young|girls|boys|kids)\b|"
        rf"\b(?:any|which|all)\s+(?:of\s+(?:the|your)\s+)?{_CHILDREN}\b[^.!?]{{0,60}}\b(?:{_CONTACT_ME}|want\s+to\s+(?:come|earn|meet)|can\s+(?:add|message|text))\b|"
        rf"\b{_CHILDREN}\b[^.!?]{{0,40}}\b(?:can|should)\s+(?:add|message|dm|text|snap|contact)\s+me\b|"
        r"\b(?:what'?s|whats|what\s+is)\s+(?:his|her|their)\s+name\b|\bwhat\s+(?:year|class|school)\s+is\s+(?:he|she)\s+in\b|"
        r"\bwhich\s+one\s+is\s+the\s+(?:girl|boy|kid|child)\b|"
        r"\b(?:get\s+in\s+touch|connect)\s+with\s+(?:her|him|the\s+(?:girl|boy))\b|"
        r"\bparty\s+at\s+mine\b|\bfree\s+(?:drinks|alcohol|vapes)\b|"
        r"\b(?:older|grown)\s+(?:man|men|guy|brother|lad|boy)\b[^.!?]{0,60}\b(?:dm|message|text|meet)\w*|"
        r"\b(?:keeps|kept)\s+(?:dm|messag|text|snap)\w*\s+(?:me|her|him)\b|\basking\s+(?:me|her|him|kids|them)\s+(?:to\s+meet|for\s+(?:photos|pics|nudes|pictures))\b|"
        r"\bcan\s+(?:add|message|follow)\s+me\s+on\s+(?:insta|instagram|snap|snapchat|tiktok|whatsapp)\b",
        0.85,
        "an adult approaching children",
    ),
    rule(
        "safeguarding.exploitation",
        SAFEGUARDING,
        r"\bearn\s+£?\d+\w*\s+(?:easy|quick|cash)?[^.!?]{0,60}\b(?:drop|deliver|carry|hold)\w*\b|"
        r"\b(?:drop|deliver)\w*\s+(?:a\s+)?(?:parcel|package|bag)s?\s+(?:off\s+)?for\s+me\b|"
        r"\b(?:made|make|making|forced?)\s+(?:her|him|me|them)\s+send\s+(?:pics|photos|nudes|pictures|videos)\b|"
        r"\bthreaten\w*\s+to\s+(?:post|share|send|leak|show)\b|\bsextort\w*|"
        r"\bselling\s+(?:vapes|weed|drugs|pills|nos|balloons)\b[^.!?]{0,80}\b(?:school|kids|\d{2}|year|lad|girl|boy)\b",
        0.9,
        "exploitation of a child",
    ),
    rule(
        "safeguarding.stalking",
        SAFEGUARDING,
        r"\bi\s+know\s+where\s+(?:the|that|this|your)\s+(?:\w+\s+){0,4}?(?:girl|boy|kid|child|lad|daughter|son)\b[^.!?]{0,30}\blives?\b|"
        r"\b(?:filming|photographing|taking\s+(?:photos|pictures|videos)\s+of|watching|following)\s+(?:the\s+)?(?:kids|children|pupils|girls|boys)\b|"
        r"\b(?:man|men|woman|someone|van|car|stranger)\b[^.!?]{0,60}\b(?:asking|offering|giving|approach\w*|following)\s+(?:the\s+)?(?:kids|children|pupils|girls|boys)\b|"
        r"\b(?:offer\w*|giving)\s+(?:kids|children|them)\s+sweets\b|\bwant\s+sweets\b",
        0.9,
        "someone watching, following or approaching children",
    ),
    rule(
        "safeguarding.impersonation",
        SAFEGUARDING,
        r"\bpretending\s+to\s+be\s+(?:a\s+)?(?:miss|mr|mrs|ms|dr|teacher|staff|the\s+school|a\s+pupil)\b|"
        r"\bfake\s+(?:teacher|staff|school)\s+(?:account|profile)\b|"
        r"\bmessaging\s+(?:kids|children|pupils|students|girls|boys)\b",
        0.9,
        "an account impersonating staff or messaging children",
    ),
)
