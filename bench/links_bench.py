"""Link judging speed, and loading a 1,000,000-domain list.

Generates a synthetic list of N random domains in a temporary folder (never
real data), then measures: building the shared index (cold), loading it in a
fresh process-like object (warm: the index already on disk, memory-mapped),
lookups per second, and URLs judged per second with and without the list.

    .venv/bin/python bench/links_bench.py [--domains 1000000] [--urls 20000]
"""

from __future__ import annotations

import argparse
import random
import resource
import string
import tempfile
import time
from pathlib import Path

from postguard.detectors.links import LinkPolicy, judge_url
from postguard.links.lists import LinkLists
from postguard.links.store import ListSource

TLDS = ("com", "net", "org", "co.uk", "info", "xyz", "ru", "de", "io", "shop")


def _domain(rng: random.Random) -> str:
    label = "".join(rng.choices(string.ascii_lowercase + string.digits, k=rng.randint(6, 14)))
    return f"{label}.{rng.choice(TLDS)}"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--domains", type=int, default=1_000_000)
    ap.add_argument("--urls", type=int, default=20_000)
    args = ap.parse_args()
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory(prefix="pg-links-bench-") as tmp:
        folder = Path(tmp)
        listed = [_domain(rng) for _ in range(args.domains)]
        path = folder / "blocked.txt"
        t0 = time.perf_counter()
        path.write_text("# synthetic\n" + "\n".join(listed) + "\n", encoding="utf-8")
        print(
            f"wrote {args.domains:,} domains ({path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - t0:.2f} s"
        )

        rss0 = _rss_mb()
        t0 = time.perf_counter()
        lists = LinkLists([ListSource(path, "domains", "malware")], folder / "cache")
        cold = time.perf_counter() - t0
        index_file = next((folder / "cache").glob("links-*.idx"))
        print(
            f"cold load (parse + hash + sort + write index): {cold:.2f} s; "
            f"index {index_file.stat().st_size / 1e6:.1f} MB; peak RSS +{_rss_mb() - rss0:.0f} MB"
        )

        t0 = time.perf_counter()
        warm = LinkLists([ListSource(path, "domains", "malware")], folder / "cache")
        print(
            f"warm load (another worker maps the same index): "
            f"{(time.perf_counter() - t0) * 1000:.1f} ms, {len(warm):,} keys"
        )

        probes = [rng.choice(listed) for _ in range(50_000)] + [_domain(rng) for _ in range(50_000)]
        t0 = time.perf_counter()
        hits = sum(bool(warm.categories("www." + h, "")) for h in probes)
        elapsed = time.perf_counter() - t0
        print(
            f"lookups: {len(probes) / elapsed:,.0f} hosts/s "
            f"(host + parents + URL probes; {hits:,} of {len(probes):,} listed)"
        )

        urls = [
            f"https://{rng.choice(listed if i % 2 else [_domain(rng)])}/path/{i}?utm_source=x"
            for i in range(args.urls)
        ]
        for name, policy in (
            ("defaults, no lists", LinkPolicy.build()),
            ("defaults + 1M-domain list", LinkPolicy.build(lists=warm)),
        ):
            t0 = time.perf_counter()
            for u in urls:
                judge_url(u, policy)
            elapsed = time.perf_counter() - t0
            print(f"judge_url, {name}: {len(urls) / elapsed:,.0f} URLs/s")
        lists.stop()


if __name__ == "__main__":
    main()
