"""Offline link heuristics on public phishing and benign URLs (evaluation only, never bundled).

Recall on PhishTank's verified phishing URLs and the false-alarm rate on the
ISCX-URL-2016 benign URLs, judged with the bundled defaults only: no lists, no
network, ``unknown: safe``.

    .venv/bin/python bench/links_phishing.py [--data ../shared/data/public/phishing-urls]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from postguard.detectors.links import LinkPolicy, LinkVerdict, judge_url

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "public" / "phishing-urls"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--show", type=int, default=0, help="print N false alarms")
    args = ap.parse_args()
    policy = LinkPolicy.build()
    with open(args.data / "phishing.csv", newline="", encoding="utf-8") as f:
        phishing = [row["url"] for row in csv.DictReader(f)]
    benign = [
        line.strip()
        for line in (args.data / "benign.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    t0 = time.perf_counter()
    p_verdicts = [judge_url(u, policy) for u in phishing]
    b_verdicts = [judge_url(u, policy) for u in benign]
    elapsed = time.perf_counter() - t0

    def rate(js: list, verdicts: set[LinkVerdict]) -> float:
        return sum(j.verdict in verdicts for j in js) / len(js)

    flagged = {LinkVerdict.UNSAFE, LinkVerdict.REVIEW}
    print(f"phishing URLs: {len(phishing)}; benign URLs: {len(benign)}")
    print(f"recall (unsafe):            {rate(p_verdicts, {LinkVerdict.UNSAFE}):.1%}")
    print(f"recall (unsafe or review):  {rate(p_verdicts, flagged):.1%}")
    print(f"false alarms (unsafe):      {rate(b_verdicts, {LinkVerdict.UNSAFE}):.2%}")
    print(f"false alarms (any flag):    {rate(b_verdicts, flagged):.2%}")
    # ISCX's "benign" set contains porn and gambling sites: a school blocks those on purpose.
    category = {"adult", "gambling"}
    other = [j for j in b_verdicts if not category & set(j.codes)]
    wrong = sum(j.verdict is not LinkVerdict.SAFE for j in other)
    print(
        f"  of which adult/gambling sites (blocked by policy): "
        f"{len(b_verdicts) - len(other)}; other false alarms {wrong} = {wrong / len(benign):.2%}"
    )
    print(f"judged {len(phishing) + len(benign)} URLs in {elapsed:.2f} s")
    reasons: Counter[str] = Counter(c for j in p_verdicts for c in j.codes)
    print("phishing reasons:", ", ".join(f"{c} {n}" for c, n in reasons.most_common(12)))
    b_reasons: Counter[str] = Counter(
        c for j in b_verdicts if j.verdict is not LinkVerdict.SAFE for c in j.codes
    )
    print("benign reasons:  ", ", ".join(f"{c} {n}" for c, n in b_reasons.most_common(12)))
    shown = 0
    for url, j in zip(benign, b_verdicts, strict=True):
        if j.verdict is not LinkVerdict.SAFE and shown < args.show:
            print("  FA", j.verdict.value, ",".join(j.codes), url[:140])
            shown += 1


if __name__ == "__main__":
    main()
