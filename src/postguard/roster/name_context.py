"""The words around a name: what says "this is a pupil" and what says "someone else".

Pure functions over folded text and its tokens. "Strong" context is what a
post writes right after a pupil's forename ("in Year 5", "(Y8)", "'s", "who",
"(4)"); a capitalised word right after a forename that is not that pupil's
surname makes it someone else ("Marcus Rashford", "Harry Potters").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postguard.roster.lexicon import (
    CHARACTER_BEFORE,
    COMMON_WORDS,
    COMPANY_WORDS,
    DETERMINERS,
    FAMOUS_PAIRS,
    INTRO_WORDS,
    PERSON_AFTER,
    PLACE_PREFIX,
    ROLE_WORDS,
    SCHOOL_WORDS,
    SET_TEXTS,
)
from postguard.roster.models import Pupil
from postguard.roster.tokens import Token, Zone

_YEAR = re.compile(r"\b(?:year|yr|y)\s?(\d{1,2}|r)(?!\d)", re.IGNORECASE)
_REG = re.compile(r"\b(\d{1,2})\s?([a-z])\b", re.IGNORECASE)
_AFTER_STRONG = re.compile(
    r"""^(?:
        '\s?s\b | '(?!\w)                                   # possessive
      | \s*,?\s+(?:in|from|of)\s+(?:year|yr|y)\s?(?:\d{1,2}|r)\b   # in Year 5
      | \s*,?\s+(?:in|from)\s+(?:reception|nursery|the\s+sixth\s+form)\b
      | \s*,?\s+(?:in|from)\s+\d{1,2}\s?[a-z]\b              # in 8O
      | \s*\(\s*(?:year|yr|y|reception|\d{1,2}\s?[a-z]?\b)    # (Y8) (Year 4) (4) (7N)
      | \s*,\s*(?:aged\s+)?\d{1,2}\b(?![.,:/]\d)              # Jade, 20
      | \s*,?\s+(?:who|whose)\b                               # Teddy who
      | \s+y\d{1,2}\b                                         # Alex Y12
    )""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class TextFacts:
    """What a whole text says that helps every name in it: years, classes, style."""

    years: set[str] = field(default_factory=set)
    regs: set[str] = field(default_factory=set)
    characters: frozenset[str] = frozenset()  # forenames of a studied text the post names
    classes: set[str] = field(default_factory=set)
    lowercase_style: bool = False


def text_facts(lower: str, class_words: set[str], tokens: list[Token]) -> TextFacts:
    facts = TextFacts()
    if "y" in lower:
        facts.years = {m.group(1) for m in _YEAR.finditer(lower)}
    facts.regs = {m.group(1) + m.group(2) for m in _REG.finditer(lower)}
    lows = {t.low for t in tokens}
    facts.classes = (lows & class_words) | {w + "s" for w in lows if w + "s" in class_words}
    if "reception" in lows:
        facts.years.add("r")
    words = caps = 0
    for t in tokens:
        if t.zone is Zone.TEXT and len(t.text) > 1:
            words += 1
            caps += t.capitalised
    facts.lowercase_style = words > 0 and caps <= max(1, words // 25)
    for title, names in SET_TEXTS.items():
        if title in lower and re.search(r"\b" + title + r"\b", lower):
            facts.characters |= names
    return facts


def agrees(pupil: Pupil, facts: TextFacts) -> bool:
    """The text mentions this pupil's year, form or class."""
    year = pupil.year.lower()
    reg = pupil.reg_group.lower().replace(" ", "")
    return (
        year in facts.years
        or reg in facts.regs
        or reg in facts.classes
        or (year == "r" and "r" in facts.years)
    )


def sentence_initial(text: str, tok: Token) -> bool:
    """Nothing but symbols between the start of the sentence (or line) and this word."""
    i = tok.start - 1
    while i >= 0 and not (text[i].isalnum() or text[i] in ".!?\n:;,)–—-\"'"):
        i -= 1
    if i < 0:
        return True
    return text[i] in ".!?\n"


def strong_after(text: str, end: int) -> bool:
    """'X in Year 5', 'X (Y8)', "X's", 'X, who', 'X, 20'."""
    return bool(_AFTER_STRONG.match(text[end : end + 40]))


def possessive_len(text: str, end: int, key: str) -> int:
    """Characters of a possessive right after a name: "'s" -> 2, "s'" names -> 1."""
    tail = text[end : end + 3]
    if (
        len(tail) >= 2
        and tail[0] == "'"
        and tail[1] in "sS"
        and (len(tail) < 3 or not tail[2].isalpha())
    ):
        return 2
    if tail[:1] == "'" and key.endswith("s") and (len(tail) < 2 or not tail[1].isalpha()):
        return 1
    return 0


def joined_by_space(tok: Token) -> bool:
    """This token follows the previous one after plain spaces only, on the same line."""
    return 0 < len(tok.sep) <= 3 and tok.sep.strip(" ") == ""


def is_initial(tok: Token, nxt: Token | None, text: str) -> bool:
    """A single capital letter standing for a name ("B", "B.") and not a word ("A-level")."""
    if len(tok.text) != 1 or not tok.text.isupper():
        return False
    if text[tok.end : tok.end + 1].isdigit() or text[tok.start - 1 : tok.start].isalnum():
        return False
    if nxt is not None and nxt.start == tok.end + 1 and text[tok.end] in "-'":
        return False
    return True


def someone_else_after(tokens: list[Token], j: int, class_words: set[str]) -> bool:
    """A capitalised word right after a forename that is not a school word: another person."""
    if j >= len(tokens):
        return False
    nxt = tokens[j]
    prev = tokens[j - 1]
    if nxt.zone is not prev.zone or nxt.zone_id != prev.zone_id:
        return False
    if prev.zone is Zone.TEXT:
        if nxt.sep == "-" and nxt.capitalised:  # "Ellis-Ingram": someone's double name
            return True
        if nxt.low in ("and", "&") or nxt.sep.strip() == "&":  # "Thomas and Sons"
            k = j + 1 if nxt.low == "and" else j
            return k < len(tokens) and tokens[k].low in COMPANY_WORDS
        if not joined_by_space(nxt):
            return False
    elif nxt.sep != "":
        return False
    if not nxt.capitalised:
        return False
    if len(nxt.text) == 1:
        if j + 1 < len(tokens) and tokens[j + 1].sep == "'" and tokens[j + 1].capitalised:
            return True  # another surname: "Sean O'Connor"
        return middle_initial(tokens, j)  # "Abby M. Laidlaw"
    low = nxt.low
    if low in SCHOOL_WORDS or low in class_words or low + "s" in class_words:
        return False
    if nxt.shape == "upper" and prev.shape == "upper" and low in COMMON_WORDS:
        return False
    return True


def middle_initial(tokens: list[Token], j: int) -> bool:
    """Token j is an initial followed by a capitalised surname-like word: "M. Laidlaw"."""
    if j + 1 >= len(tokens):
        return False
    after = tokens[j + 1]
    return (
        after.zone is Zone.TEXT
        and after.capitalised
        and after.sep.strip(" ") in ("", ".")
        and "\n" not in after.sep
        and len(after.text) > 1
        and after.low not in COMMON_WORDS
        and after.low not in SCHOOL_WORDS
    )


def proper_noun_before(text: str, tokens: list[Token], i: int, common: bool) -> bool:
    """A capitalised word right before ("Prom King", "Royal Albert"): part of another name."""
    if i == 0:
        return False
    tok, prev = tokens[i], tokens[i - 1]
    if prev.zone is not tok.zone or prev.zone_id != tok.zone_id:
        return False
    if tok.zone is Zone.TEXT and not joined_by_space(tok):
        return False
    if tok.zone is not Zone.TEXT and tok.sep != "":
        return False
    if not prev.capitalised or prev.low in INTRO_WORDS or len(prev.text) == 1:
        return False
    if prev.shape == "upper" and tok.shape == "upper":
        return False
    if tok.zone is Zone.HASHTAG:
        return common
    return common or not sentence_initial(text, prev)


def role_before(tokens: list[Token], i: int) -> bool:
    """'mum Shanice', 'baby Noah': the person is not a pupil."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    return prev.zone is Zone.TEXT and joined_by_space(tokens[i]) and prev.low in ROLE_WORDS


def place_before(tokens: list[Token], i: int) -> bool:
    """'River Trent', '#RiverTrent', 'St Mary': the name of a place."""
    if i == 0:
        return False
    tok, prev = tokens[i], tokens[i - 1]
    same = prev.zone is tok.zone and prev.zone_id == tok.zone_id
    joined = tok.sep == "" if tok.zone is not Zone.TEXT else joined_by_space(tok)
    return same and joined and prev.capitalised and prev.low in PLACE_PREFIX


def named_place_after(text: str, tokens: list[Token], j: int, key: str) -> bool:
    """ "Hadrian's Wall", "Mary's Meals": a possessive naming a place or a business."""
    end = tokens[j - 1].end
    n = possessive_len(text, end, key)
    k = j
    if k < len(tokens) and tokens[k].start == end + 1 and n == 2:
        k += 1  # the "s" of "'s"
    if not n or k >= len(tokens):
        return False
    nxt = tokens[k]
    if text[end + n : nxt.start] != " ":
        return False
    return nxt.zone is Zone.TEXT and nxt.shape == "title" and nxt.low not in INTRO_WORDS


def character_before(tokens: list[Token], i: int) -> bool:
    """'played Mary', 'as Joseph': a part in a play, not a pupil."""
    return i > 0 and joined_by_space(tokens[i]) and tokens[i - 1].low in CHARACTER_BEFORE


def determiner_before(tokens: list[Token], i: int) -> bool:
    if i == 0:
        return False
    prev = tokens[i - 1]
    return joined_by_space(tokens[i]) and prev.low in DETERMINERS


def famous_pair(tokens: list[Token], i: int, j: int) -> bool:
    """'Mary and Joseph': a well-known pair, not two pupils."""
    key = tokens[i].low
    if (
        j + 1 < len(tokens)
        and tokens[j].low in ("and",)
        or (j < len(tokens) and tokens[j].sep.strip() == "&")
    ):
        k = j + 1 if tokens[j].low == "and" else j
        if k < len(tokens) and (key, tokens[k].low) in FAMOUS_PAIRS:
            return True
    if i >= 2 and tokens[i - 1].low == "and" and (tokens[i - 2].low, key) in FAMOUS_PAIRS:
        return True
    return i >= 1 and tokens[i].sep.strip() == "&" and (tokens[i - 1].low, key) in FAMOUS_PAIRS


def intro_before(text: str, tokens: list[Token], i: int) -> bool:
    """'well done X', 'congratulations to X', 'Otters – X', 'L-R: X'."""
    tok = tokens[i]
    sep = tok.sep.strip()
    if sep and sep[-1] in ":–—-" and "\n" not in tok.sep[-2:]:
        return True
    if i == 0 or not joined_by_space(tok):
        return False
    prev = tokens[i - 1].low
    if prev in ("done", "congratulations", "congrats", "welcome", "thanks", "go", "dear"):
        return True
    return prev == "to" and i >= 2 and tokens[i - 2].low in (
        "congratulations", "congrats", "done", "thanks", "birthday", "welcome", "went", "goes",
        "awarded", "go", "out",
    )  # fmt: skip


def clause_end_after(text: str, end: int) -> bool:
    """The name ends a clause: '!', '.', ',', ')', an emoji or the end of the text."""
    rest = text[end : end + 3].lstrip(" ")
    return not rest or not rest[0].isalnum()


def person_after(tokens: list[Token], j: int) -> bool:
    return j < len(tokens) and tokens[j].low in PERSON_AFTER


def class_after(tokens: list[Token], j: int, class_words: set[str]) -> bool:
    """'Ruby in Owls class', 'Szymek from Kingfishers', 'Ruby (Owls)'."""
    n = len(tokens)
    if j >= n:
        return False
    k = j
    if tokens[k].low in ("in", "from", "of") and joined_by_space(tokens[k]):
        k += 1
        if k < n and tokens[k].low == "the":
            k += 1
    elif "(" not in tokens[k].sep:
        return False
    return k < n and (tokens[k].low in class_words or tokens[k].low + "s" in class_words)


def coordinated_with_word(tokens: list[Token], j: int) -> bool:
    """'Faith, hope and charity': the next item of the list is an ordinary lower-case word."""
    n = len(tokens)
    if j >= n:
        return False
    nxt = tokens[j]
    if nxt.low in ("and", "or"):
        k = j + 1
    elif nxt.sep.strip() in (",", "&"):
        k = j
    else:
        return False
    if k >= n or not tokens[k].text.islower() or tokens[k].low not in COMMON_WORDS:
        return False
    if k == j + 1:  # "X and hope": the list ends here
        return tokens[k].low not in PERSON_AFTER
    # "X, hope and ...": the list goes on
    return k + 1 < n and (tokens[k + 1].low in ("and", "or") or tokens[k + 1].sep.strip() == ",")
    nxt = tokens[j]
    if nxt.sep.strip() in (",", "&") or nxt.low in ("and", "or"):
        k = j + 1 if nxt.low in ("and", "or") else j
        return k < len(tokens) and tokens[k].text.islower() and tokens[k].low in COMMON_WORDS
    return False


def reason_after(tokens: list[Token], j: int) -> bool:
    """'Otters – Victory for an amazing letter': an award line gives its reason."""
    return j < len(tokens) and joined_by_space(tokens[j]) and tokens[j].low in ("for", "who")
