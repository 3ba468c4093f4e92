"""A small, valid, invented roster folder that each test bends into the shape it needs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from postguard.roster.mapping import RosterMapping
from postguard.roster.upn import check_letter

PUPIL_HEADER = [c for c in RosterMapping.default().pupils.columns().values() if c]

TODAY = date(2026, 11, 23)


def make_upn(serial: int, establishment: str = "9623000") -> str:
    digits = f"{establishment}25{serial:03d}"
    return check_letter(digits) + digits


UPN_A, UPN_B, UPN_C = make_upn(1), make_upn(2), make_upn(3)
UNKNOWN_UPN = make_upn(999)

#: Every name written into the test folder: no error message may contain one.
NAMES = (
    "Wilfred",
    "Ashby",
    "Martha",
    "Coyle",
    "Mattie",
    "Idris",
    "Penhale",
    "Dora",
    "Faulkes",
    "Petra",
    "Brandon",
)


def _default_files() -> dict[str, list[list[str]]]:
    return {
        "pupils.csv": [
            list(PUPIL_HEADER),
            [UPN_A, "Wilfred", "Ashby", "", "", "7", "7A", "2015-01-10", "Test Academy", ""],
            [
                UPN_B,
                "Martha",
                "Coyle",
                "Mattie",
                "",
                "R",
                "Acorns",
                "2021-10-05",
                "Test Primary",
                "",
            ],
            [
                UPN_C,
                "Idris",
                "Penhale",
                "Idris",
                "Penhale",
                "13",
                "13A",
                "2007-11-01",
                "Test Academy",
                "2025-07-18",
            ],
        ],
        "staff.csv": [
            ["Staff ID", "Title", "Forename", "Surname", "Role", "Email", "School"],
            [
                "T001",
                "Mrs",
                "Dora",
                "Faulkes",
                "Headteacher",
                "d.faulkes@testtrust.example.org",
                "Test Academy",
            ],
            ["T002", "Mr", "Brandon", "Coyle", "Teacher", "", "Test Primary"],
        ],
        "contacts.csv": [
            ["UPN", "Contact Forename", "Contact Surname", "Relationship", "Email", "Phone"],
            [UPN_A, "Petra", "Ashby", "Mother", "petra.ashby@example.com", "07700 900101"],
            [UPN_B, "Brandon", "Coyle", "Father", "", "01632 960102"],
        ],
        "consents.csv": [
            ["UPN", "Consent Type", "Status", "Date", "Given By"],
            [UPN_A, "Social Media", "Granted", "2024-09-05", "Petra Ashby"],
            [UPN_A, "Website", "Granted", "2024-09-05", "Petra Ashby"],
            [UPN_B, "Social Media", "Refused", "2025-09-04", "Brandon Coyle"],
            [UPN_C, "Press", "Granted", "2019-09-04", "Idris Penhale"],
        ],
    }


def _default_contacts() -> dict[str, object]:
    return {
        "_note": "official details",
        "Test Academy": {
            "address": "Test Academy, Mill Road, Testbury ZY1 1AA",
            "postcode": "ZY1 1AA",
            "phones": ["01632 960100"],
            "mobiles": ["07700 900100"],
            "emails": ["office@testtrust.example.org"],
            "websites": ["https://www.testacademy.example.org"],
            "social": {"x": "@TestAcademy"},
        },
        "Test Primary": {"phones": ["01632 960200"], "emails": ["primary@testtrust.example.org"]},
    }


@dataclass
class RosterFiles:
    """The test folder's files as rows; ``write`` puts them on disk."""

    folder: Path
    files: dict[str, list[list[str]]] = field(default_factory=_default_files)
    school_contacts: dict[str, object] | None = field(default_factory=_default_contacts)

    def set(self, file: str, line: int, column: str, value: str) -> RosterFiles:
        """Set a cell by physical line (header = 1) and header name."""
        rows = self.files[file]
        rows[line - 1][rows[0].index(column)] = value
        return self

    def cell(self, file: str, line: int, column: str) -> str:
        rows = self.files[file]
        return rows[line - 1][rows[0].index(column)]

    def add(self, file: str, row: list[str]) -> RosterFiles:
        self.files[file].append(row)
        return self

    def write(self, *, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, rows in self.files.items():
            text = newline.join(",".join(_quote(c) for c in row) for row in rows) + newline
            data = text.encode(encoding)
            (self.folder / name).write_bytes(b"\xef\xbb\xbf" + data if bom else data)
        if self.school_contacts is not None:
            (self.folder / "school_contacts.json").write_text(
                json.dumps(self.school_contacts, indent=2), encoding="utf-8"
            )
        return self.folder


def _quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@pytest.fixture
def roster_files(tmp_path: Path) -> RosterFiles:
    return RosterFiles(tmp_path / "roster")


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture(name="make_upn")
def make_upn_fixture() -> Callable[[int], str]:
    return make_upn


@pytest.fixture
def roster_names() -> tuple[str, ...]:
    return NAMES


@pytest.fixture
def files_factory(tmp_path: Path) -> Callable[[str], RosterFiles]:
    def make(name: str) -> RosterFiles:
        return RosterFiles(tmp_path / name)

    return make
