"""Rules for unprofessional wording in posts (clauses S4, P7, P8).

Five kinds, each a subtype of the ``unprofessional`` finding:

* ``swearing``: the swear word itself ("Bloody hell", "pissing it down");
* ``mockery``: sarcasm at pupils or parents, or a public joke at a named member of staff;
* ``individual_matter``: a sanction, exclusion, ban, investigation, absence or
  disciplinary of an individual, or an incident about an identifiable child,
  even when nobody is named;
* ``staff_dispute``: the trust or a school sniping at its own staff or the trust in public;
* ``political``: voting advice, endorsing a candidate, taking sides on strikes or
  government policy. A neutral statement (a closure notice about strike action, a
  debate motion, a history lesson on the coronation) is not political campaigning.

Each finding's quote is the sentence that carries the problem (the word, for swearing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postguard.language.abuse import PROFANITY_RULES, blank_innocent
from postguard.language.folding import fold
from postguard.language.lexicon import STRONG_INSULTS
from postguard.language.rules import Rule, any_of, rule

SWEARING = "swearing"
MOCKERY = "mockery"
INDIVIDUAL = "individual_matter"
STAFF_DISPUTE = "staff_dispute"
POLITICAL = "political"

_PUPILS = (
    r"(?:student|pupil|child|boy|girl|lad|young\s+person|students|pupils|children|boys|girls|lads)"
)


def _both(first: str, second: str) -> str:
    """A pattern matching a sentence that has both ``first`` and ``second``, in any order."""
    return rf"^(?=[\s\S]*?(?:{first}))(?=[\s\S]*?(?:{second}))"


# Cue combinations (issue 5 follow-up): general word classes whose co-occurrence in one
# sentence carries the problem, instead of the phrases of one data set.

#: People a school might be tempted to mock: pupils, parents, a year group or class.
_GROUP = (
    r"\b(?:parents?|carers?|mums?|dads?|families|pupils?|students?|kids|children|child|lads|"
    r"boys|girls|year\s*\d+s?|y\d+s?|whoever|some\s+of\s+you|you\s+lot|anyone\s+who|"
    r"a\s+few\s+of\s+you|some\s+families|certain\s+(?:families|parents|people|pupils)|this\s+lot|the\s+other\s+(?:side|team|school)|their\s+(?:keeper|"
    r"team|defence|players)|the\s+opposition|supply\s+teacher|(?:our|the)\s+\w+\s+department)\b"
)
#: Irony and exasperation markers.
_EYE_ROLL = r"[\U0001F644\U0001F643\U0001F612\U0001F926\U0001F60F]"
_EXASPERATION = (
    r"\bnot\s+rocket\s+science\b|\bget\s+a\s+life\b|\bnice\s+try\b|\bbold\s+choice\b|"
    r"\bwe\s+(?:despair|give\s+up)\b|\bwho\s+knew\b|\bspoiler\W+(?:it|they|you|we)\b|"
    r"\bthat'?s\s+on\s+(?:you|them)\b|\binstead\s+of\s+(?:complaining|moaning|whinging|whining)\b|"
    r"\b(?:moaning|whinging|whining)\s+(?:about|in|on|that)\b|"
    r"\b(?:can'?t|cannot|unable\s+to)\s+(?:read|follow|understand|manage)\s+(?:a\s+)?"
    r"(?:simple|basic|single)\b|\bthinks?\s+(?:the\s+)?rules\s+(?:don'?t|do\s+not)\s+apply\b|"
    r"\b(?:clearly|apparently|obviously)\s+(?:think|thinks|can'?t|cannot|don'?t|forgot|believes?)\b|"
    r"\baward\s+for\s+the\s+(?:most|best|worst)\b|\bproud\s+of\s+yourselves\b|"
    r"\b(?:someone|somebody)\s+(?:please\s+)?stop\s+(?:him|her|them)\b|\blol\s+at\b|"
    r"\b(?:laughing|laugh)\s+at\s+(?:the|our|some|those)\b|"
    # Passive-aggressive public call-outs and condescension.
    r"^\W*to\s+(?:the|all\s+the|those)\s+(?:\w+\s+)?(?:parents?|families|drivers?|person|people|pupils?|"
    r"students?|mums?|dads?|carers?)\s+who\b|\bmight\s+want\s+to\s+(?:try|consider|learn|think)\b|"
    r"\blet'?s\s+just\s+say\b|\bclearly\s+optional\b|\b(?:is|was|are|were)\s+apparently\b|"
    r"\bapparently\s+(?:too|not|still|a|an|more|less)\b|\bbless\s+(?:them|him|her|'?em)\b|"
    r"(?:^|[.,!]\s*)bless\W*$|\bwhose\s+idea\s+of\s+(?:a|an|the)?\s*[\w-]+\s+is\b|"
    r"\bbright\s+bunch\b|\bbarely\s+string\b|\b(?:a\s+)?(?:bus|lorry|van)[\s-]?load\s+of\s+excuses\b|"
    r"\bclassic\s+(?:st\.?\s+)?[a-z]+'?s?\b[.!]|\btook\s+them\s+only\b|"
    r"\b(?:some|a\s+few|most|half)\s+of\s+you\s+(?:really\s+)?(?:do\s+)?(?:think|thought|believe)\b|"
    r"\bcounts?\s+as\s+a\s+(?:meal|lunch|uniform|excuse)\b|\bnot\s+invisible\b|"
    r"\bmore\s+of\s+a\s+suggestion\b|\b(?:they'?ll|you'?ll)\s+need\s+it\b|#nocontest\b|"
    r"\bnever\s+seen\s+an?\s+\w+\s+before\b|\bwasn'?t\s+(?:hard|difficult)\b|"
    r"\bwe\s+know\s+(?:[\w']+\s+){1,4}(?:is|are)\s+(?:tricky|hard|difficult|confusing)\b|"
    r"\bspecial\s+mention\s+to\s+(?:the|our)\s+\w+\s+who\b|\bwell,?\s+most\s+of\s+them\b|"
    r"\bjudging\s+by\s+(?:some\s+of\s+)?the\b|\brocket\s+science\b|\bonly\s+took\s+(?:them|him|her|you)\b|"
    r"\bsomeone\s+(?:please\s+)?tell\s+(?:him|her|them)\b|\bapparently\s+(?:this|that|it)\s+is\b|"
    r"\bwho\s+actually\s+(?:returned|read|managed|remembered|bothered|turned\s+up|did|listened)\b|"
    r"\bfor\s+(?:everyone|everybody)\s+else\s*:|\bthe\s+rest\s+of\s+you\s*:|\b(?:his|her)\s+jokes\s+are\b|"
    r"\bolder\s+than\s+the\s+(?:school|building|hills)\b|\bthat\s+includes\s+(?:the|you)\b|"
    r"\bthe\s+(?:dads|mums|parents|families|pupils|students)\s+who\s+think\b|\bvery\s+obviously\b|"
    r"\bwe'?re\s+sure\s+you'?re\s+very\b|\ba\s+certain\s+(?:academy|school|college|family|parent|person)\b|"
    r"\blose\s+(?:their|his|her)\s+heads?\s+if\b|\b(?:quick\s+)?tip\s+for\s+(?:some|a\s+few)\s+of\s+you\b|"
    r"\bfinally\s+(?:worked\s+out|figured\s+out|discovered|remembered)\b|"
    r"\bonly\s+took\s+(?:\w+\s+)?(?:\d+|two|three|four|five|six|a\s+few)\b"
)
#: A sentence that is nothing but an ironic word ("Impressive." "Subtle." "We despair.").
_IRONIC_ALONE = (
    r"^\W*(?:impressive|subtle|classy|charming|genius|smooth|priceless|lovely|inspiring|"
    r"very\s+clever|good\s+effort|nice\s+one|seriously|really)\s*(?:[.?]|" + _EYE_ROLL + r")"
)
#: Name-calling of pupils, parents or a class ("Year 9 were feral", "a bunch of muppets"):
#: the comment classifier's strong insults plus words said of unruly groups.
_NAME_CALLING = (
    rf"(?:{_GROUP}|\b(?:class|form|tutor\s+group|set|lot)\b)(?:\s+[\w']+){{0,3}}?\s+"
    r"(?:is|are|were|was|being|acting\s+like|behaved\s+like)\s+"
    r"(?:(?:a|an|absolute|complete|total|proper|right|such|utter|bunch\s+of)\s+)*"
    rf"(?:{any_of(STRONG_INSULTS, plural=True)}|\b(?:clowns?|feral|clueless|hopeless|pathetic|"
    r"stupid|thick|dumb|a\s+nightmare|a\s+disgrace|an\s+embarrassment|savages|brats|"
    r"zoo\s+animals)\b)|"
    rf"\bbunch\s+of\s+(?:{any_of(STRONG_INSULTS, plural=True)}|\bclowns\b)"
)
#: One identifiable person (named, or unnamed but singled out).
_ONE_PERSON = (
    r"\b(?:a|the|one|this|that|another)\s+(?:[\w-]+\s+){0,2}?(?:pupil|student|child|boy|girl|lad|"
    r"young\s+person|teacher|member\s+of\s+staff)\b|\b(?:mr|mrs|miss|ms|dr)\.?\s+[a-z][\w'-]+|"
    r"\bour\s+(?:[\w-]+\s+){0,3}?(?:teacher|caretaker|head|headteacher|deputy|senco|assistant|"
    r"cover|coach|manager|leader|officer|cook|cleaner|administrator|receptionist)\b|"
    r"\bthe\s+(?:two|three|four|five|six|\d+)\s+(?:[\w-]+\s+){0,2}?(?:pupils|students|boys|girls|"
    r"children|lads|parents)\b|\bthe\s+(?:pupils|students|boys|girls|children|lads)\s+who\b|"
    r"\b(?:pupil|student|child|boy|girl|lad)\s+(?:who|with|responsible|involved|concerned|caught)\b|"
    r"\bin\s+(?:year\s*\d+|reception|nursery|class\s+\w+)\b|\bwho\s+(?:has|was)\b|"
    r"\bin\s+\d{1,2}[a-z]{1,2}\b|\(\s*(?:year\s*\d+|y\d+|\d{1,2}[a-z]{1,2})\s*\)|\b[a-z]+'s\s+attendance\b|"
    r"\b[a-z]+,\s+whose\b|\bwho'?s\s+in\b|\bin\s+years?\s*\d+|"
    r"\b(?:two|three|four|five|six|\d+)\s+(?:pupils|students|boys|girls|children|lads)\s+(?:from|in)\s+"
    r"(?:\d{1,2}[a-z]{1,2}|year\s*\d+)\b|\bthe\s+(?:pupils|students|boys|girls|children|lads)\s+caught\b|"
    r"\bthe\s+family\s+in\b|\b[a-z]+,\s+who\b|\bthe\s+[a-z]+\s+family\b|"
    r"\b(?:two|three|four|five|\d+)\s+(?:year\s*\d+\s+)?(?:pupils|students|boys|girls|children|lads)\b"
)
#: A rule stated for everyone ("Any pupil who...", "Pupils who vape will be...") is policy,
#: not an individual's business.
_GENERIC = (
    r"\b(?:any|every|all|no)\s+(?:[\w-]+\s+)?(?:pupils?|students?|children|child)\b|"
    r"\b(?:pupils|students|children)\s+(?:in\s+\w+\s+\w+\s+)?(?:who|caught|found)\b|"
    r"\bif\s+(?:a|your|any)\b|\bpolicy\b"
)
#: A sanction, an investigation, conduct, an incident or health: the individual's business.
_PRIVATE_MATTER = (
    r"\b(?:suspended|suspension|expelled|expulsion|excluded|exclusion|sent\s+home|isolation|"
    r"arrested|police\s+(?:are|were|have)|disciplined|disciplinary|sacked|dismissed|let\s+go|fired|"
    r"resigned\s+(?:after|following|over)|investigation|misconduct|banned|removed\s+from|"
    r"sick\s+leave|signed\s+off|off\s+sick|(?:his|her|their)\s+(?:operation|surgery|illness|"
    r"diagnosis|breakdown)|diagnosed|(?:taken|rushed)\s+to\s+hospital|reduced\s+timetable|"
    r"one-to-one|red\s+card|caught\s+\w+ing|shoplifting|fight|fighting|vandalised|vandalism|"
    r"keeps\s+hitting|(?:with|from|for)\s+(?:stress|anxiety|depression)|detention|on\s+report|"
    r"behaviour\s+(?:plan|contract)|(?:was|been|being)\s+bullied|assault(?:ed)?|"
    r"(?:was|been|being)\s+(?:hurt|injured)|traced\s+back\s+to|detentions|"
    r"seizures?|(?:has|have|with|diagnosed\s+with|suffers?\s+from|battling|fighting|living\s+with)\s+"
    r"(?:\w+\s+)?(?:epilepsy|adhd|autism|asd|diabetes|cancer|leukaemia|dyslexia|anxiety|depression)|"
    r"(?:his|her|their)\s+ehcp|chemo\w*|recovering\s+(?:after|from)|in\s+hospital|"
    r"(?:mum|mam|dad|parents)\s+(?:and\s+\w+\s+)?(?:have|has)\s+(?:just\s+)?(?:separated|split)|"
    r"divorc\w+|bereave\w+|rehoused|homeless|in\s+care(?!\s+of)|foster\s+care|in\s+prison|"
    r"(?:support|capability|performance|improvement)\s+plan|attendance\s+(?:alone|has|is|was)|"
    r"(?<!a\s)bit\s+(?:a|an|another|his|her|their|someone|one\s+of)\s+(?!more\b|of\b|late\b|early\b|too\b)|"
    r"punched|(?:kicked|hit|slapped|spat\s+at|swore\s+at)\s+(?:a|another|his|her|the|their)\s+"
    r"(?:\w+\s+)?(?:pupil|boy|girl|child|teacher|member|supervisor|classmate|assistant)|"
    r"threw\s+(?:a\s+)?(?:chair|punch|stones?|things|a\s+table)|"
    r"took\s+(?:\w+\s+){0,2}weeks?\s+(?:in|off|abroad)|unauthori[sz]ed\s+absence|term[\s-]time\s+holiday|"
    r"missed\s+\d+\s+(?:days|sessions|lessons)|no\s+longer\s+be\s+teaching|"
    r"concerns\s+about\s+(?:his|her|their)\s+(?:results|performance|conduct|teaching|behaviour)|"
    r"has\s+an?\s+ehcp|(?:for|with)\s+(?:his|her|their)\s+(?:autism|adhd|dyslexia|epilepsy|diabetes|anxiety|condition)|"
    r"(?:his|her|their)\s+(?:mum|dad|mother|father|brother|sister|nan|grandad|grandma)'?s\s+(?:passing|death|funeral)|"
    r"passed\s+away|long[\s-]term\s+(?:absence|sickness|sick)|(?:absence|illness)\s+is\s+ongoing|"
    r"without\s+a\s+single\s+(?:trip|visit|detention|incident)|trip\s+to\s+the\s+head'?s\s+office|"
    r"managed\s+\d+\s*%|\d+\s*%\s+(?:this\s+term|attendance)|sentenc(?:ing|ed)|court\s+case|capability|"
    r"foster\s+(?:placement|carers?|family|home)|because\s+of\s+(?:his|her|their)\s+behaviour|"
    r"had\s+to\s+be\s+collected|\w+ectomy|\w+otomy)\b"
)
#: The school's or trust's own staff, leaders or governance.
_OWN_STAFF = (
    r"\b(?:staff|colleagues|teachers|union\s+rep|(?:the\s+)?trust(?:'s)?|trust\s+board|"
    r"central\s+team|governors|department|former\s+staff|leadership|the\s+board|headteacher|"
    r"head\s+of\s+\w+|slt|senior\s+leaders?(?:hip)?|leadership\s+team|the\s+head|deputy\s+head|"
    r"exec(?:utive)?\s+head|management|the\s+union|union|neu\s+reps?|cmat|people\s+who|teaching\s+staff|"
    r"(?:a\s+single|one)\s+teacher|the\s+staff|head\s+office|trust\s+hq|directors|governing\s+body|"
    r"the\s+\w+\s+(?:team|department|faculty)|teachers)\b"
)
#: Criticism, grievance or public blame.
_CRITICISM = (
    r"\b(?:grievances?|complain(?:ing|ed)|complaints\s+(?:from|about)|moan(?:ing|ed)?|"
    r"whing(?:e|ing)|let\s+(?:us\s+|them\s+|you\s+)?down|without\s+(?:asking|consulting|telling)|"
    r"not\s+happy|(?:is|was)\s+wrong|(?:does\s+not|doesn'?t|do\s+not|don'?t)\s+speak\s+for|"
    r"can'?t\s+move\s+on|(?:haven'?t|hasn'?t|have\s+not|has\s+not|never)\s+(?:once\s+)?(?:visited|"
    r"bothered|listened|supported|replied)|ignore|not\s+acceptable|unacceptable|disappointing|"
    r"disappointed\s+(?:in|with|that)|shameful|(?:has|have)\s+treated|focus\s+on\s+their\s+own|"
    r"criticis(?:e|ing|ed)|the\s+door\s+is\s+that\s+way|frankly|air(?:ing)?\s+their|"
    r"no\s+explanation|(?:nobody|no\s*one|not\s+one\s+\w+(?:\s+\w+){0,3}?)\s+(?:\w+\s+){0,3}?"
    r"(?:asked\s+for|was\s+consulted|consulted|agreed|listened)|(?:was|were)\s+(?:never\s+|not\s+)?consulted|"
    r"(?:didn'?t|did\s+not|never)\s+(?:think\s+to\s+)?consult|at\s+loggerheads|can\s+agree|overruled|"
    r"unreasonable|unworkable|who\s+asks\s+the|(?:haven'?t|hasn'?t|never)\s+set\s+foot|classy\s+move|"
    r"thanks,?\s+(?:cmat|slt|the\s+trust|governors|management)|translation|morale|a\s+mistake|"
    r"they'?d\s+realise|spent\s+a\s+(?:single\s+)?day\s+in|fought\s+hard|(?:mostly|just)\s+spreadsheets|"
    r"under\s+review'?\s*\(|disagree|a\s+disgrace|disgraceful|pay\s+offer|suggests\s+otherwise|"
    r"pulled\s+the\s+plug|actually\s+answered|between\s+you\s+and\s+me|(?:don'?t|doesn'?t)\s+count|"
    r"stirring\s+(?:things\s+)?up|troublemak\w+|work[\s-]life\s+balance|another\s+\d+\s*pm\s+email|"
    r"whatever\s+(?:[\w']+\s+){1,5}might\s+say|know\s+better\s+than|ignor\w+|keep\s+fighting|"
    r"not\s+our\s+decision|take\s+it\s+up\s+with|(?:thrilled|delighted|overjoyed),?\s+obviously|"
    r"from\s+on\s+high|handed\s+down|yet\s+another\s+new|refuses?\s+to\s+(?:meet|listen|talk|engage)|"
    r"working\s+to\s+rule|shame|(?:don'?t|do\s+not|never)\s+see\s+eye\s+to\s+eye|their\s+decision,?\s+not\s+ours|"
    r"people\s+who\s+(?:haven'?t|have\s+never|never)\s+(?:taught|set\s+foot|worked)|no\s+thanks\s+to|"
    r"(?:still\s+)?arguing\s+(?:about|over)|come\s+and\s+spend\s+a\s+day|direct\s+(?:any\s+)?complaints\s+to|"
    r"we\s+were\s+promised|despite\s+the\s+\w+(?:'s)?\s+decision)\b|,\s*apparently\W*$"
)
#: Parties and politicians' offices, elections, strikes and national policy.
_POLITICS = (
    r"\b(?:conservatives?|tory|tories|labour|lib\s*dems?|liberal\s+democrats?|green\s+party|"
    r"reform(?:'s|\s+uk)|snp|plaid|ukip|government|ministers?|chancellor(?:'s)?|prime\s+minister|"
    r"secretary\s+of\s+state|(?:education|home|health)\s+secretary|department\s+for\s+education|"
    r"dfe|mps?|councillors?|candidates?|election|ballot\s+box|your\s+vote|strike|union|neu|"
    r"nasuwt|brexit|vat|austerity|private\s+schools|(?:government|national)\s+polic(?:y|ies)|"
    r"party|parties|polls|polling\s+(?:station|day)|manifesto|cllr|council(?:lors?)?|labour-run|tory-run|"
    r"conservative-run|lib\s*dem-run|politicians?|reform|plaid\s+cymru|independents?|leave\s+campaign|"
    r"remainers?|brexiteers?|the\s+seat)\b"
)
#: Taking a side.
_STANCE = (
    r"\b(?:disgrace(?:ful)?|abandon(?:ed|s)?|betray(?:ed|s)?|let\s+down|attack\s+on|"
    r"(?:doesn'?t|don'?t)\s+care|time\s+for\s+a\s+change|must\s+go|backing|back\s+the|"
    r"(?:fully\s+)?support\s+the|solidarity|don'?t\s+let|worth\s+your\s+vote|"
    r"remember\s+(?:that|this)|keep\s+(?:him|her|them)\s+in|only\s+one\s+who|disaster|"
    r"long\s+overdue|very\s+impressed|shameful|scandal(?:ous)?|failing|failed|"
    r"write\s+to\s+your\s+mp|sign\s+the\s+petition|out\s+now|ashamed|"
    r"our\s+(?:full\s+)?(?:backing|support)|has\s+our|proud\s+to\s+support|(?:couldn'?t|could\s+not)\s+agree\s+more|"
    r"think\s+again|which\s+party|keep\s+(?:them|him|her)\s+in\s+charge|unlike\s+this|"
    r"(?:hasn'?t|has\s+not|haven'?t|doesn'?t\s+have)\s+(?:got\s+)?a\s+clue|done\s+(?:absolutely\s+)?nothing|"
    r"cut\s+your|our\s+answer|actually\s+(?:protected|cares?|value)|put\s+a\s+cross|"
    r"\*cough\*|sign\s+the\s+(?:\w+\s+){0,3}petition|ignoring|election\s+must\s+be|clown|"
    r"whatever\s+you\s+think\s+of|canvass\w*|campaigning\s+for|leaflet\w*\s+for|standing\s+for|just\s+saying|"
    r"who\s+to\s+pick|delivered\s+nothing|typical|lied|(?:must|has\s+to|have\s+to|got\s+to)\s+go|"
    r"real[\s-]terms\s+cuts|cuts\s+from|deserve\s+(?:so\s+much\s+)?better|voted\s+against|shame|"
    r"unlike\s+(?:reform|labour|the\s+tories|the\s+conservatives|the\s+government|the\s+lib\s*dems)|"
    r"making\s+things\s+up|constituency\s+office|what\s+we\s+think\s+of|join\s+us\s+outside|removal\s+van|"
    r"deliver(?:s|ed)?\s+for|further\s+proof)\b"
)

TONE_RULES: tuple[Rule, ...] = (
    rule(
        "tone.swearing",
        SWEARING,
        # Words a comment may use but a school's own post may not: euphemistic swearing.
        r"\beffing\b|\btits[\s-]+up\b|\bfrig+(?:ing|in)\b|\bfeckin[g']?\b|\b(?:cock|balls)[\s-]up\b|\barses\b",
        0.8,
        "swearing",
    ),
    rule(
        "tone.sarcasm",
        MOCKERY,
        r"\b(?:both|all\s+(?:two|three|four|\d)|neither|just\s+one)\s+of\s+you\b|"
        r"[:,]\s*genius\b|\bgenius\W+truly\b|^\W*(?:really|so|very)\s+mature\b|"
        r"\b(?:really|so|very)\s+mature,\s*(?:lads|guys|boys|girls|everyone|folks)\b|"
        r"\b(?:well\s+done|congratulations|congrats|thanks?|bravo)\s+(?:to\s+)?[^.!?]{0,40}\bfor\s+(?:the\s+)?"
        r"(?:lowest|worst|setting\s+off|breaking|damaging|losing|forgetting|ignoring|being\s+late|wrecking)\b|"
        r"\bis\s+a\s+personality\s+trait\b|\bit'?s\s+just\s+sad\b|"
        r"\bmaybe\s+(?:try\s+)?read(?:ing)?\b[^.!?]{0,40}\bbefore\b|"
        r"\b(?:we|you)\s+know\s+who\s+you\s+are\b|\bif\s+the\s+cap\s+fits\b",
        0.8,
        "sarcasm aimed at pupils or parents",
    ),
    rule(
        "tone.staff_joke",
        MOCKERY,
        r"\bwe\s+know\s+it'?s\s+you\b|\bnaming\s+and\s+shaming\b",
        0.8,
        "a public joke at a named person",
    ),
    rule(
        "tone.staff_dispute",
        STAFF_DISPUTE,
        r"\bnothing\s+better\s+to\s+do\b|\bclearly\s+nobody\b|"
        r"\bnobody\s+(?:there\s+|at\s+the\s+trust\s+)?(?:is|seems\s+to\s+be)\s+listening\b|"
        r"\bleak(?:ed|ing)?\s+(?:documents|information|emails)\b|\bdisloyal\b",
        0.8,
        "the trust or school sniping at its own staff or the trust",
    ),
    rule(
        "tone.individual",
        INDIVIDUAL,
        r"\b(?:permanently|temporarily)\s+excluded\b|\b(?:has|have)\s+been\s+(?:excluded|suspended|expelled|sanctioned|banned)\b|"
        r"\b(?:has|have)\s+been\s+dealt\s+with\b|"
        rf"\b{_PUPILS}\s+(?:involved|concerned|responsible)\b|"
        r"\bwill\s+not\s+be\s+(?:travelling|attending|allowed|coming|using|joining)\b[^.!?]{0,60}\bfor\s+the\s+rest\s+of\b|"
        r"\bdetention\s+(?:every|all|each)\b|\b(?:have|has)\s+been\s+identified\s+and\s+will\b|"
        r"\b(?:his|her|their)\s+parents\s+have\s+been\s+(?:spoken\s+to|contacted|informed|called)\b|"
        r"^\W*parents\s+have\s+been\s+(?:contacted|spoken\s+to|called)\W*$|"
        r"\bpolice\s+are\s+aware\b|\bdisciplinary\b|\bwith\s+immediate\s+effect\b|\bgross\s+misconduct\b|"
        r"\b(?:he|she|they|teacher|head|(?:mr|mrs|miss|ms|dr)\s+\w+)\s+(?:is|are)\s+off\s+(?:again|sick|ill)\b|"
        r"\boff\s+sick\b|"
        r"\bsigned\s+off\b|"
        r"\bvideo\s+(?:circulating|going\s+round|being\s+shared)\s+of\b|"
        r"\bbeing\s+(?:pushed|bullied|attacked|assaulted|beaten\s+up)\b|"
        r"\bnot\s+allowed\s+on\s+(?:site|the\s+premises|school\s+grounds)\b|\bwe\s+know\s+it\s+was\s+you\b|"
        r"\bit\s+was\s+you\s+who\b|\b[a-z]+'s\s+(?:mum|dad|parents|family),?\s+this\s+means\s+you\b",
        0.8,
        "an individual's sanction, absence, conduct or incident made public",
    ),
    rule(
        "tone.political",
        POLITICAL,
        r"(?<!['\"])\bvote\s+for\b|\bwho\s+(?:you|to)\s+vote\b|\b(?:this|the|our)\s+government(?:'s)?\s+"
        r"(?:has|have|is|should|must|cut|cuts|keeps|wants|needs|hostile|policy|policies)\b|"
        r"\bshame\s+on\b|\bshould\s+be\s+ashamed\b|\bhostile\s+environment\b|\bpicket\s+line\b|"
        r"#\w*strike\b|#fund\w*|\b(?:tory|tories|labour\s+(?:party|government|mps?)|reform\s+uk|lib\s+dems?)\b|"
        r"\bwhatever\s+the\s+(?:home\s+secretary|prime\s+minister|minister|government)\b|"
        r"\bre-?elect\b|\bsupport\s+(?:the\s+)?strike\b|\bstand\s+with\s+(?:the\s+)?(?:strikers|union)\b|"
        r"\bvote\s+(?:labour|conservative|tory|reform|green|lib\s*dem|liberal|snp|plaid)\b|"
        r"\bcanvassing\s+for\b|\*cough\*",
        0.8,
        "party-political campaigning or taking sides",
    ),
    rule(
        "tone.mockery_cues",
        MOCKERY,
        rf"{_EXASPERATION}|{_IRONIC_ALONE}|{_NAME_CALLING}|" + _both(_GROUP, _EYE_ROLL),
        0.75,
        "sarcasm or exasperation aimed at pupils, parents or a colleague",
    ),
    rule(
        "tone.individual_cues",
        INDIVIDUAL,
        rf"^(?![\s\S]*?(?:{_GENERIC}))" + _both(_ONE_PERSON, _PRIVATE_MATTER),
        0.75,
        "one person's sanction, conduct, health or incident made public",
    ),
    rule(
        "tone.staff_dispute_cues",
        STAFF_DISPUTE,
        _both(_OWN_STAFF, _CRITICISM) + "|" + _both(_OWN_STAFF, _EYE_ROLL),
        0.75,
        "criticism of the school's or trust's own staff or leaders in public",
    ),
    rule(
        "tone.political_cues",
        POLITICAL,
        _both(_POLITICS, _STANCE)
        + "|"
        + _both(_POLITICS, _EYE_ROLL)
        + r"|\bmarch(?:ing|ed)?\s+(?:in\s+\w+\s+)?(?:today\s+)?for\s+(?:fair|better)\s+pay\b"
        + r"|#(?:payup|\w*strike\w*|\w*tories\w*|\w*out\b)",
        0.75,
        "taking a side in party politics, an election or a strike",
    ),
)

_GENERIC_RE = re.compile(_GENERIC)


def is_generic(folded: str) -> bool:
    """Whether a (folded) sentence states a rule for everyone ("Any pupil who...")."""
    return _GENERIC_RE.search(folded) is not None


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True, slots=True)
class ToneHit:
    subtype: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...]


def sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _tone(folded: str) -> list[Rule]:
    return [r for r in TONE_RULES if r.pattern.search(folded)]


def find(text: str) -> list[ToneHit]:
    """Every unprofessional passage in ``text``: one per subtype and sentence.

    A cue combination may straddle two sentences ("Our local MP has done nothing for
    our schools. Time for a change."): a pair of neighbouring sentences that together
    match a rule neither matches alone is one passage, quoted whole."""
    hits: list[ToneHit] = []
    spans = sentences(text)
    seen: list[set[str]] = []
    for s_start, s_end in spans:
        sentence = text[s_start:s_end]
        folded = blank_innocent(fold(sentence))
        by_subtype: dict[str, list[tuple[int, int, Rule]]] = {}
        for r in PROFANITY_RULES:
            for m in r.pattern.finditer(folded.text):
                a, b = folded.span(m.start(), m.end())
                by_subtype.setdefault(SWEARING, []).append((s_start + a, s_start + b, r))
        lead = len(sentence) - len(sentence.lstrip())
        for r in _tone(folded.text):
            by_subtype.setdefault(r.label, []).append(
                (s_start + lead, s_start + len(sentence.rstrip()), r)
            )
        seen.append(set(by_subtype))
        hits.extend(_hit(subtype, found) for subtype, found in by_subtype.items())
    for i in range(1, len(spans)):
        start, end = spans[i - 1][0], spans[i][1]
        pair = blank_innocent(fold(text[start:end])).text
        by_subtype = {}
        for r in _tone(pair):
            if r.label not in seen[i - 1] and r.label not in seen[i]:
                by_subtype.setdefault(r.label, []).append((start, end, r))
        hits.extend(_hit(subtype, found) for subtype, found in by_subtype.items())
    return hits


def _hit(subtype: str, found: list[tuple[int, int, Rule]]) -> ToneHit:
    return ToneHit(
        subtype,
        min(f[0] for f in found),
        max(f[1] for f in found),
        max(f[2].score for f in found),
        tuple(dict.fromkeys(f[2].reason for f in found)),
    )
