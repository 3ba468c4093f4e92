"""Rules for comments a Designated Safeguarding Lead must see (clauses P2, P3).

Statistics learn these badly: they are rare, quiet and often cheerful on the
surface ("lol im done with life"). The rules are general phrasings of the
signs named in Keeping Children Safe in Education and in NSPCC guidance:
suicidal thoughts, self-harm, eating disorders, disclosures of abuse or
neglect, secrecy imposed by an adult, grooming-style approaches, exploitation
(county lines, sextortion, sharing of nude images), someone watching or
filming children, impersonation of staff. Recall matters more than precision
here: a false alarm costs a DSL a minute; a miss can cost a child.
"""

from __future__ import annotations

from postguard.language.rules import Rule, rule

SAFEGUARDING = "safeguarding"

_ADULT = (
    r"(?:mum|mom|mam|mummy|mother|dad|daddy|father|step\s*dad|stepdad|step\s*mum|stepmum|uncle|"
    r"aunt|auntie|grandad|grandpa|grandma|nan|gran|brother|sister|cousin|carer|foster\s+\w+|"
    r"(?:mum|dad|mom)'?s\s+(?:new\s+)?(?:boyfriend|girlfriend|partner|friend|mate)|boyfriend|"
    r"parents?|family|babysitter|neighbour|coach|tutor)"
)
_CHILDREN = (
    r"(?:kids|children|child|girls?|boys?|lads?|pupils?|students?|teens?|teenagers?|"
    r"year\s*\d+s?(?:\s+and\s+\d+s?)?|y\d+s?|u\d+s?|under\s*\d+s?|"
    r"young\s+(?:people|ones|faces|lads|girls|boys)|aged\s+\d+)"
)
_PET_NAME = r"(?:sweetie|sweetheart|beautiful|gorgeous|sexy|babe|baby\s*girl|princess|cutie|hun)"
_CONTACT_ME = (
    r"(?:dm|pm|message|msg|inbox|text|snap|snapchat|whatsapp|add|contact|ring|call|follow|send)\s+me|"
    r"(?:add|message|find)\s+me\s+on|get\s+in\s+touch|privately|my\s+dms|send\s+me\s+(?:a\s+)?(?:message|pic|photo|dm)"
)
_HARMS = (
    r"(?:hits?|hitting|beats?|beating|punch\w*|kicks?|slaps?|shouts?|screams?|smash\w*|throws?|"
    r"hurts?|touch\w*|grabs?|chokes?|strangl\w*|burns?|locks?\s+me|lock\s+me|drunk|drinks|high|"
    r"angry\s+when|comes?\s+into\s+my\s+(?:room|bed)|coming\s+into\s+my\s+(?:room|bed)|"
    r"makes?\s+me\s+(?:do|touch|watch|keep)|takes?\s+photos\s+of\s+me|"
    r"makes?\s+(?:me|us)\s+(?:sleep|stay|stand|wait)\s+(?:in|on|out|outside)\b)"
)

# A threat to someone (serious violence, child-on-child abuse) is a safeguarding matter
# when it names when or where: "you'll regret it after school", "we know which bus he gets".
_THREAT = (
    r"(?:(?:you|he|she|they)'?ll\s+regret\s+it|(?:you'?re|ur|he'?s|she'?s|they'?re|you\s+are|he\s+is|"
    r"she\s+is)\s+(?:so\s+)?dead(?:\s+meat)?|(?:batter|stab|jump|knife|shank)\s+(?:him|her|you|them)|"
    r"(?:better|best)\s+watch\s+(?:himself|herself|yourself|themselves|(?:his|her|your|their)\s+back)|"
    r"sort\s+(?:him|her|you|them)\s+out|(?:get|find)\s+(?:that|this)\s+(?:kid|boy|girl|lad)|"
    r"(?:we|i)\s+know\s+(?:where|which\s+bus|what\s+bus|what\s+time|which\s+way)\s+(?:he|she|you|they)\s+"
    r"(?:lives?|gets?|goes|walks?|leaves?|catch(?:es)?)|"
    r"(?:you'?re|ur|you\s+are|he'?s|she'?s|he\s+is|she\s+is|they'?re|is|are)\s+(?:getting|gonna\s+get|going\s+to\s+get)\s+"
    r"(?:stabbed|battered|jumped|beaten\s+up|done\s+in|smashed|knifed|shanked|merked|bodied)|"
    r"(?:i'?ll|i\s+will|we'?ll|we\s+will)\s+be\s+waiting\s+for\s+(?:him|her|you|them))"
)
_WHEN = (
    r"(?:after\s+school|(?:on\s+the\s+|on\s+(?:his|her|your|their)\s+)?way\s+home|at\s+the\s+"
    r"(?:gates?|park|bus\s+stop|shops|station)|which\s+bus|tomorrow|tonight|monday|tuesday|wednesday|"
    r"thursday|friday|lunch(?:time)?|break(?:time)?|walking\s+home|walks?\s+home|going\s+home|home\s+time|"
    r"next\s+time|when\s+(?:i|we)\s+see\s+(?:him|her|you|them)|on\s+the\s+(?:[\d:.]+\s+)?bus)"
)

SAFEGUARDING_RULES: tuple[Rule, ...] = (
    rule(
        "safeguarding.suicide",
        SAFEGUARDING,
        r"\b(?:kill|killing|end|ending|off)\s+(?:myself|my\s+life|it\s+all|my\s+self)\b|\bsuicid\w*|\bkms\b|\bunalive\w*|"
        r"\b(?:want|wanna|going|ready)\s+(?:to\s+)?(?:die|disappear|end\s+it|not\s+exist)\b|"
        r"\bend\s+it\s+(?:all|tonight|now|today|soon)\b|\bi'?m\s+going\s+to\s+end\s+it\b|"
        r"\bdone\s+with\s+(?:life|everything|it\s+all|living)\b|\btired\s+of\s+(?:living|life|being\s+alive)\b|"
        r"\bno\s+(?:point|reason)\s+(?:in\s+|to\s+)?(?:living|live|going\s+on|being\s+here|carrying\s+on|anymore)\b|"
        r"\b(?:won'?t|will\s+not|wont)\s+be\s+(?:a\s+(?:problem|burden)|around|here)\b[^.!?]{0,30}\b(?:longer|soon|anymore|for\s+anyone)|"
        r"\b(?:better\s+off|happier|easier)\s+(?:without\s+me|if\s+i\s+(?:was|were|wasn'?t|weren'?t|am|died|disappeared)|when\s+i'?m\s+gone)\b|"
        r"\bnot\s+(?:be\s+)?here\s+(?:much\s+)?longer\b|\bif\s+i\s+(?:was|were)\s+(?:gone|dead|not\s+here)\b|"
        r"\bcan'?t\s+(?:keep\s+(?:doing|going\s+on\s+with)\s+(?:this|it)|do\s+this\s+any\s*more|go\s+on|take\s+(?:it|this|any\s*more)|cope)\b|"
        r"\b(?:because|cos|coz)\s+of\s+what\s+i\s+(?:did|done|took|take)\b|"
        r"\bwhat\s+i\s+(?:did|took)\s+tonight\b|\boverdos\w*|\bgoodbye\s+(?:everyone|all|world)\b|"
        r"\btook\s+(?:a\s+load\s+of|loads\s+of|all\s+(?:my|the|of\s+my)|a\s+bunch\s+of|some|too\s+many|a\s+lot\s+of)\s+(?:pills|tablets|paracetamol|meds)\b|"
        r"\bnever\s+wake\s+up\b|\bsleep\s+forever\b|\bjust\s+want\s+(?:it\s+(?:all\s+)?|everything\s+)?to\s+(?:stop|end|disappear)\b|"
        r"\b(?:don'?t|dont|do\s+not)\s+think\s+i\s+can\s+(?:do\s+this|cope|go\s+on|keep\s+going|carry\s+on)\b|"
        r"\b(?:i'?m|im|i\s+am|being|feel\s+like)\s+(?:such\s+|just\s+)?a\s+burden\b|\bsaid\s+(?:all\s+)?my\s+goodbyes\b|"
        r"\b(?:i'?ll|ill|i\s+will)\s+be\s+gone\s+(?:soon|by|before|tomorrow|anyway)\b|"
        r"\bhow\s+many\s+(?:paracetamol|pills|tablets|painkillers|sleeping\s+pills|meds)\s+(?:is|are|would|does|do|will|to)\s+"
        r"(?:it\s+take|too\s+many|kill|you\s+need|take\s+to|be\s+(?:too\s+many|enough))|"
        r"\btake\s+(?:all|every\s+one\s+of|the\s+whole\s+(?:box|packet|bottle)\s+of)\s+(?:the|my|mum'?s|dad'?s|those)?\s*"
        r"(?:pills|tablets|paracetamol|meds|medicine|painkillers)\b|"
        r"\b(?:goodbye|suicide)\s+(?:letters?|notes?|messages?|videos?)\b|\bbefore\s+i\s+lose\s+my\s+nerve\b|"
        r"\b(?:bridge|footbridge|railway|train\s+tracks?|cliff|canal|river|motorway|multi[\s-]?storey)\b[^.!?]{0,40}\b"
        r"(?:looks?\s+(?:really\s+|so\s+)?peaceful|jump\w*\s+(?:off|from|in)|calling\s+me)\b|"
        r"\bthis\s+(?:will\s+be|is)\s+my\s+(?:very\s+)?last\s+(?:post|message|day|time|sports\s+day|christmas)\b|"
        r"\bthe\s+only\s+(?:one|person)\s+who\s+(?:was|has)\s+ever\s+(?:been\s+)?(?:nice|kind|good)\s+to\s+me\b|"
        r"\b(?:gave|giving|given|give)\s+(?:away\s+)?(?:all\s+)?my\s+[\w\s]{1,40}?\baway\b|"
        r"\b(?:won'?t|wont|will\s+not)\s+be\s+needing\s+(?:them|it|those|any\s+of|my)\b|"
        r"\b(?:cant|can'?t)\s+wait\s+for\s+(?:it\s+all|everything|it|all\s+of\s+it)\s+to\s+(?:just\s+)?(?:stop|end|be\s+over)\b|"
        r"\b(?:wrote|written|writing|write)\s+(?:\w+\s+){0,2}letters?\s+(?:for|to)\s+(?:everyone|everybody|my\s+family|all)\b|"
        r"\bhow\s+easy\s+it\s+(?:would|'?d)\s+be\s+to\s+(?:just\s+)?(?:lean|step|jump|fall|end|disappear|let\s+go)\b|"
        r"\b(?:tallest|highest)\s+(?:car\s*park|building|bridge|multi[\s-]?storey|cliff|block\s+of\s+flats)\b|"
        r"\basking\s+for\s+a\s+reason\b|\bnot\s+for\s+(?:a\s+)?(?:project|homework)\s+(?:lol|haha)\b|"
        r"\bhow\s+many\s+(?:of\s+)?(?:(?:my|mum'?s?|mums|dad'?s?|dads|the|those|her|his)\s+)?(?:paracetamol|pills|tablets|painkillers|meds)\b"
        r"[^.!?]{0,20}\b(?:would|will|does|to)\s+(?:it\s+)?(?:take|kill|be\s+enough|be\s+too\s+many)\b|"
        r"\bif\s+i\s+(?:jumped|jump|fell|disappeared|died|was\s+gone|wasn'?t\s+here)\b[^.!?]{0,60}\b(?:would\s+anyone|anyone\s+(?:would|even)|notice|miss\s+me)\b|"
        r"\b(?:won'?t|wont|will\s+not)\s+be\s+(?:here|around)\s+for\s+(?:the|my|christmas|summer|next|results)\b",
        0.9,
        "a hint of suicide or of being unable to cope",
    ),
    rule(
        "safeguarding.self_harm",
        SAFEGUARDING,
        r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|scratch\w*)\s+(?:myself|my\s+(?:arms?|wrists?|legs?|thighs?))\b|"
        r"\bself[\s-]*harm\w*|\bbeen\s+cutting\b|\bcutting\s+again\b|\bstarted\s+cutting\b|\brelaps\w*|"
        r"\bhide\s+(?:my|the)\s+(?:arms?|wrists?|legs?|cuts?|scars?|marks?|bruises?)\b|\bmy\s+(?:cuts|scars)\b|"
        r"\b(?:plasters|sleeves|bandages?)\s+(?:to\s+)?(?:hide|cover)\b|\b(?:razor|blade)s?\b[^.!?]{0,30}\bmyself\b|"
        r"\b(?:make|made|making)\s+myself\s+(?:sick|throw\s+up|vomit|starve)\b|\bpurg(?:e|ing)\b|"
        r"\b(?:hate|hates|hating)\s+my\s+(?:body|self|life|face)\b|\bi\s+hate\s+myself\b|"
        r"\b(?:stopped|stop|not)\s+eating\b|\bstarv(?:e|ing)\s+myself\b|\bskip(?:ping)?\s+(?:meals|lunch|dinner|breakfast)\b|"
        r"\b(?:haven'?t|havent|not|hardly)\s+eat(?:en)?\s+(?:properly|anything|in|for|all)\b|"
        r"\bneed\s+to\s+(?:be|get)\s+(?:thinner|skinnier|smaller)\b|\btoo\s+fat\s+to\s+eat\b|"
        r"\bmy\s+(?:arms?|wrists?|legs?|thighs?)\s+(?:are|is)\s+(?:a\s+mess|covered|cut|scarred)\b|"
        r"\b(?:long\s+)?sleeves\s+(?:in\s+pe\s+)?(?:so|to)\s+(?:no\s*one|nobody|people\s+don'?t)\s+(?:sees?|can\s+see|notices?)\b|"
        r"\bso\s+(?:no\s*one|nobody)\s+(?:sees|can\s+see)\s+my\b|"
        r"\bi\s+feel\s+(?:so\s+)?(?:fat|disgusting|huge)\b|\bonly\s+eat\s+(?:an?|one)\s+\w+\s+a\s+day\b|"
        r"\bcounting\s+calories\b|\bmake\s+myself\s+throw\s+up\b|\b\d{2,4}\s*(?:cals?|calories|kcal)\s+a\s+day\b|"
        r"\bwater\s+fast\w*|\b(?:need|want)\s+my\s+(?:collarbones?|hip\s*bones?|ribs)\b|\bthigh\s+gap\b|"
        r"\b\d{2,4}\s*(?:cals?|calories|kcal)\s+(?:max|today|limit)\b|\bhit\s+my\s+(?:gw|goal\s+weight)\b|"
        r"\bsh\s+urges?\b|\burges?\s+(?:to\s+)?(?:cut|hurt\s+myself|sh)\b|\bclean\s+(?:from\s+sh\s+)?for\s+\d+\s+(?:days|weeks|months)\b|"
        r"\bthrew\s+up\s+after\s+(?:tea|dinner|lunch|eating|meals|breakfast)\b|\bmakes?\s+me\s+feel\s+in\s+control\b|"
        r"\b(?:cos|because|coz|cause|cuz)\s+of\s+my\s+(?:arms|wrists|legs|thighs)\b|"
        r"\b(?:wear\w*|started\s+wearing|keep\s+wearing)\s+(?:two|2|extra|long|thick)\s+(?:jumpers|hoodies|sleeves|layers)\s+so\s+(?:nobody|no\s*one|people\s+don'?t)\b|"
        r"\b(?:marks|cuts|scars|scratches)\s+on\s+my\s+(?:arms?|wrists?|legs?|thighs?|stomach)\b|"
        r"\b(?:because\s+of|cover\s+(?:up\s+)?|hide|hiding)\s+(?:the|my)\s+(?:marks|cuts|scars)\b",
        0.9,
        "a hint of self-harm or an eating disorder",
    ),
    rule(
        "safeguarding.disclosure",
        SAFEGUARDING,
        rf"\b(?:my|our)\s+{_ADULT}\b[^.!?]{{0,50}}\b{_HARMS}|"
        rf"^\W*(?:{_ADULT})\s+(?:\w+\s+){{0,3}}?{_HARMS}|"
        rf"\b(?:scared|afraid|frightened|terrified)\s+(?:to|of)\s+(?:go(?:ing)?\s+home|my\s+{_ADULT})\b|"
        r"\b(?:nobody|no\s*one|noone)\s+(?:at\s+home\s+)?(?:cares|would\s+(?:\w+\s+)?(?:notice|care|miss)|notices|will\s+(?:\w+\s+)?(?:notice|believe)|believes)\b|"
        r"\b(?:hasn'?t|hasnt|has\s+not|haven'?t|havent|not)\s+been\s+home\s+(?:for|in|since)\b|"
        r"\b(?:no|any|enough)\s+food\s+(?:in\s+the\s+house|at\s+home|in\s+the\s+fridge)\b|\bnothing\s+to\s+eat\b|"
        r"\b(?:always|just)\s+(?:asleep|drunk|out|passed\s+out)\b|\bleft\s+(?:me\s+)?(?:alone|on\s+my\s+own)\s+(?:all|for|again|overnight)\b|"
        r"\bleft\s+(?:on\s+(?:her|his|their|my)\s+own|alone|home\s+alone)\s+(?:most|every|all|at|till|until|for|overnight|again)\b|"
        r"\bsame\s+clothes\s+(?:on\s+)?(?:for\s+(?:\d+|a|two|three|four)\s+(?:days|weeks)|all\s+week|for\s+days)\b|"
        r"\bgot\s+the\s+(?:belt|slipper|stick|cane|back\s+of\s+(?:his|her)\s+hand)\b|\b(?:cos|because)\s+of\s+the\s+(?:marks|bruises)\b|"
        r"\belectric(?:ity)?(?:'s|\s+is|\s+has\s+been)\s+(?:off|cut\s+off|been\s+cut)\b|\buse\s+candles\b|"
        r"\b(?:mum|mam|mom|dad)\s+(?:just\s+)?sleeps\s+all\s+day\b|"
        r"\blocks?\s+(?:the\s+)?(?:fridge|food|cupboards?|kitchen)\b|\b(?:fridge|food|cupboards?)\s+(?:is|are|gets?)\s+locked\b|"
        r"\b(?:mum|mam|mom|dad)\s+(?:says|said)\s+(?:there'?s|theres|there\s+is)\s+no\s+money\b|"
        r"\b(?:knocking\s+on\s+doors|going\s+door\s+to\s+door)\s+(?:\w+\s+){0,2}(?:for|asking\s+for)\s+food\b|"
        r"\basking\s+(?:\w+\s+){0,2}for\s+food\b|"
        r"\b(?:wishes|wished|wish)\s+(?:i'?d|id|i\s+had|i\s+was|i\s+were|(?:he|she)\s+had)\s+never\s+(?:been\s+born|had\s+me)\b|"
        r"\bcalls?\s+me\s+(?:a\s+)?(?:waste|useless|stupid|worthless|fat|ugly|pathetic|thick|a\s+mistake)\b|"
        r"\bi\s+have\s+to\s+look\s+after\s+my\s+(?:little|baby|younger)\b|\bno\s+(?:electric|electricity|heating|gas)\b|"
        r"\b(?:no\s*(?:one|1|body)|nobody|noone)\s+(?:has\s+)?(?:made|cooked|given|got|bought)\s+(?:us|me)\s+(?:any\s+)?"
        r"(?:tea|dinner|food|breakfast|lunch|a\s+meal)\b|"
        r"\b(?:mum|mam|mom|mummy|dad|daddy)'?s?\s+(?:is\s+|has\s+)?(?:not|n'?t|never)\s+(?:really\s+)?"
        r"(?:getting|got|been\s+getting)\s+(?:up|out\s+of\s+bed)\b|"
        r"\b(?:hasn'?t|hasnt|haven'?t|havent|not|never)\s+(?:bought|got|had|made)\s+(?:any\s+|a\s+)?(?:proper\s+|hot\s+)?(?:food|dinner|tea|meal|shopping)\b|"
        r"\b(?:just|only)\s+(?:eat|have|had)\s+(?:cereal|crisps|bread|toast|biscuits)\b|\bhungry\s+all\s+the\s+time\b|"
        r"\bif\s+i\s+tell\s+(?:anyone|anybody|someone|you)\b|\b(?:not|n'?t)\s+allowed\s+to\s+(?:say|tell|talk)\b|"
        r"\btold\s+me\s+not\s+to\s+tell\b|\bno\s*one\s+will\s+believe\s+me\b|"
        r"\bdon'?t\s+know\s+who\s+to\s+tell\b|\bhow\s+(?:to|do\s+you|can\s+i)\s+get\s+help\s+if\b|"
        rf"\btalk\s+to\s+(?:her|him|you|someone|miss\s+\w+|mr\s+\w+|mrs\s+\w+|ms\s+\w+)\s+about\s+my\s+{_ADULT}\b|"
        r"\bat\s+night\s+and\s+i\s+(?:don'?t|dont)\s+like\s+it\b|\bwhen\s+(?:he|she)\s+babysits\b|"
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
        r"\b(?:keep|kept)\s+(?:it|this|us|home\s+life)\s+(?:a\s+)?secret\b|\bour\s+(?:little\s+)?secret\b|🤫|"
        r"\bit'?s\s+private\b|\bits\s+private\b|"
        r"\b(?:don'?t|dont|do\s+not)\s+tell\s+(?:social(?:\s+services)?|the\s+social|school|the\s+teachers?|the\s+police)\b|"
        r"\bdelete\s+(?:this|the|our|these)\s+(?:chat|messages?|convo|conversation|dms?)\b|"
        r"\bwhere\s+(?:ur|your|yer)\s+(?:mum|dad|parents|mam)\s+(?:cant|can'?t|won'?t|wont)\s+see\b",
        0.85,
        "secrecy asked of a child",
    ),
    rule(
        "safeguarding.approach",
        SAFEGUARDING,
        rf"\b(?:{_CONTACT_ME})\b[^.!?]{{0,60}}\b(?:modell?ing|model|photo\s*shoot|paid|free\s+sessions?|privately|secret)\b|"
        rf"\b(?:modell?ing|photographer|photo\s*shoot|scout|casting)\b[^.!?]{{0,60}}\b(?:{_CONTACT_ME}|young|girls|boys|kids|aged)\b|"
        rf"\b(?:any|which|all)\s+(?:of\s+(?:the|your)\s+)?{_CHILDREN}\b[^.!?]{{0,60}}\b(?:{_CONTACT_ME}|want\s+to\s+(?:come|earn|meet|make)|can\s+(?:add|message|text))\b|"
        rf"\b{_CHILDREN}\b[^.!?]{{0,40}}\b(?:can|should)\s+(?:add|message|dm|text|snap|contact)\s+me\b|"
        r"\b(?:what'?s|whats|what\s+is)\s+(?:his|her|their)\s+(?:name|snap|snapchat|insta|instagram|tiktok|number|address)\b|\bwhat\s+(?:year|class|school)\s+is\s+(?:he|she)\s+in\b|"
        r"\b(?:what'?s|whats|what\s+is)\s+the\s+name\s+of\s+the\s+(?:\w+\s+){0,2}?(?:girl|boy|kid|lad|child)\b|"
        r"\b(?:coach|tutor|train|mentor)\s+privately\b|\bpretty\s+for\s+(?:your|her|his)\s+age\b|\bmature\s+for\s+(?:\d+|(?:your|my|her|his)\s+age)\b|"
        r"\bsend\s+you\s+a\s+(?:present|gift)\b|"
        r"\bwhich\s+(?:one|school)\s+(?:is|does)\s+the\s+(?:\w+\s+){0,2}?(?:girl|boy|kid|child)\b|"
        r"\bwhere\s+does\s+(?:she|he)\s+go\s+to\s+school\b|"
        r"\b(?:which|what)\s+(?:class|year|form)\s+[\w-]+(?:\s+[\w-]+)?\s+is\s+in\b|"
        r"\bwhat\s+time\s+(?:she|he)\s+(?:gets|is)\s+(?:picked\s+up|collected|let\s+out)\b|"
        r"\bwon'?t\s+let\s+me\s+(?:near|see)\s+(?:her|him)\b|\bhow\s+old\s+(?:are\s+you|is\s+(?:she|he))\b|"
        r"\byou\s+look\s+(?:so\s+)?(?:grown\s+up|mature|older|hot|sexy)\b|"
        rf"\b(?:hi|hey|hello)\s+(?!hun\b){_PET_NAME}\b|"
        r"\b(?:get\s+in\s+touch|connect)\s+with\s+(?:her|him|the\s+(?:girl|boy))\b|\b(?:love|like)\s+to\s+meet\s+(?:her|him)\b|"
        r"\bparty\s+at\s+mine\b|\bfree\s+(?:drinks|alcohol|vapes)\b|"
        r"\b(?:older|grown)\s+(?:man|men|guy|brother|lad|boy)\b[^.!?]{0,60}\b(?:dm|message|text|meet)\w*|"
        r"\b(?:keeps|kept)\s+(?:dm|messag|text|snap)\w*\s+(?:me|her|him)\b|\basking\s+(?:me|her|him|kids|them)\s+(?:to\s+meet|for\s+(?:photos|pics|nudes|pictures))\b|"
        r"\b(?:can|could)\s+(?:add|message|follow)\s+me\s+on\s+(?:insta|instagram|snap|snapchat|tiktok|whatsapp)\b",
        0.85,
        "an adult approaching children",
    ),
    rule(
        "safeguarding.exploitation",
        SAFEGUARDING,
        rf"\b(?:earn|make)\s+(?:£?\d+\w*\s+)?(?:easy|quick|fast|good)?\s*(?:cash|money|£\d+)\b[^.!?]{{0,60}}\b(?:drop|deliver|carry|hold|errands?|running)\w*\b|"
        rf"\b{_CHILDREN}\b[^.!?]{{0,40}}\b(?:earn|make)\s+(?:quick\s+|easy\s+|fast\s+)?(?:cash|money|£)|"
        r"\b(?:drop|deliver)\w*\s+(?:a\s+)?(?:parcel|package|bag)s?\s+(?:off\s+)?for\s+me\b|\brunning\s+errands\b|\bcounty\s+lines\b|"
        r"\b(?:carry|hold|move|mind|take)\s+(?:some\s+|a\s+few\s+)?(?:bags|packages|parcels|stuff|things)\s+for\s+me\b|"
        r"\bno\s+questions\s+asked\b|\b(?:sort|get)\s+(?:you|u|ya)\s+(?:some\s+)?(?:vapes|weed|pills|drink|booze|fags|stuff)\b|"
        r"\b(?:sent|going|goes|gone)\s+(?:off\s+)?on\s+trains?\s+(?:with|to\s+deliver|carrying)\b|"
        r"\b(?:say|says|said|saying)\s+i\s+owe\s+(?:them|him|her)\b|\btake\s+a\s+(?:bag|parcel|package)\s+to\b|"
        r"\b(?:gave|giving|give|gives)\s+(?:me|him|her|them|my\s+(?:little\s+|big\s+)?(?:brother|sister|son|daughter|mate|cousin))\s+(?:a\s+)?(?:new\s+)?"
        r"(?:phones?|trainers|iphone|cash|money|clothes)\b[^.!?]{0,80}\b(?:parcels?|packages?|trains?|deliver\w*|owes?)\b|"
        r"\bmeet\s+me\s+(?:by|at|behind|outside|after|round)\b[^.!?]{0,60}\b(?:don'?t|dont)\s+(?:bring|tell)\b|\b(?:easy|quick)\s+(?:job|money|cash)\b[^.!?]{0,40}\b(?:dm|message|inbox|text)\b|"
        r"\basking\s+(?:me|her|him)\s+to\s+send\s+(?:him|her|them)?\s*(?:photos|pics|pictures|nudes|videos)\b|"
        r"\b(?:share|post|leak)\s+(?:a\s+)?(?:video|photos?|pics?)\s+of\s+(?:her|him|me)\s+unless\b|\bunless\s+(?:she|he|i)\s+pays?\b|"
        r"\b(?:made|make|making|forced?)\s+(?:her|him|me|them)\s+send\s+(?:pics|photos|nudes|pictures|videos)\b|"
        r"\bthreaten\w*\s+to\s+(?:post|share|send|leak|show)\b|\bsextort\w*|"
        r"\b(?:sharing|shared|sending|sent|posting|posted|leak\w*)\s+(?:\w+\s+)?(?:nudes|nude\s+(?:pics|photos|images)|naked\s+(?:pics|photos|pictures))\b|"
        r"\bnudes\s+of\b|"
        r"\bselling\s+(?:vapes|weed|drugs|pills|nos|balloons)\b[^.!?]{0,80}\b(?:school|kids|\d{2}|year|lad|girl|boy)\b",
        0.9,
        "exploitation of a child",
    ),
    rule(
        "safeguarding.stalking",
        SAFEGUARDING,
        r"\bi\s+know\s+where\s+(?:the|that|this|your)\s+(?:\w+\s+){0,4}?(?:girl|boy|kid|child|lad|daughter|son)\b[^.!?]{0,30}\blives?\b|"
        r"\b(?:filming|photographing|taking\s+(?:photos|pictures|videos|pics)\s+of|watching|following)\s+(?:the\s+)?(?:kids|children|pupils|girls|boys)\b|"
        r"\b(?:man|men|woman|someone|van|car|stranger)\b[^.!?]{0,60}\b(?:asking|offering|giving|approach\w*|following)\s+(?:the\s+)?(?:kids|children|pupils|girls|boys)\b|"
        r"\b(?:man|men|stranger|van|car)\b[^.!?]{0,40}\b(?:hanging\s+around|lurking|loitering)\b|"
        r"\b(?:hanging|loitering|lurking)\s+(?:around|about|outside)\s+(?:the\s+)?(?:school|gates?|park|playground)\b|"
        r"\btrying\s+to\s+(?:talk\s+to|get|lure|speak\s+to)\s+(?:the\s+)?(?:girls|boys|kids|children|pupils)\b|"
        r"\b(?:offer\w*|giving)\s+(?:kids|children|them)\s+(?:sweets|lifts)\b|\bwant\s+sweets\b",
        0.9,
        "someone watching, following or approaching children",
    ),
    rule(
        "safeguarding.threat",
        SAFEGUARDING,
        rf"\b{_THREAT}\b[^.!?]{{0,60}}\b{_WHEN}\b|\b{_WHEN}\b[^.!?]{{0,60}}\b{_THREAT}\b|"
        # A threat aimed at a child needs no time or place.
        rf"(?<!my\s)(?<!our\s)\b(?:kid|lad|boy|girl|child|yr\s*\d+|year\s*\d+)\b[^.!?]{{0,60}}\b{_THREAT}\b",
        0.85,
        "a threat of violence against someone, with a time or place",
    ),
    rule(
        "safeguarding.impersonation",
        SAFEGUARDING,
        r"\bpretending\s+to\s+be\s+(?:a\s+)?(?:miss|mr|mrs|ms|dr|teacher|staff|the\s+school|a\s+pupil)\b|"
        r"\bimpersonat\w*|\bfake\s+(?:account|profile)\s+(?:of|for|pretending)\b|"
        r"\bfake\s+(?:teacher|staff|school)\s+(?:account|profile)\b|"
        r"\b(?:set\s+up|made|created|making)\s+(?:an|a\s+fake|a)\s+(?:account|profile)\s+(?:using|with|in)\s+\w+|"
        r"\bsending\s+(?:friend\s+)?requests\s+to\s+(?:pupils|kids|children|students|girls|boys)\b|"
        rf"\b(?:messaging|adding|following|contacting)\s+(?:{_CHILDREN})\b",
        0.9,
        "an account impersonating staff or contacting children",
    ),
)
