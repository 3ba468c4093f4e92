"""List formats, the shared memory-mapped index, and refresh by mtime."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postguard.links.formats import ListFormatError, detect_format, read_list
from postguard.links.lists import LinkLists
from postguard.links.store import ListIndex, ListSource, build_index, index_for

HOSTS = """# a hosts file
127.0.0.1 localhost
0.0.0.0 ads.tracker.test  # trailing comment
0.0.0.0 malware.test other.malware.test
::1 ip6-localhost
"""
DOMAINS = """! adblock-style comment
casino.test
*.wild.test
||blocked-by-adblock.test^
xn--pple-43d.test
"""
PHISHTANK_HEADER = (
    "phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target\n"
)
PHISHTANK = (
    PHISHTANK_HEADER
    + """1,http://login-bank.test/verify.php,http://www.phishtank.com/phish_detail.php?phish_id=1,2020-01-01T00:00:00+00:00,yes,2020-01-01T00:00:00+00:00,yes,Other
2,https://sites.hosting.test/view/fake-bank,http://www.phishtank.com/phish_detail.php?phish_id=2,2020-01-01T00:00:00+00:00,yes,2020-01-01T00:00:00+00:00,yes,Other
3,http://whole-site.test/,http://www.phishtank.com/phish_detail.php?phish_id=3,2020-01-01T00:00:00+00:00,yes,2020-01-01T00:00:00+00:00,yes,Other
"""
)
URLHAUS = """################################################################
# abuse.ch URLhaus Database Dump (CSV)                         #
################################################################
#
# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
"3000001","2024-01-01 00:00:00","http://192.0.2.44/bins/x.sh","online","2024-01-01 00:00:00","malware_download","elf","https://urlhaus.abuse.ch/url/3000001/","someone"
"3000002","2024-01-01 00:00:00","https://files.drop.test/a/b.exe","offline","","malware_download","exe","https://urlhaus.abuse.ch/url/3000002/","someone"
"""


@pytest.fixture()
def lists_dir(tmp_path: Path) -> Path:
    (tmp_path / "hosts").write_text(HOSTS)
    (tmp_path / "domains.txt").write_text(DOMAINS)
    (tmp_path / "phishtank.csv").write_text(PHISHTANK)
    (tmp_path / "urlhaus.csv").write_text(URLHAUS)
    ut1 = tmp_path / "ut1"
    for category, domains, urls in (
        ("adult", "adult.test\n", "example.test/adult/page\n"),
        ("gambling", "bets.test\n", None),
        ("social_networks", "social.test\n", None),
    ):
        (ut1 / category).mkdir(parents=True)
        (ut1 / category / "domains").write_text(domains)
        if urls:
            (ut1 / category / "urls").write_text(urls)
    return tmp_path


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("hosts", "hosts"),
        ("domains.txt", "domains"),
        ("phishtank.csv", "phishtank"),
        ("urlhaus.csv", "urlhaus"),
        ("ut1", "ut1"),
    ],
)
def test_detects_format(lists_dir: Path, name: str, fmt: str) -> None:
    assert detect_format(lists_dir / name) == fmt


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "hosts",
            {
                ("host", "ads.tracker.test", "blocked"),
                ("host", "malware.test", "blocked"),
                ("host", "other.malware.test", "blocked"),
            },
        ),
        (
            "domains.txt",
            {
                ("host", "casino.test", "blocked"),
                ("host", "wild.test", "blocked"),
                ("host", "blocked-by-adblock.test", "blocked"),
                ("host", "xn--pple-43d.test", "blocked"),
            },
        ),
        (
            "phishtank.csv",
            {
                ("url", "http://login-bank.test/verify.php", "phishing"),
                ("url", "https://sites.hosting.test/view/fake-bank", "phishing"),
                ("host", "whole-site.test", "phishing"),
            },
        ),
        (
            "urlhaus.csv",
            {
                ("host", "192.0.2.44", "malware"),
                ("url", "https://files.drop.test/a/b.exe", "malware"),
            },
        ),
        (
            "ut1",
            {
                ("host", "adult.test", "adult"),
                ("url", "http://example.test/adult/page", "adult"),
                ("host", "bets.test", "gambling"),
                ("host", "social.test", "social_networks"),
            },
        ),
    ],
)
def test_reads_each_format(lists_dir: Path, name: str, expected: set[tuple[str, str, str]]) -> None:
    entries = {(e.kind, e.value, e.category) for e in read_list(lists_dir / name)}
    assert entries == expected


def test_bad_hosts_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "hosts"
    bad.write_text("0.0.0.0 ok.test\nnot-an-address bad.test\n")
    with pytest.raises(ListFormatError, match=r"hosts:2: first field is not an address"):
        list(read_list(bad, "hosts"))


@pytest.mark.parametrize(
    "host, url, expected",
    [
        ("malware.test", "", {"blocked"}),
        ("deep.sub.malware.test", "", {"blocked"}),  # every parent of the host is probed
        ("notmalware.test", "", set()),
        ("x.wild.test", "", {"blocked"}),
        ("www.adult.test", "", {"adult"}),
        ("example.test", "http://example.test/adult/page", {"adult"}),
        ("example.test", "http://example.test/other", set()),
        ("login-bank.test", "http://login-bank.test/verify.php", {"phishing"}),
        ("login-bank.test", "http://login-bank.test/", set()),  # URL-level report only
        ("whole-site.test", "http://whole-site.test/any", {"phishing"}),
        ("192.0.2.44", "http://192.0.2.44/other", {"malware"}),
        ("bets.test", "", {"gambling"}),
    ],
)
def test_lookups(lists_dir: Path, host: str, url: str, expected: set[str]) -> None:
    sources = [
        ListSource(lists_dir / n)
        for n in ("hosts", "domains.txt", "phishtank.csv", "urlhaus.csv", "ut1")
    ]
    lists = LinkLists(sources, lists_dir / "cache")
    assert lists.categories(host, url) == expected


def test_workers_share_one_index_file(lists_dir: Path) -> None:
    sources = [ListSource(lists_dir / "hosts", category="malware")]
    first = LinkLists(sources, lists_dir / "cache")
    second = LinkLists(sources, lists_dir / "cache")
    assert first._path == second._path
    assert sorted(p.name for p in (lists_dir / "cache").glob("*.idx")) == [first._path.name]  # type: ignore[union-attr]
    assert second.categories("malware.test", "") == {"malware"}


def test_refresh_without_restart(lists_dir: Path) -> None:
    path = lists_dir / "domains.txt"
    lists = LinkLists([ListSource(path, category="gambling")], lists_dir / "cache")
    assert lists.categories("new-casino.test", "") == frozenset()
    assert lists.refresh_if_changed() is False
    path.write_text(DOMAINS + "new-casino.test\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert lists.refresh_if_changed() is True
    assert lists.categories("new-casino.test", "") == {"gambling"}
    assert len(list((lists_dir / "cache").glob("*.idx"))) == 1  # the stale index is removed


def test_index_round_trip(tmp_path: Path) -> None:
    from postguard.links.formats import Entry

    entries = [Entry("host", f"site{i}.test", "blocked" if i % 2 else "adult") for i in range(1000)]
    target = tmp_path / "x.idx"
    assert build_index(entries, target) == 1000
    index = ListIndex(target)
    assert index.lookup("h:site1.test") == {"blocked"}
    assert index.lookup("h:site2.test") == {"adult"}
    assert index.lookup("h:site1000.test") == set()
    index.close()


def test_index_for_is_stable(lists_dir: Path) -> None:
    sources = [ListSource(lists_dir / "hosts")]
    assert index_for(sources, lists_dir / "c") == index_for(sources, lists_dir / "c")
