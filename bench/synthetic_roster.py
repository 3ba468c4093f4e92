"""A synthetic roster of N pupils for benchmarks, written in the MIS-style CSV layout.

Forenames come from the ONS baby names (weighted by count) and surnames from the
weighted GB surname list in ../shared/data/public; UPNs carry valid check letters.
The northfield roster is copied in first, so its posts still name real pupils of
the benchmark roster. Benchmark input only: nothing here is bundled in the product.
"""

from __future__ import annotations

import csv
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from postguard.roster.mapping import RosterMapping
from postguard.roster.upn import check_letter

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PUPIL_HEADER = [c for c in RosterMapping.default().pupils.columns().values() if c]
"""The pupils.csv header, from the default column mapping."""


def random_year_and_dob(rng: random.Random) -> tuple[int, date]:
    """A year group (0 = Reception) and a date of birth that agrees with it."""
    year = rng.randint(0, 13)
    return year, date(2021 - year, 9, 1) + timedelta(days=rng.randint(0, 364))


def pupil_row(
    upn: str, fore: str, sur: str, year: int, dob: date, school: str, leaving: str = ""
) -> list[str]:
    """One pupils.csv row in the default column order (no preferred names, no reg group)."""
    return [
        upn,
        fore,
        sur,
        fore,
        sur,
        "R" if year == 0 else str(year),
        "",
        dob.isoformat(),
        school,
        leaving,
    ]


def _weighted(path: Path, name_col: str, weight_col: str) -> tuple[list[str], list[float]]:
    names: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row[name_col]] = names.get(row[name_col], 0.0) + float(row[weight_col])
    return list(names), list(names.values())


def build(target: Path, pupils: int, seed: int = 20261123) -> Path:
    """Write northfield's roster plus synthetic pupils up to ``pupils`` in total to ``target``."""
    rng = random.Random(seed)
    northfield = SHARED / "northfield"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("staff.csv", "contacts.csv", "consents.csv", "school_contacts.json"):
        shutil.copy(northfield / name, target / name)
    forenames, f_weights = _weighted(
        SHARED / "public" / "ons-babynames" / "ons_first_names_ew_2008_2024.csv", "name", "count"
    )
    surnames, s_weights = _weighted(
        SHARED / "public" / "uk-surnames-faker" / "en_GB_last_names_weighted.csv",
        "surname",
        "weight_pct",
    )
    with (northfield / "pupils.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    used = {r[0] for r in rows}
    serial = 0
    while len(rows) < pupils:
        serial += 1
        digits = f"999{serial % 10000:04d}{(serial // 10000) % 100:02d}{serial % 1000:03d}"
        upn = check_letter(digits) + digits
        if upn in used:
            continue
        used.add(upn)
        fore = rng.choices(forenames, f_weights)[0]
        sur = rng.choices(surnames, s_weights)[0]
        year, dob = random_year_and_dob(rng)
        rows.append(pupil_row(upn, fore, sur, year, dob, f"Synthetic School {serial % 12 + 1}"))
    with (target / "pupils.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(PUPIL_HEADER)
        writer.writerows(rows)
    return target
