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

from postguard.language.abuse import PROFANITY_RULES
from postguard.language.folding import fold
from postguard.language.rules import Rule, rule

SWEARING = "swearing"
MOCKERY = "mockery"
INDIVIDUAL = "individual_matter"
STAFF_DISPUTE = "staff_dispute"
POLITICAL = "political"

_PUPILS = (
    r"(?:student|pupil|child|boy|girl|lad|young\s+person|students|pupils|children|boys|girls|lads)"
)

TONE_RULES: tuple[Rule, ...] = (
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
        r"\b(?:is|are)\s+off\s+(?:again|sick|ill)\b|\boff\s+sick\b|\bsigned\s+off\b|"
        r"\bvideo\s+(?:circulating|going\s+round|being\s+shared)\s+of\b|"
        r"\bbeing\s+(?:pushed|bullied|attacked|assaulted|beaten\s+up)\b",
        0.8,
        "an individual's sanction, absence, conduct or incident made public",
    ),
    rule(
        "tone.political",
        POLITICAL,
        r"\bvote\s+for\b|\bwho\s+(?:you|to)\s+vote\b|\b(?:this|the|our)\s+government(?:'s)?\s+"
        r"(?:has|have|is|should|must|cut|cuts|keeps|wants|needs|hostile|policy|policies)\b|"
        r"\bshame\s+on\b|\bshould\s+be\s+ashamed\b|\bhostile\s+environment\b|\bpicket\s+line\b|"
        r"#\w*strike\b|#fund\w*|\b(?:tory|tories|labour\s+(?:party|government|mps?)|reform\s+uk|lib\s+dems?)\b|"
        r"\bwhatever\s+the\s+(?:home\s+secretary|prime\s+minister|minister|government)\b|"
        r"\bre-?elect\b|\bsupport\s+(?:the\s+)?strike\b|\bstand\s+with\s+(?:the\s+)?(?:strikers|union)\b",
        0.8,
        "party-political campaigning or taking sides",
    ),
)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True, slots=True)
class ToneHit:
    subtype: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...]


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def find(text: str) -> list[ToneHit]:
    """Every unprofessional passage in ``text``: one per subtype and sentence."""
    hits: list[ToneHit] = []
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        folded = fold(sentence)
        by_subtype: dict[str, list[tuple[int, int, Rule]]] = {}
        for r in PROFANITY_RULES:
            for m in r.pattern.finditer(folded.text):
                a, b = folded.span(m.start(), m.end())
                by_subtype.setdefault(SWEARING, []).append((s_start + a, s_start + b, r))
        for r in TONE_RULES:
            if r.pattern.search(folded.text):
                lead = len(sentence) - len(sentence.lstrip())
                by_subtype.setdefault(r.label, []).append(
                    (s_start + lead, s_start + len(sentence.rstrip()), r)
                )
        for subtype, found in by_subtype.items():
            start = min(f[0] for f in found)
            end = max(f[1] for f in found)
            hits.append(
                ToneHit(
                    subtype,
                    start,
                    end,
                    max(f[2].score for f in found),
                    tuple(dict.fromkeys(f[2].reason for f in found)),
                )
            )
    return hits
