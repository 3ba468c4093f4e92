"""The single-position readings of NameReader: full names, initials, forenames, families."""

from __future__ import annotations

from typing import TYPE_CHECKING

from postguard.roster.lexicon import COMMON_WORDS, PLACES_AND_BRANDS, TIME_WORDS, is_common
from postguard.roster.name_context import (
    agrees,
    character_before,
    class_after,
    clause_end_after,
    coordinated_with_word,
    determiner_before,
    famous_pair,
    intro_before,
    is_initial,
    joined_by_space,
    middle_initial,
    named_place_after,
    person_after,
    place_before,
    possessive_len,
    proper_noun_before,
    reason_after,
    role_before,
    sentence_initial,
    someone_else_after,
    strong_after,
)
from postguard.roster.name_hit import Hit
from postguard.roster.tokens import Zone

if TYPE_CHECKING:
    from postguard.roster.name_reader import NameReader

# Words before a place name: "a trip to Preston", "in Lincoln".
_PLACE_BEFORE = frozenset("to in at near visited visit visiting around across via".split())


def _hit(r: NameReader, first: int, last: int, form: str, cands: dict[int, float],
         score: float, key: str = "", ev: tuple[str, ...] = (), weak: bool = False,
         extra: int = 0) -> Hit:  # fmt: skip
    toks = r.toks
    zone = toks[first].zone
    if zone is Zone.HANDLE:
        form = "handle"
    end = toks[last - 1].end
    end += extra or possessive_len(r.text, end, key)
    return Hit(toks[first].start, end, first, last, form, cands, score, zone, ev, key, weak)


def _meet(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    """Pupils in both maps, weights multiplied (iterating the smaller map)."""
    if len(a) > len(b):
        a, b = b, a
    return {p: w * b[p] for p, w in a.items() if p in b}


def full_name_at(r: NameReader, i: int) -> Hit | None:
    """The longest full name starting at token i (forename + surname, or surname + forename)."""
    t, toks, n = r.t, r.toks, r.n
    best: tuple[int, dict[int, float], float, str, tuple[str, ...]] | None = None

    def consider(last: int, cands: dict[int, float], score: float, key: str,
                 ev: tuple[str, ...]) -> None:  # fmt: skip
        nonlocal best
        if cands and (best is None or (last, score) > (best[0], best[2])):
            best = (last, cands, score, key, ev)

    fore_phrases = [(j, k) for j, k in r.phr[i] if k in t.fore or k in t.nick]
    if (
        not fore_phrases
        and toks[i].capitalised
        and len(toks[i].low) >= 4
        and toks[i].zone is Zone.TEXT
    ):
        if toks[i].low not in COMMON_WORDS and toks[i].low not in t.sur:
            fore_phrases = [(i + 1, k) for k in t.fuzzy_forenames(toks[i].low)]
    for j, fkey in fore_phrases:
        if j >= n or not r.joinable(toks[j - 1], toks[j]):
            continue
        if toks[j].zone is Zone.TEXT and toks[j].sep == "-":
            continue  # "Amelia-Rose" is a double forename, not Amelia surnamed Rose
        ev: tuple[str, ...] = () if fkey == " ".join(x.low for x in toks[i:j]) else ("misspelt",)
        surnames = [(k, skey) for k, skey in r.phr[j] if skey in t.sur]
        nxt = toks[j]
        typo = not ev and nxt.capitalised and len(nxt.low) >= 5 and nxt.low not in COMMON_WORDS
        if not surnames and not typo:
            continue
        fw = t.forename_map(fkey)
        found = False
        for k, skey in surnames:
            cands = _meet(fw, t.sur_map[skey])
            if cands:
                found = True
                consider(k, cands, 0.97 if not ev else 0.85, fkey + "|" + skey, ev)
        if not found and typo:
            cands = r.fuzzy_surname(fw, nxt.low)
            if cands:
                consider(j + 1, cands, 0.85, fkey + "|" + nxt.low, ("misspelt",))
    # family name first: "Nguyen Minh"
    for j, skey in r.phr[i]:
        if skey not in t.sur or j >= n or not r.joinable(toks[j - 1], toks[j]):
            continue
        if toks[j].zone is Zone.TEXT and toks[j].sep == "-":
            continue  # "Taylor-Reid" is a double surname
        by_sur = t.sur_map[skey]
        for k, fkey in r.phr[j]:
            if fkey in t.fore:
                consider(k, _meet(t.fore_map[fkey], by_sur), 0.9, fkey + "|" + skey, ())
    if best is None:
        return None
    last, cands, score, key, ev = best
    fkey, skey = key.split("|")
    if toks[i].zone is Zone.TEXT and not r.capitalised(i, last):
        if is_common(fkey) and is_common(skey):
            return _hit(r, i, last, "full_name", {}, 0.0)  # "jack wood": ordinary words
    if (fkey, skey) in t.staff_names:
        return _hit(r, i, last, "full_name", {}, 0.0)
    first = i
    if r.title_before(i):  # "Dr Callum Fraser": only a former pupil grows a title
        cands = {p: w for p, w in cands.items() if t.left[p]}
        if not cands:
            for m in range(i, last):
                r.adult[m] = True
            return _hit(r, i, last, "full_name", {}, 0.0)
        first = i - 1
    cands = {p: w * (2.0 if r.home(p) else 1.0) for p, w in cands.items()}
    return _hit(r, first, last, "full_name", cands, score, key=skey, ev=ev)


def initial_at(r: NameReader, i: int) -> Hit | None:
    """'Amelia H.', 'Tyler B', 'F. Ogunleye', 'Okafor R.'."""
    t, toks, n, text = r.t, r.toks, r.n, r.text
    tok = toks[i]
    if tok.zone is not Zone.TEXT or not tok.capitalised:
        return None
    # initial + surname: "F. Ogunleye"
    if is_initial(tok, toks[i + 1] if i + 1 < n else None, text) and i + 1 < n:
        nxt = toks[i + 1]
        dotted = nxt.sep.startswith(".") and nxt.sep[1:].strip(" ") == "" and len(nxt.sep) >= 2
        if (dotted or nxt.sep == " ") and nxt.capitalised and r.free(i + 1, i + 2):
            letter = tok.low
            for k, skey in reversed(r.phr[i + 1]):
                sw = t.sur.get(skey)
                if not sw or (not dotted and is_common(skey)):
                    continue
                cands = {p: w for p, w in sw if letter in t.fore_initials[p]}
                if cands:
                    cands, factor = r.choose(list(cands.items()))
                    return _hit(r, i, k, "initial", cands, 0.9 * factor, key=skey)
    for j, key in reversed(r.phr[i]):
        if j >= n or not joined_by_space(toks[j]) or not r.free(j, j + 1):
            continue
        init = toks[j]
        if not is_initial(init, toks[j + 1] if j + 1 < n else None, text):
            continue
        if middle_initial(toks, j):  # "Abby M. Laidlaw" is someone else's full name
            continue
        letter = init.low
        dot = text[init.end : init.end + 1] == "."
        if letter in ("i", "a") and not dot:
            continue
        fents, ev = r.forename_entries(key)
        cands = {p: w for p, w in fents if letter in t.sur_initials[p]}
        if cands:  # forename + initial: "Tyler B."
            cands, factor = r.choose(list(cands.items()))
            return _hit(r, i, j + 1, "initial", cands, (0.92 if dot else 0.85) * factor,
                        ev=ev, extra=int(dot))  # fmt: skip
        sw = t.sur.get(key, [])
        if sw and (dot or (not is_common(key) and clause_end_after(text, init.end))):
            cands = {p: w for p, w in sw if letter in t.fore_initials[p]}
            if cands:  # surname + initial: "Okafor R."
                cands, factor = r.choose(list(cands.items()))
                return _hit(r, i, j + 1, "initial", cands, 0.88 * factor, extra=int(dot))
    return None


def judge_forename(r: NameReader, i: int) -> None:
    """A forename on its own: accept it, defer it to the reinforcing pass, or drop it."""
    t, toks, text = r.t, r.toks, r.text
    tok = toks[i]
    if tok.zone in (Zone.HANDLE, Zone.URL):
        return
    phrases = [(j, k) for j, k in r.phr[i] if k in t.fore or k in t.nick]
    ev: tuple[str, ...] = ()
    if phrases:
        j, key = phrases[-1]
    else:
        if tok.zone is not Zone.TEXT or not tok.capitalised or tok.low in COMMON_WORDS:
            return
        if tok.low in t.sur or len(tok.low) < 5:
            return
        if tok.low.rstrip("s") in COMMON_WORDS:
            return
        fuzzy = t.fuzzy_forenames(tok.low)
        if len(fuzzy) != 1 or (len(tok.low) < 6 and not strong_after(text, tok.end)):
            return
        j, key, ev = i + 1, fuzzy[0], ("misspelt",)
    if not r.free(i, j):
        return
    ents, nick_ev = r.forename_entries(key)
    ev = ev + nick_ev
    if not ents:
        return
    common = is_common(key)
    last = toks[j - 1]
    # someone else: a title or role before, another surname after, a famous pair
    if r.title_before(i) or role_before(toks, i) or famous_pair(toks, i, j):
        return
    if character_before(toks, i) and not strong_after(text, last.end):
        return
    if place_before(toks, i) or named_place_after(text, toks, j, key):
        return  # "River Trent", "Hadrian's Wall"
    if key in PLACES_AND_BRANDS and i > 0 and toks[i - 1].low in _PLACE_BEFORE:
        return  # "a trip to Chelsea"
    if (key in t.class_words or key + "s" in t.class_words) and not strong_after(text, last.end):
        return  # "our newest Falcon"
    if someone_else_after(toks, j, t.class_words):
        if tok.zone is Zone.HASHTAG:  # "#SunnyCooks" if Sunny is named; not "#AltonTowers"
            r.defer(i, j, key, tok.zone, ev)
        return
    if tok.capitalised and proper_noun_before(text, toks, i, common):
        return
    if determiner_before(toks, i) and (common or (j < r.n and toks[j].text.islower())):
        return  # "the King's coronation", "the Jensen novel"
    if common and coordinated_with_word(toks, j):
        return
    strong = tok.zone is Zone.TEXT and (
        strong_after(text, last.end) or person_after(toks, j) or class_after(toks, j, t.class_words)
    )
    if tok.zone is Zone.TEXT and not tok.capitalised:
        if common or not (r.facts.lowercase_style or strong):
            return
    if (key in r.adult_forenames or key in r.facts.characters) and not strong:
        return  # a member of staff, a parent, a character of the book the post is about
    cands, factor = r.choose(ents, ("nick:" if "nickname" in ev else "fore:") + key)
    if ev:
        factor *= 0.85
    agree = any(agrees(t.pupils[p], r.facts) for p in cands)
    if tok.zone is Zone.HASHTAG:
        if common or len(key) < 3:
            r.defer(i, j, key, tok.zone, ev)
        else:
            r.accept_forename(_hit(r, i, j, "forename", cands, 0.7 * factor, key, ev))
        return
    initial = sentence_initial(text, tok)
    if common:
        possessive = possessive_len(text, last.end, key) > 0
        if strong and (not initial or agree or not possessive or key not in TIME_WORDS):
            score = 0.85
        elif (
            not initial
            and intro_before(text, toks, i)
            and (agree or clause_end_after(text, last.end) or reason_after(toks, j))
        ):
            score = 0.75
        else:
            r.defer(i, j, key, tok.zone, ev)
            return
        r.accept_forename(_hit(r, i, j, "forename", cands, score * factor, key, ev))
        return
    score = 0.9 if strong else (0.8 if agree else 0.7)
    weak = not strong and not agree
    r.accept_forename(_hit(r, i, j, "forename", cands, score * factor, key, ev, weak=weak))


def family_hit(
    r: NameReader, first: int, i: int, last: int, key: str, known: set[int]
) -> Hit | None:
    """'the Brennan family', 'Okafor twins': one candidate per pupil of that family."""
    t = r.t
    ents = [(p, w) for p, w in t.sur.get(key, []) if w >= 0.85]
    home = [p for p, _ in ents if r.home(p)] or [p for p, _ in ents]
    if not home:
        return None
    named = known & set(home)
    word = r.toks[last - 1].low
    score = 0.85
    if named:
        families = {t.family[p] for p in named}
        members = [p for p in home if t.family[p] in families]
    elif word.startswith("twin") or word == "triplets":
        groups: dict[tuple[int, object], list[int]] = {}
        for p in home:
            groups.setdefault((t.family[p], t.pupils[p].dob), []).append(p)
        members = [p for g in groups.values() if len(g) > 1 for p in g] or home
    else:
        members = home
        if len({t.family[p] for p in home}) > 1:
            score = 0.6
    toks = r.toks
    return Hit(toks[first].start, toks[last - 1].end, first, last, "family",
               {p: 1.0 for p in members}, score, Zone.TEXT, key=key)  # fmt: skip


def glued_name_at(r: NameReader, i: int) -> Hit | None:
    """A full name run together in a handle, hashtag or URL: '@kingafolabi_23'."""
    t, tok = r.t, r.toks[i]
    word = tok.low
    if tok.zone is Zone.TEXT or len(word) < 6 or t.automaton is None:
        return None
    ends: dict[int, list[str]] = {}
    starts: dict[int, list[str]] = {}
    for end, key in t.automaton.iter(word):
        starts.setdefault(end - len(key) + 1, []).append(key)
        ends.setdefault(end, []).append(key)
    best: dict[int, float] = {}
    for a, keys in starts.items():
        for first_key in keys:
            for second_key in starts.get(a + len(first_key), ()):
                b = a + len(first_key) + len(second_key)
                if a != 0 and b != len(word):
                    continue
                for fkey, skey in ((first_key, second_key), (second_key, first_key)):
                    fw = dict(t.fore.get(fkey, []))
                    for p, w in t.sur.get(skey, []):
                        if p in fw:
                            best[p] = max(best.get(p, 0.0), fw[p] * w)
    if not best:
        return None
    cands = {p: w * (2.0 if r.home(p) else 1.0) for p, w in best.items()}
    return _hit(r, i, i + 1, "full_name", cands, 0.9)


def judge_surname(r: NameReader, i: int) -> None:
    """A surname on its own ("a brace from Okafor"): only a distinctive one, and never staff's."""
    t, toks = r.t, r.toks
    tok = toks[i]
    if tok.zone is not Zone.TEXT or not tok.capitalised or tok.shape == "initial":
        return
    for j, key in reversed(r.phr[i]):
        if key in t.sur and key not in t.fore and key not in t.nick and r.free(i, j):
            break
    else:
        return
    if is_common(key) or key in t.staff_surnames or len(key) < 3 or key in PLACES_AND_BRANDS:
        return
    if r.title_before(i) or role_before(toks, i) or someone_else_after(toks, j, t.class_words):
        return
    if i > 0 and (joined_by_space(tok) or tok.sep == "-") and toks[i - 1].capitalised:
        return  # someone else's full name, or part of a place or business name
    if i > 0 and joined_by_space(tok) and toks[i - 1].low in _PLACE_BEFORE | {"the", "of"}:
        return  # "a trip to Preston", "the Hussain"
    ents = [(p, w) for p, w in t.sur[key] if w >= 0.85]
    if not ents:
        return
    cands, factor = r.choose(ents)
    r.accept_forename(_hit(r, i, j, "surname", cands, 0.55 * factor, key, weak=True))
