"""Offline judgement of one link: safe, review or unsafe, with every reason in plain words.

Order matters and is documented in docs/links.md: signs that no allow-list can
excuse (an ``@`` hiding the host, a raw IP, look-alike letters, an installer
download, an exact-URL list entry) come first; then shorteners, redirectors and
file sharing; then the trust's own domains and the allow-list, which make a link
safe; then, for everything else, impersonation, category words, insecure logins
and the ``unknown`` setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl

from postguard.detectors.links.brands import (
    ADULT_PAIRS,
    CATEGORY_TLDS,
    CATEGORY_WORDS,
    EXECUTABLE_EXTENSIONS,
    FILE_SHARING_WORDS,
    FREE_HOSTING,
    KIT_WORDS,
    LOGIN_WORDS,
    PERSONAL_CLOUD_HOST_SUFFIXES,
    REDIRECT_PARAMS,
    REDIRECT_PATHS,
    RISKY_TLDS,
    SAFE_SHORT_HOSTS,
    SCRIPT_ASSET_FOLDERS,
    STRONG_CUES,
)
from postguard.detectors.links.extract import Link
from postguard.detectors.links.lookalike import has_cue, is_homograph, mixed_script, tokens
from postguard.detectors.links.normalise import ParsedUrl, parse_url
from postguard.detectors.links.policy import LinkPolicy


class LinkVerdict(StrEnum):
    SAFE = "safe"
    REVIEW = "review"
    UNSAFE = "unsafe"

    @property
    def rank(self) -> int:
        return {"safe": 0, "review": 1, "unsafe": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a verdict: a stable code and the words a teacher reads."""

    code: str
    verdict: LinkVerdict
    message: str


@dataclass(frozen=True, slots=True)
class LinkJudgement:
    verdict: LinkVerdict
    reasons: tuple[Reason, ...]
    url: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def explanation(self) -> str:
        return "; ".join(r.message for r in self.reasons)


_WORD_SPLIT = re.compile(r"[^a-z0-9]+")

FIXES = {
    "shortener": "Expand the short link so readers can see where it goes.",
    "redirector": "Link straight to the destination, not through a redirect service.",
    "file-sharing": "Share the files from the school's own website or learning platform.",
    "executable": "Link to the official app store or vendor page, never to an installer file.",
    "ip-host": "Link to the official, named site instead of a raw IP address.",
    "insecure-login": "Remove the link, or link to the official https:// sign-in page.",
    "unknown-domain": "Check the site is appropriate, or ask IT to add it to the allow-list.",
}
_DEFAULT_FIX = "Remove this link; if a real site is meant, link to its official address."


def fix_for(judgement: LinkJudgement) -> str:
    top = [r for r in judgement.reasons if r.verdict is judgement.verdict]
    for reason in top:
        if reason.code in FIXES:
            return FIXES[reason.code]
    return _DEFAULT_FIX


def _in(host: str, domains: frozenset[str]) -> str | None:
    """The entry of ``domains`` that ``host`` equals or is under, if any."""
    parts = host.split(".")
    for i in range(len(parts)):
        candidate = ".".join(parts[i:])
        if candidate in domains:
            return candidate
    return None


def _allowed(p: ParsedUrl, allow: frozenset[str]) -> str | None:
    hit = _in(p.host, allow)
    if hit is not None:
        return hit
    # Entries with a path ("bbc.co.uk/bitesize") allow only that part of a site.
    for entry in allow:
        if "/" in entry:
            host, _, prefix = entry.partition("/")
            if (p.host == host or p.host.endswith("." + host)) and p.path.startswith("/" + prefix):
                return entry
    return None


def _login_page(path: str) -> bool:
    """A path segment that IS a sign-in or payment page (``/login.aspx``, ``/signin/``),
    not an article that mentions one (``/how-to-reset-your-password``)."""
    for segment in path.lower().split("/"):
        stem = segment.split(".", 1)[0].replace("-", "").replace("_", "")
        if stem in LOGIN_WORDS:
            return True
    return False


def _path_folders(path: str) -> list[str]:
    lowered = path.lower().replace("sign-in", "signin").replace("log-in", "login")
    return _words(lowered) + [f for f in lowered.split("/") if f.startswith("wp-")]


def _words(text: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(text.lower()) if w]


def _category_words(p: ParsedUrl) -> str | None:
    """A category named by the host itself: its TLD or words such as ``casino``."""
    tld = p.suffix.rsplit(".", 1)[-1] if p.suffix else ""
    if tld in CATEGORY_TLDS:
        return CATEGORY_TLDS[tld]
    labels = [label.lower() for label in p.labels if label != "www"]
    parts = tokens(labels)
    pieces = set(parts)
    for category, words in CATEGORY_WORDS.items():
        for word, where in words.items():
            if word in pieces or any(_sits(word, where, piece) for piece in pieces):
                return category
    for a, b in ADULT_PAIRS:
        if any(a + b in label for label in labels) or (a in pieces and b in pieces):
            return "adult"
    return None


def _sits(word: str, where: str, piece: str) -> bool:
    if where == "any":
        return word in piece
    if where == "edge":
        return piece.startswith(word) or piece.endswith(word)
    if where == "suffix":
        return piece.endswith(word)
    return False


def _file_sharing_name(p: ParsedUrl) -> bool:
    name = p.domain.lower()
    return any(all(w in name for w in combo) for combo in FILE_SHARING_WORDS)


def _executable(p: ParsedUrl) -> str | None:
    folders = p.path.lower().split("/")
    last = folders.pop()
    if "." not in last:
        return None
    ext = last.rsplit(".", 1)[-1]
    if ext not in EXECUTABLE_EXTENSIONS:
        return None
    if ext == "js" and (
        p.query or len(folders) > 3 or any(f in SCRIPT_ASSET_FOLDERS for f in folders)
    ):
        return None  # a page's own script (in an asset folder or deep in the site)
    return ext


def _path_words(path: str) -> list[str]:
    """Words of the path, with ``sign-in``/``log-in`` read as one word."""
    lowered = path.lower().replace("sign-in", "signin").replace("log-in", "login")
    return _words(lowered.replace("sign-up", "signup"))


def _embedded_url(p: ParsedUrl) -> str | None:
    for key, value in parse_qsl(p.query, keep_blank_values=False):
        if key.lower() in REDIRECT_PARAMS and value.lower().startswith(("http://", "https://")):
            return value
    return None


def judge_url(url: str, policy: LinkPolicy | None = None) -> LinkJudgement:
    """Judge one URL as written. Text that is not a URL goes to review (``unparseable``)."""
    parsed = parse_url(url)
    if parsed is None:
        reason = Reason("unparseable", LinkVerdict.REVIEW, "not a web address that can be checked")
        return LinkJudgement(LinkVerdict.REVIEW, (reason,), url.strip())
    return judge_parsed(parsed, policy or _default_policy())


def judge_link(link: Link, policy: LinkPolicy) -> LinkJudgement:
    return judge_parsed(link.parsed, policy, display_host=link.display_host)


_DEFAULT: list[LinkPolicy] = []


def _default_policy() -> LinkPolicy:
    if not _DEFAULT:
        _DEFAULT.append(LinkPolicy.build())
    return _DEFAULT[0]


def judge_parsed(
    p: ParsedUrl, policy: LinkPolicy, *, display_host: str | None = None, depth: int = 0
) -> LinkJudgement:
    """The ordered checklist (see the module docstring and docs/links.md)."""
    if _in(p.host, policy.trust_domains) is not None:
        return _done(p, [Reason("trust-domain", LinkVerdict.SAFE, "the trust's own site")])
    allowed = _allowed(p, policy.allow)
    reasons = _hard_signs(p, policy, allowed) + _hiding_signs(p, policy, allowed, depth)
    if allowed is not None:
        if not reasons:
            return _done(p, [Reason("allow-listed", LinkVerdict.SAFE, f"{allowed} is allowed")])
        return _done(p, reasons)
    reasons += _unknown_site_signs(p, policy, display_host)
    if p.scheme == "http" and p.scheme_written and _login_page(p.path):
        reasons.append(
            Reason("insecure-login", _UNSAFE, "an unencrypted (http://) page that asks for a login")
        )
    if not reasons and p.ip is None and _file_sharing_name(p):
        reasons.append(
            Reason("file-sharing", _REVIEW, "a file-sharing site: its contents cannot be seen")
        )
    if not reasons and policy.unknown == "review":
        reasons.append(
            Reason("unknown-domain", _REVIEW, "the site is not on the trust's allow-list")
        )
    return _done(p, reasons)


_UNSAFE, _REVIEW = LinkVerdict.UNSAFE, LinkVerdict.REVIEW


def _hard_signs(p: ParsedUrl, policy: LinkPolicy, allowed: str | None) -> list[Reason]:
    """Signs no allow-list can excuse, and the trust's loaded lists."""
    out: list[Reason] = []
    if p.has_userinfo:
        out.append(
            Reason("userinfo", _UNSAFE, "an @ sign in the address hides the real site it opens")
        )
    if p.ip is not None:
        out.append(Reason("ip-host", _UNSAFE, "the address is a raw IP number, not a named site"))
    elif any(is_homograph(label) or mixed_script(label) for label in p.unicode_host.split(".")):
        message = f"the address {p.unicode_host} uses look-alike foreign letters"
        out.append(Reason("homograph", _UNSAFE, message))
    ext = _executable(p)
    if ext is not None:
        message = f"it downloads a program or app installer (.{ext})"
        out.append(Reason("executable", _UNSAFE, message))
    if policy.lists is not None:
        # The allow-list beats a host-level entry; an exact-URL entry beats the allow-list.
        listed = policy.lists.categories("" if allowed is not None else p.host, p.url)
        for category in sorted(listed):
            message = f"the trust's lists class this site as {category}"
            if category in policy.unsafe_categories:
                out.append(Reason(f"listed:{category}", _UNSAFE, message))
            elif category in policy.review_categories:
                out.append(Reason(f"listed:{category}", _REVIEW, message))
    return out


def _hiding_signs(
    p: ParsedUrl, policy: LinkPolicy, allowed: str | None, depth: int
) -> list[Reason]:
    """Links that hide where they go (shorteners, redirects) or what they hold (file sharing)."""
    out: list[Reason] = []
    if p.host not in SAFE_SHORT_HOSTS and _in(p.host, policy.shorteners) is not None:
        out.append(
            Reason("shortener", _REVIEW, "a link shortener hides where the link really goes")
        )
    embedded = _embedded_url(p) if depth == 0 else None
    inner = parse_url(embedded) if embedded is not None else None
    # A redirect path on an allowed site (google.com/url?q=) would otherwise pass as safe;
    # on an unknown site the target is judged below either way.
    redirector = _in(p.host, policy.redirectors) is not None or (
        inner is not None and allowed is not None and p.path.lower().rstrip("/") in REDIRECT_PATHS
    )
    if inner is not None and (redirector or allowed is None):
        sub = judge_parsed(inner, policy, depth=1)
        for r in sub.reasons if sub.verdict is not LinkVerdict.SAFE else ():
            out.append(Reason(r.code, r.verdict, f"it redirects to {inner.host}: {r.message}"))
    if redirector:
        message = "a redirect service sends readers somewhere else"
        out.append(Reason("redirector", _REVIEW, message))
    if _in(p.host, policy.file_sharing) is not None or p.host.endswith(
        PERSONAL_CLOUD_HOST_SUFFIXES
    ):
        message = "a file-sharing or personal cloud link: contents unseen"
        out.append(Reason("file-sharing", _REVIEW, message))
    return out


def _unknown_site_signs(p: ParsedUrl, policy: LinkPolicy, display_host: str | None) -> list[Reason]:
    """Impersonation, category words and other signs on a site that is on no list."""
    if p.ip is not None:
        return []
    out: list[Reason] = []
    path_words = _path_words(p.path)
    host_words = _words(p.unicode_host)
    word_sets = (host_words, path_words, _words(p.query))
    cue = any(has_cue(ws) for ws in word_sets)
    strong = any(has_cue(ws, STRONG_CUES) for ws in word_sets)
    labels = [label for label in p.labels if label != "www"]
    registered_label = p.domain if p.domain else (labels[-1] if labels else "")
    hit = policy.protected.find(labels, registered_label, p.registered_domain, p.host, cue, strong)
    if hit is not None:
        shown = hit.name.domains[0]
        if hit.how == "exact":
            message = f"it borrows the name of {shown} but is not {shown}"
            out.append(Reason("impersonation", _UNSAFE, message))
        else:
            out.append(Reason("lookalike", _UNSAFE, f"'{hit.token}' imitates {shown}"))
    named_category = _category_words(p)
    if named_category is not None:
        message = f"the site's name marks it as {named_category}"
        out.append(Reason(named_category, _UNSAFE, message))
    if display_host is not None and display_host != p.registered_domain:
        message = f"the link shows {display_host} but opens {p.host}"
        out.append(Reason("deceptive-text", _UNSAFE, message))
    if _in(p.host, FREE_HOSTING) is not None and (cue or hit is not None):
        message = "a free hosting site dressed up as a sign-in page"
        out.append(Reason("free-hosting", _UNSAFE, message))
    named = None
    if hit is None:
        named = policy.protected.domain_in_path(p.path, p.registered_domain, p.host)
    if hit is None and named is None and any(w in KIT_WORDS for w in _path_folders(p.path)):
        named = policy.protected.in_path(path_words, p.registered_domain, p.host)
    if named is not None:
        message = f"its pages pose as {named.domains[0]}"
        out.append(Reason("impersonation", _UNSAFE, message))
    tld = p.suffix.rsplit(".", 1)[-1] if p.suffix else ""
    if tld in RISKY_TLDS:
        message = f"most sites under .{tld} are throwaway or abusive"
        out.append(Reason("risky-tld", _REVIEW, message))
    return out


def _done(p: ParsedUrl, reasons: list[Reason]) -> LinkJudgement:
    if not reasons:
        return LinkJudgement(LinkVerdict.SAFE, (), p.url)
    verdict = max((r.verdict for r in reasons), key=lambda v: v.rank)
    unique: dict[str, Reason] = {}
    for r in reasons:
        unique.setdefault(r.code, r)
    return LinkJudgement(verdict, tuple(unique.values()), p.url)
