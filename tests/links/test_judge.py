"""Offline judgement: each verdict with the reason that caused it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postguard.detectors.links import LinkPolicy, judge_url
from postguard.detectors.links.brands import ProtectedName

POLICY = LinkPolicy.build(trust_domains=["stmarys.sch.uk", "https://www.oakfield-academy.org.uk"])
REVIEW_UNKNOWN = LinkPolicy.build(unknown="review")


def assert_judged(url: str, verdict: str, reason: str | None, policy: LinkPolicy = POLICY) -> None:
    j = judge_url(url, policy)
    assert j.verdict.value == verdict, (url, j.codes)
    if reason is None:
        assert j.codes == () or all(r.verdict.value == "safe" for r in j.reasons)
    else:
        assert reason in j.codes, (url, j.codes)
    assert all(r.message for r in j.reasons)


@pytest.mark.parametrize(
    "url, verdict, reason",
    [
        # unsafe: raw IPs, hidden hosts, look-alikes
        ("http://192.0.2.10/login", "unsafe", "ip-host"),
        ("http://[2001:db8::1]/", "unsafe", "ip-host"),
        ("http://3221225994/", "unsafe", "ip-host"),
        ("https://www.gov.uk@evil.example.com/", "unsafe", "userinfo"),
        ("https://www.paypa1.com/signin", "unsafe", "lookalike"),
        ("https://rnicrosoft.com/", "unsafe", "lookalike"),
        ("https://g00gle.co/", "unsafe", "lookalike"),
        ("https://paypall.com/", "unsafe", "lookalike"),
        ("https://barclays-secure-verify.com/", "unsafe", "impersonation"),
        ("https://gov-uk-grants.com/claim", "unsafe", "impersonation"),
        ("https://hmrc.tax-refund.co/", "unsafe", "impersonation"),
        ("http://paypal.com.cgi-bin.evil.co/webscr", "unsafe", "impersonation"),
        ("https://apple-id-login.net/", "unsafe", "impersonation"),
        ("https://oakfield-academy-portal.com/login", "unsafe", "impersonation"),
        ("https://stmarys-parents.co.uk/pay", "unsafe", "impersonation"),
        ("https://stmarys-login.com/", "unsafe", "impersonation"),
        ("https://stmarys-church.org.uk/sunday-services", "safe", None),
        ("https://stmarys.org.uk/", "safe", None),
        ("https://stmarrys.sch-portal.com/", "unsafe", "lookalike"),
        ("https://xn--pple-43d.com/", "unsafe", "homograph"),
        ("https://раураl.com/", "unsafe", "homograph"),
        ("https://school.schооlcloud.co.uk", "unsafe", "homograph"),
        ("https://bits.example.com/get/Setup.exe", "unsafe", "executable"),
        ("https://free-app.net/school.apk", "unsafe", "executable"),
        ("https://example.net/invoice.js", "unsafe", "executable"),
        ("https://cdn.example.net/homework.SCR", "unsafe", "executable"),
        ("http://member-area.example.org/login.php", "unsafe", "insecure-login"),
        ("http://shop.example.org/checkout", "unsafe", "insecure-login"),
        ("https://hot-singles-near-you.club", "unsafe", "adult"),
        ("https://www.revision-notes.xxx/gcse", "unsafe", "adult"),
        ("https://www.riverside-bets.co.uk/offers", "unsafe", "gambling"),
        ("https://lucky-casino.win/promo", "unsafe", "gambling"),
        ("https://anything.bet", "unsafe", "gambling"),
        ("https://mysite.000webhostapp.com/paypal/verify.php", "unsafe", "free-hosting"),
        ("https://compromised.example.com/wp-content/chase/login.php", "unsafe", "impersonation"),
        ("https://l.facebook.com/l.php?u=http%3A%2F%2F192.0.2.1%2Fx", "unsafe", "ip-host"),
        # review: the destination or contents are hidden
        ("bit.ly/abc", "review", "shortener"),
        ("https://tinyurl.com/y7", "review", "shortener"),
        ("https://photos.app.goo.gl/Xk3", "review", "shortener"),
        ("https://forms.gle/abc", "review", "shortener"),
        ("https://www.dropbox.com/scl/fo/x", "review", "file-sharing"),
        ("https://drive.google.com/file/d/1/view", "review", "file-sharing"),
        ("https://school-my.sharepoint.com/personal/x", "review", "file-sharing"),
        ("https://we.tl/t-abc", "review", "file-sharing"),
        ("https://quick-fileshare.net/d/1", "review", "file-sharing"),
        ("https://sendfiles-now.org/s/2", "review", "file-sharing"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.gov.uk%2F", "review", "redirector"),
        ("http://free-stuff.tk/", "review", "risky-tld"),
        ("https://www.google.com/url?q=http://192.0.2.1/x", "unsafe", "ip-host"),
        ("https://www.google.com/url?q=https://www.gov.uk/", "review", "redirector"),
        # safe: the trust's own sites and the allow-list
        ("https://www.stmarys.sch.uk/news", "safe", "trust-domain"),
        ("https://oakfield-academy.org.uk/x", "safe", "trust-domain"),
        ("https://www.gov.uk/apply-free-school-meals", "safe", "allow-listed"),
        ("https://reports.ofsted.gov.uk/provider/1", "safe", "allow-listed"),
        ("https://www.nottinghamshire.gov.uk/education", "safe", "allow-listed"),
        ("https://petition.parliament.uk/petitions/1", "safe", "allow-listed"),
        ("https://www.bbc.co.uk/bitesize", "safe", "allow-listed"),
        ("https://www.thenational.academy/pupils", "safe", "allow-listed"),
        ("https://youtu.be/abc", "safe", "allow-listed"),
        ("https://www.parentpay.com", "safe", "allow-listed"),
        ("https://forms.office.com/r/abc", "safe", "allow-listed"),
        ("https://login.microsoftonline.com/", "safe", "allow-listed"),
        ("https://any.school.sch.uk/", "safe", "allow-listed"),
        # unknown but ordinary: safe by default
        ("https://www.example-bakery.co.uk/cakes", "safe", None),
        ("https://www.alphabetsoup.com/", "safe", None),
        ("https://www.sussex-walks.org.uk/", "safe", None),
        ("https://www.essex.ac.uk/", "safe", "allow-listed"),
        ("https://www.applepie-recipes.com/", "safe", None),
        ("https://news.example.com/assets/js/gtm.js", "safe", None),
        ("https://example.org/static/js/app.js", "safe", None),
        ("https://example.org/app.js?v=3", "safe", None),
        ("https://münchen.de/", "safe", None),
        ("https://www.tennis-singles.co.uk/", "safe", None),
        ("https://book-slots.example.co.uk/", "safe", None),
        ("https://coral-reef-facts.org/", "safe", None),
        ("https://www.betsy-ross-history.org/", "safe", None),
        ("https://news.example.com/2015/apple-account-update", "safe", None),
    ],
)
def test_verdicts(url: str, verdict: str, reason: str | None) -> None:
    assert_judged(url, verdict, reason)


@pytest.mark.parametrize(
    "url, verdict, reason",
    [
        ("https://www.example-bakery.co.uk/", "review", "unknown-domain"),
        ("https://www.gov.uk/", "safe", "allow-listed"),
        ("bit.ly/x", "review", "shortener"),
    ],
)
def test_unknown_review_setting(url: str, verdict: str, reason: str) -> None:
    assert_judged(url, verdict, reason, REVIEW_UNKNOWN)


def test_trust_extends_and_trims_the_lists() -> None:
    policy = LinkPolicy.build(
        allow=["example-bakery.co.uk", "bbc.co.uk/bitesize"],
        disallow=["forms.gle", "bbc.co.uk"],
        shorteners=["go.example.org"],
        protected=[ProtectedName("kelbridgebank", ("kelbridgebank.co.uk",))],
        unknown="review",
    )
    assert_judged("https://example-bakery.co.uk/", "safe", "allow-listed", policy)
    assert_judged("https://forms.gle/abc", "review", "unknown-domain", policy)
    assert_judged("https://go.example.org/x", "review", "shortener", policy)
    assert_judged("https://kelbridgebank-login.com/", "unsafe", "impersonation", policy)
    assert_judged("https://www.bbc.co.uk/bitesize/x", "safe", "allow-listed", policy)
    assert_judged("https://www.bbc.co.uk/sport", "review", "unknown-domain", policy)


class FakeLists:
    """A CategoryLookup with fixed answers, standing in for loaded lists."""

    def __init__(self, hosts: dict[str, str], urls: dict[str, str]) -> None:
        self.hosts, self.urls = hosts, urls

    def categories(self, host: str, url: str) -> frozenset[str]:
        found = {c for h, c in self.hosts.items() if host == h or host.endswith("." + h)}
        found |= {c for u, c in self.urls.items() if u == url}
        return frozenset(found)


@pytest.mark.parametrize(
    "url, verdict, reason",
    [
        ("https://games.example.com/", "unsafe", "listed:gambling"),
        ("https://vpn.example.net/", "review", "listed:vpn"),
        ("https://chat.example.net/", "safe", None),  # a category the trust did not select
        ("https://www.youtube.com/watch?v=1", "safe", "allow-listed"),  # allow-list wins
        ("https://sites.google.com/view/phish", "unsafe", "listed:phishing"),  # exact URL wins
    ],
)
def test_loaded_lists(url: str, verdict: str, reason: str | None) -> None:
    lists = FakeLists(
        {
            "games.example.com": "gambling",
            "vpn.example.net": "vpn",
            "chat.example.net": "chat",
            "youtube.com": "audio-video",
        },
        {"https://sites.google.com/view/phish": "phishing"},
    )
    policy = LinkPolicy.build(lists=lists, allow=["sites.google.com"])
    assert_judged(url, verdict, reason, policy)


def test_unparseable_goes_to_review() -> None:
    j = judge_url("http://")
    assert (j.verdict.value, j.codes) == ("review", ("unparseable",))


@settings(deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    j = judge_url(text)
    assert j.verdict.value in ("safe", "review", "unsafe")


@settings(deadline=None)
@given(
    st.from_regex(
        r"(https?://|hxxp://|www\.)?[a-zа-я0-9\-\[\]().]{1,30}\.(com|co\.uk|xn--p1ai|tk)"
        r"(/[\w\-.%?=&]{0,30})?",
        fullmatch=True,
    )
)
def test_never_raises_on_url_like_text(text: str) -> None:
    judge_url(text)
