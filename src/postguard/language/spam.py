"""Rules for spam: scams, betting, crypto, loans, adult promotions, fake goods,
engagement bait and unsolicited adverts.

Strong signals (score 0.9) carry a comment alone; weak ones (0.4: "DM me",
"cheap", a price, an odd link) need company: label scores combine as
``1 - prod(1 - s)``, so two weak signals make 0.64, over the 0.6 bar.
"""

from __future__ import annotations

from postguard.language.rules import Rule, rule

SPAM = "spam"
_STRONG = 0.9
_WEAK = 0.4

SPAM_RULES: tuple[Rule, ...] = (
    rule(
        "spam.crypto",
        SPAM,
        r"\b(?:crypto\w*|bitcoin|btc|eth|forex|nft|trading\s+signals?|signals\s+group|binary\s+options)\b",
        _STRONG,
        "crypto or forex promotion",
        hints=("crypto", "bitcoin", "btc", "eth", "forex", "nft", "signal", "binary"),
    ),
    rule(
        "spam.investment",
        SPAM,
        r"\b(?:investment\s+opportunity|guaranteed\s+(?:\d+\s*%|returns|profit)|passive\s+income|"
        r"\d+\s*%\s+(?:monthly|weekly|daily)\s+returns|win\s+rate|financial\s+freedom|"
        r"(?:recover\w*|got\s+back)\s+(?:my|your|the)\s+(?:\w+\s+)?(?:funds|money|crypto|bitcoin)|"
        r"lost\s+money\s+to\s+(?:a\s+)?scam|turn(?:ed|ing|s)?\s+£?[\d,.]+k?\s+into\s+£?[\d,.]+k?)\b",
        _STRONG,
        "an investment or money-making scheme",
        hints=(
            "investment",
            "guaranteed",
            "passive",
            "returns",
            "win rate",
            "financial",
            "recover",
            "got back",
            "lost money",
            "turn",
        ),
    ),
    rule(
        "spam.money_from_home",
        SPAM,
        r"(?:\b(?:earn|make|made|making)\s+(?:£|\$|€)\s?[\d,.]+k?|£££|\$\$\$)[^.!?]{0,60}"
        r"(?:from\s+(?:home|your\s+phone)|a\s+day|a\s+week|last\s+week|no\s+experience|per\s+day|online)|"
        r"\bfrom\s+home\s+like\s+me\b|\bno\s+experience\s+(?:needed|required)\b|\bbrand\s+ambassador\b|"
        r"\bwork\s+from\s+home\s+and\s+earn\b|\bwork\s+from\s+your\s+phone\b|\bproduct\s+testers?\b|"
        r"\bkeep\s+the\s+products\b|\bcomment\s+[\"'“]?yes[\"'”]?\s+below\b|"
        r"\b(?:hiring|apply\s+now|apply\s+today)\b[^\n]{0,80}(?:£|\$|€)\s?\d+\s*(?:/|per\s+|an?\s+)(?:hr|hour|day)\b|"
        r"(?:£|\$|€)\s?\d+\s*(?:/|per\s+|an?\s+)(?:hr|hour)\b[^\n]{0,80}\b(?:hiring|apply|dm|message|link|sign\s+up)\b|"
        r"\bextra\s+(?:income|cash|money)\b[^.!?]{0,60}\b(?:message|dm|pm|inbox|pop\s+me|drop\s+me|opportunity)\b|"
        r"\b(?:amazing|exciting|fantastic|great|incredible)\s+opportunity\s+for\s+(?:mums|moms|parents|mamas|"
        r"stay[\s-]at[\s-]home)",
        _STRONG,
        "a make-money-fast offer",
        hints=(
            "earn",
            "make",
            "made",
            "making",
            "£££",
            "$$$",
            "from home",
            "no experience",
            "ambassador",
            "your phone",
            "hiring",
            "apply",
            "/hr",
            "per h",
            "an h",
            "a h",
            "extra",
            "opportunity",
            "tester",
            "keep the products",
            "yes",
        ),
    ),
    rule(
        "spam.gambling",
        SPAM,
        r"\b(?:casino|free\s+spins|free\s+bets?|deposit\s+bonus|betting\s+tips|bet\s+£\d+|slots?\s+bonus|jackpot|"
        r"best\s+odds|sportsbook|accumulator\s+tips)\b|\w\.bet\b",
        _STRONG,
        "a betting or casino promotion",
        hints=(
            "casino",
            "spins",
            "bet",
            "deposit",
            "slots",
            "jackpot",
            "odds",
            "sportsbook",
            "accumulator",
        ),
    ),
    rule(
        "spam.loans",
        SPAM,
        r"\b(?:loans?\s+(?:available|from\s+£?\d+)|no\s+credit\s+checks?|fast\s+approval|payday\s+loans?|debt\s+relief|"
        r"need\s+cash\s+fast)\b",
        _STRONG,
        "a loan offer",
        hints=("loan", "credit", "approval", "debt", "cash fast"),
    ),
    rule(
        "spam.adult",
        SPAM,
        r"\b(?:onlyfans|hot\s+singles|exclusive\s+content|sexy\s+(?:pics|singles)|nudes?\s+in\s+bio|adult\s+content|"
        r"want\s+to\s+be\s+your\s+friend|saw\s+your\s+profile|(?:hi|hello)\s+dear|lonely\s+(?:single|and|lady|girl|mum|woman)|"
        r"(?:hey|hi)\s+handsome|single\s+(?:ladies|women|mums)\s+(?:near|in)\s+you)\b|🔞",
        _STRONG,
        "an adult promotion or a romance bot",
        hints=(
            "onlyfans",
            "singles",
            "exclusive",
            "sexy",
            "nude",
            "adult",
            "friend",
            "profile",
            "dear",
            "lonely",
            "handsome",
            "single",
            "🔞",
        ),
    ),
    rule(
        "spam.fraud",
        SPAM,
        r"\b(?:community\s+standards|account\s+(?:\w+\s+){0,4}?(?:disabled|suspended|deleted|locked)|verify\s+(?:at|here|now|your\s+account)|"
        r"(?:you'?ve|you\s+have)\s+been\s+selected|claim\s+(?:here|now|your\s+(?:prize|voucher|reward))|"
        r"(?:driving\s+licen[cs]e|passport|degree|certificate)\s+without|essay\s+writing|coursework\s+(?:service|help\s+for\s+cash)|"
        r"assignment\s+help|plagiarism[\s-]free|fake\s+(?:ids?|licen[cs]es|passports|notes|documents)|"
        r"100%\s+(?:legit|original|genuine)|(?:grow|boost)\s+(?:your\s+)?(?:\w+\s+)?(?:pages?|followers|account)|more\s+followers|"
        r"\d+k?\s+followers|real\s+(?:accounts|followers)|free\s+audit)\b",
        _STRONG,
        "a scam or fake service",
        hints=(
            "community",
            "account",
            "verify",
            "selected",
            "claim",
            "licen",
            "passport",
            "degree",
            "certificate",
            "essay",
            "coursework",
            "assignment",
            "plagiarism",
            "fake",
            "100%",
            "grow",
            "boost",
            "followers",
            "real",
            "audit",
        ),
    ),
    rule(
        "spam.giveaway",
        SPAM,
        r"\b(?:giveaway|giving\s+away\s+£?\d+|voucher|referral\s+(?:link|code)|cashback|promo\s+code|"
        r"like,?\s+(?:and\s+)?share\b[^.!?]{0,20}\bcomment|first\s+\d+\s+people\s+who|"
        r"(?:comment|type)\s+\"?\w+\"?\s+and\s+share|share\s+this\s+post\s+to\s+win|tag\s+\d+\s+friends)\b",
        _STRONG,
        "a giveaway or referral bait",
        hints=(
            "giveaway",
            "giving away",
            "voucher",
            "referral",
            "cashback",
            "promo",
            "share",
            "first",
            "comment",
            "type",
            "tag",
        ),
    ),
    rule(
        "spam.contact_me",
        SPAM,
        r"\b(?:dm|pm|inbox|whatsapp|message|msg)\s+(?:me|us|for|now|only)\b|\bcheck\s+my\s+profile\b|\b(?:link|links)\s+in\s+(?:my\s+)?bio\b|"
        r"\bclick\s+(?:here|my|the\s+link)\b|👉",
        _WEAK,
        "asks readers to get in touch or click",
        hints=("dm", "pm", "inbox", "whatsapp", "message", "msg", "profile", "bio", "click", "👉"),
    ),
    rule(
        "spam.selling",
        SPAM,
        r"\b(?:selling|for\s+sale|cheap|discount|\d+\s*%\s+off|limited\s+time|only\s+\d+\s+(?:spots|places)\s+left|"
        r"brand\s+new|sealed|all\s+sizes|designer|catalogue|fast\s+delivery|apply\s+today|limited\s+spaces|"
        r"changed\s+my\s+life|struggling\s+with\s+money|masterclass)\b|"
        r"£\s?\d+(?:\.\d\d)?\s+(?:each|a\s+pair|an\s+hour|per\s+hour|a\s+go)",
        _WEAK,
        "selling something",
        hints=(
            "selling",
            "sale",
            "cheap",
            "discount",
            "off",
            "limited",
            "only",
            "brand new",
            "sealed",
            "sizes",
            "designer",
            "catalogue",
            "delivery",
            "apply",
            "spaces",
            "changed my life",
            "struggling",
            "masterclass",
            "£",
        ),
    ),
    rule(
        "spam.odd_link",
        SPAM,
        r"\b[\w-]+\.(?:win|click|shop|online|bet|xyz|top|loan|vip|live|site|store|buzz)\b|\bt\.me/|\bwa\.me/|"
        r"\bwatch\s+the\s+full\s+video\b",
        _WEAK,
        "a link of a kind spammers use",
    ),
    rule(
        "spam.scam_phrasing",
        SPAM,
        r"\bi\s+was\s+broke\s+until\b|\btrading\s+platform\b|\bnow\s+i\s+(?:earn|make)\b|\bget\s+paid\s+to\b|"
        r"\b(?:your\s+number|you)\s+(?:has\s+been|have\s+been|'ve\s+been)\s+(?:picked|chosen|drawn)\b|"
        r"\byou'?ve\s+won\b|\byou\s+have\s+won\b|"
        r"\b(?:vip|private)\s+(?:telegram|whatsapp|group|channel)\b|\btelegram\s+(?:group|channel)\b|"
        r"\bbad\s+credit\b|\bapproval\s+in\s+minutes\b|\bquick\s+loans?\b|"
        r"\bfactory\s+prices\b|\bfree\s+shipping\b|\breplicas?\b|\brank\s+#?1\s+on\s+google\b|\bseo\b|"
        r"\bat\s+risk\s+of\s+being\s+(?:unpublished|disabled|deleted|removed)\b|"
        r"\bconfirm\s+your\s+(?:details|identity|account)\b|\bexam\s+answers\b|\bguaranteed\s+grades?\b|"
        r"\bguaranteed\s+(?:a\*|a\+|an?\s+a|pass(?:es)?|first)|\bundetectable\b|"
        r"\bfree\s+(?:iphone|ipad|samsung|playstation|ps5|xbox)\b|\bfirst\s+\d+\s+(?:parents|people|followers)\s+who\s+(?:share|click|like)\b|"
        r"(?:\b[\w-]+\s*\.\s*(?:info|biz|shop|xyz|top|online|site|co)\b\s*\|\s*){2,}|\bclick\s+now\b|"
        r"\b(?:coursework|essay|assignment|dissertation|homework)\s+writing\s+service\b|"
        r"\b(?:page|account)\s+(?:has\s+been\s+reported|will\s+be\s+(?:disabled|deleted|suspended|restricted|unpublished))\b|"
        r"\bmeta\s+support\b|\bcopyright\s+(?:violation|infringement)\b[^.!?]{0,80}\b(?:appeal|disabled|verify)\b|\bappeal\s+here\b|"
        r"\b(?:widow|inheritance|next\s+of\s+kin|beneficiary)\b[^.!?]{0,80}\b(?:funds|transfer|money|help)\b|"
        r"\btransfer\s+the\s+funds\b|\bcompletes?\s+(?:our|a|this|the)\s+survey\b|"
        r"\bfree\s+\w+\s+for\s+every\s+(?:parent|person|one)\b|"
        r"\b(?:contact|message|text|call)\s+(?:him|her|them)\s+on\s+(?:whatsapp|telegram|instagram)\b",
        _STRONG,
        "wording typical of scams and unsolicited offers",
    ),
    rule(
        "spam.trade_call",
        SPAM,
        r"\b(?:call|text|ring)\s+[a-z]+\s+on\s+(?:\+44|0)\d|\b(?:fitted|delivered|collected)\s+at\s+your\s+(?:home|door)\b",
        _WEAK,
        "a trader's call to action",
    ),
)
