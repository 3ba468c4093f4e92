"""Roster import speed: a synthetic MIS export of N pupils (default 20,000).

Writes pupils, ~1.6 contacts and 4 consent rows per pupil (a realistic large
trust) to a temporary folder, then times the full validating import.

    .venv/bin/python bench/roster_import.py [--pupils 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from postguard.roster.importer import import_roster
from postguard.roster.upn import check_letter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_roster import PUPIL_HEADER, pupil_row, random_year_and_dob  # noqa: E402

FORENAMES = ["Amelia", "Noah", "Isla", "Leo", "Ava", "Arlo", "Freya", "Theo", "Maya", "Ezra"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Patel", "Khan", "Evans", "Wilson", "Nowak"]
TYPES = ["Social Media", "Website", "Press", "Biometric"]
STATUSES = ["Granted"] * 8 + ["Refused", "Withdrawn"]


def write(folder: Path, pupils: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    p_rows, c_rows, k_rows = [], [], []
    for serial in range(pupils):
        digits = f"999{serial // 1000 % 10000:04d}21{serial % 1000:03d}"
        upn = check_letter(digits) + digits
        year, dob = random_year_and_dob(rng)
        fore, sur = rng.choice(FORENAMES), rng.choice(SURNAMES)
        leaving = "2025-07-18" if serial % 97 == 0 else ""
        p_rows.append(pupil_row(upn, fore, sur, year, dob, f"School {serial % 12}", leaving))
        for n in range(1 + (serial % 5 < 3)):
            c_rows.append([upn, "Sam", sur, "Parent", f"p{serial}.{n}@example.com", "07700 900123"])
        for kind in TYPES:
            k_rows.append([upn, kind, rng.choice(STATUSES), "2024-09-04", "Parent"])
    files = {
        "pupils.csv": (
            list(PUPIL_HEADER),
            p_rows,
        ),
        "contacts.csv": (
            ["UPN", "Contact Forename", "Contact Surname", "Relationship", "Email", "Phone"],
            c_rows,
        ),
        "consents.csv": (["UPN", "Consent Type", "Status", "Date", "Given By"], k_rows),
    }
    for name, (header, rows) in files.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pupils", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write(folder, args.pupils)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = import_roster(folder, today=date(2026, 11, 23))
            times.append(time.perf_counter() - t0)
    r = result.roster
    print(
        f"{len(r.pupils)} pupils, {len(r.contacts)} contacts, {len(r.consents)} consents: "
        f"best {min(times):.3f} s, worst {max(times):.3f} s over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
