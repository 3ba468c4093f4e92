"""The bundled lists the link judge starts from: general knowledge, documented in docs/links.md.

Nothing here comes from any evaluation set. A trust extends every list in its
settings (``links.allow``, ``links.protected``, ...); these are only the defaults.
All names are lower-case ASCII registered domains (or host suffixes).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProtectedName:
    """A name phishers imitate, with the registered domains that really belong to it.

    ``label`` is compared with the labels of a host (``gov.uk`` becomes ``govuk`` so
    that ``gov-uk-grant.com`` matches). A *weak* name is also an ordinary word
    (``apple``, ``halifax``): it only counts when a phishing cue such as ``login``
    appears beside it.
    """

    label: str
    domains: tuple[str, ...]
    weak: bool = False
    trust: bool = False  # the trust's own name: used alone by others (St Mary's church), so
    # like a weak name it only counts beside a phishing cue; look-alikes always count


def _p(label: str, *domains: str, weak: bool = False) -> ProtectedName:
    return ProtectedName(label, domains or (f"{label}.com",), weak)


#: Government, payment, banks, email, social and school services (UK focus).
PROTECTED: tuple[ProtectedName, ...] = (
    # UK government and public services
    _p("govuk", "gov.uk"),
    _p("hmrc", "gov.uk", "hmrc.gov.uk"),
    _p("dvla", "gov.uk"),
    _p("nhs", "nhs.uk", "nhs.net"),
    _p("tvlicensing", "tvlicensing.co.uk"),
    _p("royalmail", "royalmail.com", "royalmail.co.uk"),
    _p("ofsted", "gov.uk"),
    # payment and school payment/booking services
    _p("paypal", "paypal.com", "paypal.me", "paypal.co.uk", "paypalobjects.com"),
    _p("parentpay", "parentpay.com", "parentpay.co.uk"),
    _p("parentmail", "parentmail.co.uk"),
    _p("scopay", "scopay.com"),
    _p("schoolmoney", "schoolmoney.co.uk"),
    _p("schoolcloud", "schoolcloud.co.uk"),
    _p("stripe", "stripe.com"),
    _p("visa", "visa.com", "visa.co.uk", weak=True),
    _p("mastercard", "mastercard.com", "mastercard.co.uk"),
    _p("americanexpress", "americanexpress.com"),
    _p("amex", "americanexpress.com", "amex.com"),
    # banks and building societies
    _p("barclays", "barclays.co.uk", "barclays.com"),
    _p("natwest", "natwest.com"),
    _p("hsbc", "hsbc.co.uk", "hsbc.com"),
    _p("lloyds", "lloydsbank.com", "lloydsbankinggroup.com", weak=True),
    _p("lloydsbank", "lloydsbank.com", "lloydsbank.co.uk"),
    _p("halifax", "halifax.co.uk", "halifax-online.co.uk", weak=True),
    _p("santander", "santander.co.uk", "santander.com"),
    _p("nationwide", "nationwide.co.uk", weak=True),
    _p("monzo", "monzo.com"),
    _p("starlingbank", "starlingbank.com"),
    _p("revolut", "revolut.com"),
    _p("tsb", "tsb.co.uk"),
    _p("firstdirect", "firstdirect.com"),
    _p("metrobank", "metrobankonline.co.uk"),
    _p("bankofamerica", "bankofamerica.com"),
    _p("wellsfargo", "wellsfargo.com"),
    _p("chase", "chase.com", weak=True),
    # email, cloud and productivity
    _p("microsoft", "microsoft.com", "microsoftonline.com", "live.com", "office.com"),
    _p("office365", "office.com", "microsoft.com"),
    _p("outlook", "outlook.com", "live.com", "office.com", weak=True),
    _p("hotmail", "hotmail.com", "hotmail.co.uk", "live.com"),
    _p("onedrive", "live.com", "microsoft.com"),
    _p("sharepoint", "sharepoint.com"),
    _p("google", "google.com", "google.co.uk", "googleusercontent.com", "goo.gl"),
    _p("gmail", "gmail.com", "google.com"),
    _p("apple", "apple.com", "icloud.com", weak=True),
    _p("appleid", "apple.com"),
    _p("icloud", "icloud.com", "apple.com"),
    _p("yahoo", "yahoo.com", "yahoo.co.uk"),
    _p("dropbox", "dropbox.com", "dropboxusercontent.com"),
    _p("docusign", "docusign.com", "docusign.net"),
    _p("adobe", "adobe.com"),
    _p("wetransfer", "wetransfer.com", "we.tl"),
    _p("zoom", "zoom.us", "zoom.com", weak=True),
    # shopping, delivery, streaming
    _p("amazon", "amazon.com", "amazon.co.uk", "amazonaws.com", weak=True),
    _p("ebay", "ebay.com", "ebay.co.uk"),
    _p("netflix", "netflix.com"),
    _p("spotify", "spotify.com"),
    _p("tesco", "tesco.com"),
    _p("dhl", "dhl.com", "dhl.co.uk"),
    _p("fedex", "fedex.com"),
    _p("evri", "evri.com"),
    _p("hermes", "myhermes.co.uk", "evri.com", weak=True),
    # social, messaging and games children use
    _p("facebook", "facebook.com", "fb.com", "fb.me", "facebook.net"),
    _p("instagram", "instagram.com"),
    _p("whatsapp", "whatsapp.com", "whatsapp.net"),
    _p("messenger", "messenger.com", weak=True),
    _p("twitter", "twitter.com", "x.com", "t.co"),
    _p("linkedin", "linkedin.com"),
    _p("tiktok", "tiktok.com"),
    _p("snapchat", "snapchat.com"),
    _p("youtube", "youtube.com", "youtu.be"),
    _p("discord", "discord.com", "discord.gg", "discordapp.com"),
    _p("roblox", "roblox.com"),
    _p("steampowered", "steampowered.com"),
    _p("steamcommunity", "steamcommunity.com"),
    _p("steam", "steampowered.com", "steamcommunity.com", weak=True),
    _p("epicgames", "epicgames.com"),
    _p("fortnite", "fortnite.com", "epicgames.com"),
    _p("minecraft", "minecraft.net"),
    _p("playstation", "playstation.com"),
    _p("xbox", "xbox.com"),
)

#: Words that turn a weak brand (or a free-hosting address) into a phishing signal.
PHISHING_CUES: frozenset[str] = frozenset(
    """
    login logon log signin sign secure security verify verification validate account
    accounts update confirm support service services billing payment payments pay refund
    refunds claim unlock unlocked suspended suspend locked alert auth authentication portal
    password passwd reset wallet bonus gift prize helpdesk webmail recovery recover appeal
    customer id online banking bank invoice limited restore reactivate
    """.split()
)

#: The narrower cues that make the trust's own name in another site suspicious (a church
#: site's "services" page is not one).
STRONG_CUES: frozenset[str] = frozenset(
    """
    login logon signin secure verify verification password passwd portal account accounts
    auth authentication billing payment payments pay reset update unlock webmail wallet
    refund invoice claim
    """.split()
)

#: Link shorteners: the reader cannot see where the link goes.
SHORTENERS: frozenset[str] = frozenset(
    """
    bit.ly bitly.com bit.do tinyurl.com tiny.cc t.co goo.gl ow.ly buff.ly is.gd v.gd
    rebrand.ly cutt.ly shorturl.at rb.gy t.ly lnkd.in s.id bl.ink short.gy shorte.st adf.ly
    amzn.to amzn.eu fb.me wp.me dlvr.it ift.tt trib.al qrco.de tr.im mcaf.ee x.co soo.gd
    clck.ru shorturl.com urlz.fr u.to zpr.io hubs.ly hubs.la snip.ly po.st su.pr lnk.to
    linktr.ee forms.gle aka.ms tinylink.net smarturl.it spoti.fi apple.co
    """.split()
)

#: Redirect services: the destination sits in a query parameter.
REDIRECTORS: frozenset[str] = frozenset(
    """
    l.facebook.com lm.facebook.com l.instagram.com out.reddit.com href.li t.umblr.com
    safelinks.protection.outlook.com urldefense.com urldefense.proofpoint.com
    """.split()
)

#: Paths that redirect to the URL in their query on any site (``google.com/url?q=``).
REDIRECT_PATHS: frozenset[str] = frozenset({"/url", "/l.php", "/redirect", "/away", "/out"})

#: Query parameters that carry a redirect target.
REDIRECT_PARAMS: frozenset[str] = frozenset(
    "u url q target dest destination redirect redirect_uri redir next to link goto".split()
)

#: File sharing and personal cloud storage: the contents cannot be seen from the URL.
FILE_SHARING: frozenset[str] = frozenset(
    """
    dropbox.com db.tt drive.google.com photos.google.com photos.app.goo.gl onedrive.live.com
    1drv.ms icloud.com wetransfer.com we.tl mega.nz mega.io mediafire.com box.com app.box.com
    sendspace.com pcloud.com file.io gofile.io 4shared.com transfernow.net swisstransfer.com
    filebin.net jumpshare.com sync.com smash.gl tresorit.com filemail.com uploadfiles.io
    anonfiles.com zippyshare.com dropboxusercontent.com
    """.split()
)

#: Name parts that mark an unknown host as a file-sharing service.
FILE_SHARING_WORDS: tuple[tuple[str, ...], ...] = (
    ("file", "share"),
    ("files", "share"),
    ("file", "send"),
    ("files", "send"),
    ("file", "transfer"),
    ("file", "drop"),
    ("file", "upload"),
    ("upload",),
    ("wetransfer",),
    ("filehost",),
    ("fileshare",),
    ("sendfile",),
    ("sendfiles",),
)

#: Path forms of personal cloud links on otherwise ordinary hosts.
PERSONAL_CLOUD_HOST_SUFFIXES: tuple[str, ...] = ("-my.sharepoint.com",)

#: Executable or installer downloads, by the last path segment's extension.
EXECUTABLE_EXTENSIONS: frozenset[str] = frozenset(
    """
    exe msi msix msixbundle appx appxbundle apk xapk aab ipa scr bat cmd pif vbs vbe js
    jse wsf wsh hta ps1 psm1 jar dmg pkg deb rpm run bin lnk reg cpl dll sys iso img
    """.split()
)

#: Path words that mean "type a password or card number here" (``sign-in`` is read as
#: ``signin``).
LOGIN_WORDS: frozenset[str] = frozenset(
    """
    login logon signin signup password passwd verify myaccount authenticate checkout billing
    webmail
    """.split()
)

#: Folders that hold a web page's own scripts: a ``.js`` file there is not a download.
SCRIPT_ASSET_FOLDERS: frozenset[str] = frozenset(
    "js javascript javascripts scripts script static assets dist build cdn themes plugins "
    "modules vendor lib libs min".split()
)

#: Path words that, with a protected name in the path, mark a phishing kit on a
#: borrowed site (``/wp-content/chase/login.php``).
KIT_WORDS: frozenset[str] = frozenset(
    "login logon signin verify verification password passwd webmail secure auth billing unlock "
    "confirm wp-content wp-includes wp-admin".split()
)

#: Top-level domains given away free or so cheap that most sites on them are abuse.
RISKY_TLDS: frozenset[str] = frozenset("tk ml ga cf gq".split())

#: Top-level domains that exist for one category.
CATEGORY_TLDS: dict[str, str] = {
    "xxx": "adult",
    "porn": "adult",
    "sex": "adult",
    "adult": "adult",
    "sexy": "adult",
    "bet": "gambling",
    "casino": "gambling",
    "poker": "gambling",
}

#: Words in a host's name that mark its category, and where in a label they may sit:
#: ``token`` (a whole hyphen-separated part), ``suffix`` (also the end of a label:
#: ``riversidebets``), ``edge`` (also the start or end) or ``any`` (anywhere).
CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "adult": {
        "porn": "edge",
        "porno": "edge",
        "xxx": "edge",
        "hotsingles": "any",
        "sexcam": "any",
        "sexcams": "any",
        "camgirl": "edge",
        "camgirls": "edge",
        "hentai": "any",
        "milf": "edge",
        "escorts": "edge",
        "onlyfans": "any",
        "hookup": "edge",
        "hookups": "edge",
        "adultfriend": "any",
        "stripchat": "any",
        "chaturbate": "any",
        "xvideos": "any",
        "xhamster": "any",
        "pornhub": "any",
        "redtube": "any",
        "youporn": "any",
        "brazzers": "any",
    },
    "gambling": {
        "casino": "any",
        "casinos": "any",
        "poker": "edge",
        "bets": "suffix",
        "betting": "edge",
        "bet": "token",
        "sportsbook": "any",
        "bookie": "edge",
        "bookies": "edge",
        "bookmaker": "any",
        "roulette": "any",
        "blackjack": "any",
        "jackpot": "token",
        "gamble": "edge",
        "gambling": "edge",
        "betfair": "any",
        "bet365": "any",
        "paddypower": "any",
        "williamhill": "any",
        "skybet": "any",
        "ladbrokes": "any",
        "betway": "any",
        "betfred": "any",
    },
}

#: Words that only count next to an adult word ("hot" + "singles").
ADULT_PAIRS: tuple[tuple[str, str], ...] = (("hot", "singles"), ("sexy", "singles"))

#: Free hosting and site builders: a brand or login cue on one of these is a phishing sign.
FREE_HOSTING: frozenset[str] = frozenset(
    """
    000webhostapp.com weebly.com wixsite.com firebaseapp.com web.app blogspot.com
    github.io netlify.app herokuapp.com glitch.me ngrok.io ngrok-free.app duckdns.org
    no-ip.org azurewebsites.net repl.co pages.dev workers.dev vercel.app godaddysites.com
    square.site webflow.io wordpress.com yolasite.com sites.google.com
    """.split()
)

#: Always safe unless the trust removes them: public services and well-known school tools.
ALLOW: frozenset[str] = frozenset(
    """
    gov.uk nhs.uk nhs.net parliament.uk police.uk sch.uk ac.uk mod.uk gov.scot gov.wales
    bbc.co.uk bbc.com thenational.academy oaknationalacademy.com nationalonlinesafety.com
    thinkuknow.co.uk ceop.police.uk nspcc.org.uk childline.org.uk internetmatters.org
    saferinternet.org.uk youngminds.org.uk mind.org.uk barnardos.org.uk kooth.com
    parentpay.com parentpay.co.uk parentmail.co.uk scopay.com schoolmoney.co.uk
    schoolcloud.co.uk schoolgateway.com arbor-education.com classdojo.com seesaw.me
    eyfs.info tapestryjournal.com ttrockstars.com senecalearning.com mathletics.com
    educationcity.com purplemash.com 2simple.com hegartymaths.com sparxmaths.com
    mathsisfun.com ucas.com unicef.org.uk justgiving.com wikipedia.org
    forms.office.com office.com microsoft.com microsoftonline.com live.com outlook.com
    teams.microsoft.com google.com google.co.uk classroom.google.com youtube.com youtu.be
    apple.com paypal.com amazon.co.uk amazon.com facebook.com instagram.com x.com
    twitter.com linkedin.com
    """.split()
)

#: Redirect-free shorteners owned by the service they point into (destination is visible).
SAFE_SHORT_HOSTS: frozenset[str] = frozenset({"youtu.be"})
