"""Whole-import behaviour: refusal, --skip-invalid, consents, ex-pupils, encodings, files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postguard.roster.errors import RosterImportError
from postguard.roster.importer import import_roster, load_roster
from postguard.roster.mapping import RosterMapping
from postguard.roster.models import ConsentScope, ConsentStatus


def test_valid_folder_imports_every_row(roster_files: Any, today: date) -> None:
    result = import_roster(roster_files.write(), today=today)
    roster = result.roster
    assert (len(roster.pupils), len(roster.staff), len(roster.contacts)) == (3, 2, 2)
    assert len(roster.consents) == 4
    assert result.errors == () and result.notes == () and result.skipped_rows == 0
    mattie = roster.pupils[1]
    assert (mattie.legal_forename, mattie.preferred_forename) == ("Martha", "Mattie")
    assert mattie.preferred_surname == "Coyle"  # empty preferred surname -> legal surname
    assert [s.name for s in roster.schools] == ["Test Academy", "Test Primary"]
    assert roster.schools[0].phones == ("01632 960100", "07700 900100")  # mobiles are official


def test_one_invalid_row_refuses_the_whole_import(roster_files: Any, today: date) -> None:
    roster_files.set("staff.csv", 3, "Email", "not an email")
    folder = roster_files.write()
    with pytest.raises(RosterImportError) as info:
        import_roster(folder, today=today)
    assert [str(e) for e in info.value.errors] == [
        "staff.csv:3: column 'Email': not a well-formed email address"
    ]
    assert "roster refused: 1 error;" in str(info.value)
    with pytest.raises(RosterImportError):
        load_roster(folder)


def test_skip_invalid_keeps_valid_rows_and_returns_errors(roster_files: Any, today: date) -> None:
    roster_files.set("pupils.csv", 3, "DOB", "05/10/2021")
    roster_files.set("staff.csv", 3, "Email", "not an email")
    folder = roster_files.write()
    result = import_roster(folder, skip_invalid=True, today=today)
    roster = result.roster
    bad_upn = roster_files.cell("pupils.csv", 3, "UPN")
    assert [p.legal_forename for p in roster.pupils] == ["Wilfred", "Idris"]
    assert roster.pupil(bad_upn) is None
    assert bad_upn not in {c.upn for c in roster.contacts} | {c.upn for c in roster.consents}
    assert [s.staff_id for s in roster.staff] == ["T001"]
    assert [(e.file, e.line) for e in result.errors] == [
        ("pupils.csv", 3),
        ("staff.csv", 3),
        ("contacts.csv", 3),
        ("consents.csv", 4),
    ]
    assert result.skipped_rows == 4


@pytest.mark.parametrize(
    "rows, expected",
    [
        # a later date wins, whatever the order in the file
        ([("Granted", "2024-09-05"), ("Withdrawn", "2026-10-02")], ConsentStatus.WITHDRAWN),
        ([("Withdrawn", "2026-10-02"), ("Granted", "2024-09-05")], ConsentStatus.WITHDRAWN),
        ([("Refused", "2023-09-05"), ("Granted", "2025-01-10")], ConsentStatus.GRANTED),
        # same date: the later line in the file wins
        ([("Granted", "2025-01-10"), ("Refused", "2025-01-10")], ConsentStatus.REFUSED),
        ([("Refused", "2025-01-10"), ("Granted", "2025-01-10")], ConsentStatus.GRANTED),
    ],
)
def test_latest_consent_wins(
    roster_files: Any, today: date, rows: list[tuple[str, str]], expected: ConsentStatus
) -> None:
    upn = roster_files.cell("pupils.csv", 4, "UPN")
    for status, when in rows:
        roster_files.add("consents.csv", [upn, "social media", status, when, ""])
    roster = import_roster(roster_files.write(), today=today).roster
    consent = roster.consent(upn, ConsentScope.SOCIAL_MEDIA)
    assert consent is not None and consent.status is expected
    assert roster.has_consent(upn, ConsentScope.SOCIAL_MEDIA) is (expected is ConsentStatus.GRANTED)


def test_ex_pupils_are_kept(roster_files: Any, today: date) -> None:
    roster = import_roster(roster_files.write(), today=today).roster
    idris = roster.pupil(roster_files.cell("pupils.csv", 4, "UPN"))
    assert idris is not None and idris.leaving_date == date(2025, 7, 18)
    assert not idris.on_roll(today)
    assert idris.on_roll(date(2025, 7, 17))
    assert [p.on_roll(today) for p in roster.pupils] == [True, True, False]


@pytest.mark.parametrize(
    "options",
    [
        {"bom": True},
        {"newline": "\r\n"},
        {"bom": True, "newline": "\r\n"},
    ],
)
def test_bom_and_crlf(roster_files: Any, today: date, options: dict[str, bool | str]) -> None:
    roster_files.set("pupils.csv", 2, "Legal Surname", "Ó Dálaigh")
    folder = roster_files.write(**options)
    roster = import_roster(folder, today=today).roster
    assert roster.pupils[0].legal_surname == "Ó Dálaigh"
    assert roster.pupils[0].upn == roster_files.cell("pupils.csv", 2, "UPN")


def test_windows_1252_needs_the_mapping_to_say_so(roster_files: Any, today: date) -> None:
    roster_files.set("pupils.csv", 3, "Legal Surname", "Zoë Coyle")
    folder = roster_files.write(encoding="cp1252")
    with pytest.raises(RosterImportError) as info:
        import_roster(folder, today=today)
    (error,) = info.value.errors
    assert (error.file, error.line) == ("pupils.csv", 3)
    assert "cannot be read as utf-8-sig" in error.message and "cp1252" in error.message
    mapping = RosterMapping(encoding="cp1252")
    roster = import_roster(folder, mapping=mapping, today=today).roster
    assert roster.pupils[1].legal_surname == "Zoë Coyle"


def test_quoted_cell_over_two_lines_keeps_physical_line_numbers(
    roster_files: Any, today: date
) -> None:
    roster_files.set("staff.csv", 2, "Role", "Headteacher\n(acting)")
    roster_files.set("staff.csv", 3, "Email", "nope")
    with pytest.raises(RosterImportError) as info:
        import_roster(roster_files.write(), today=today)
    assert [str(e) for e in info.value.errors] == [
        "staff.csv:4: column 'Email': not a well-formed email address"
    ]


def test_blank_lines_are_skipped_but_counted(roster_files: Any, today: date) -> None:
    roster_files.files["staff.csv"].insert(2, [""])
    roster_files.set("staff.csv", 4, "Email", "nope")
    with pytest.raises(RosterImportError) as info:
        import_roster(roster_files.write(), today=today)
    assert [(e.file, e.line) for e in info.value.errors] == [("staff.csv", 4)]


def test_header_case_extra_columns_and_trailing_commas(roster_files: Any, today: date) -> None:
    files = roster_files.files
    files["pupils.csv"][0] = [h.upper() for h in files["pupils.csv"][0]]
    for row in files["staff.csv"]:
        row.extend(["Phone Ext", ""] if row[0] == "Staff ID" else ["123", ""])
    files["contacts.csv"][1].append("")
    roster = import_roster(roster_files.write(), today=today).roster
    assert (len(roster.pupils), len(roster.staff), len(roster.contacts)) == (3, 2, 2)


@pytest.mark.parametrize(
    "missing, note",
    [
        ("staff.csv", "staff.csv not found: none imported"),
        ("contacts.csv", "contacts.csv not found: none imported"),
        ("consents.csv", "consents.csv not found: none imported"),
        ("school_contacts.json", "school_contacts.json not found: no official contact details"),
    ],
)
def test_optional_files_may_be_missing(
    roster_files: Any, today: date, missing: str, note: str
) -> None:
    folder = roster_files.write()
    (folder / missing).unlink()
    result = import_roster(folder, today=today)
    assert len(result.roster.pupils) == 3
    assert any(n.startswith(note) for n in result.notes), result.notes


def test_school_without_official_contacts_is_noted(roster_files: Any, today: date) -> None:
    result = import_roster(roster_files.write(), today=today)
    assert result.notes == ()
    roster_files.set("pupils.csv", 2, "School", "Test Infants")
    result = import_roster(roster_files.write(), today=today)
    assert result.notes == ("school_contacts.json has no entry for: Test Infants",)


@pytest.mark.parametrize(
    "change, expected",
    [
        ("no pupils", "pupils.csv: file not found (required)"),
        ("no UPN column", "pupils.csv:1: column 'UPN': required column is missing"),
        ("empty pupils", "pupils.csv:1: the file is empty: a header row is needed"),
        ("duplicate header", "consents.csv:1: column 'Status': column appears twice in the header"),
        ("bad json", "school_contacts.json:2: not valid JSON"),
    ],
)
def test_structural_problems_refuse_even_with_skip_invalid(
    roster_files: Any, today: date, change: str, expected: str
) -> None:
    folder: Path = roster_files.write()
    if change == "no pupils":
        (folder / "pupils.csv").unlink()
    elif change == "no UPN column":
        text = (folder / "pupils.csv").read_text(encoding="utf-8")
        (folder / "pupils.csv").write_text(text.replace("UPN,", "Pupil No,", 1), encoding="utf-8")
    elif change == "empty pupils":
        (folder / "pupils.csv").write_text("", encoding="utf-8")
    elif change == "duplicate header":
        text = (folder / "consents.csv").read_text(encoding="utf-8")
        (folder / "consents.csv").write_text(text.replace("Date,", "Status,", 1), encoding="utf-8")
    else:
        (folder / "school_contacts.json").write_text('{\n  "a": [,\n}', encoding="utf-8")
    with pytest.raises(RosterImportError) as info:
        import_roster(folder, skip_invalid=True, today=today)
    assert any(str(e).startswith(expected) for e in info.value.errors), [
        str(e) for e in info.value.errors
    ]


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(RosterImportError) as info:
        import_roster(tmp_path / "nowhere")
    assert "not a folder" in str(info.value)


@pytest.mark.parametrize(
    "value, stored",
    [("R", "R"), ("Reception", "R"), ("Year 7", "7"), ("Y7", "7"), ("07", "7"), ("N1", "N1")],
)
def test_year_groups_are_normalised(
    roster_files: Any, today: date, value: str, stored: str
) -> None:
    roster_files.set("pupils.csv", 2, "Year", value)
    roster = import_roster(roster_files.write(), today=today).roster
    assert roster.pupils[0].year == stored


def test_lower_case_and_temporary_upns_are_accepted(
    roster_files: Any, today: date, make_upn: Any
) -> None:
    upn = roster_files.cell("pupils.csv", 2, "UPN")
    for file, line in (("pupils.csv", 2), ("contacts.csv", 2), ("consents.csv", 2)):
        roster_files.set(file, line, "UPN", upn.lower())
    roster_files.set("pupils.csv", 3, "UPN", "X00180001701A")
    roster_files.set("contacts.csv", 3, "UPN", "X00180001701A")
    roster_files.set("consents.csv", 4, "UPN", "X00180001701A")
    roster = import_roster(roster_files.write(), today=today).roster
    assert roster.pupil(upn) is not None and roster.pupil("X00180001701A") is not None


def test_cells_are_stripped_and_composed(roster_files: Any, today: date) -> None:
    decomposed = "Zoe\u0308"  # e + combining diaeresis, as some exports write it
    roster_files.set("pupils.csv", 2, "Legal Forename", f"\u00a0{decomposed} ")
    roster = import_roster(roster_files.write(), today=today).roster
    assert roster.pupils[0].legal_forename == "Zo\u00eb"


awkward_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters=',"\n'),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s.strip() != "")


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.tuples(awkward_text, awkward_text), min_size=1, max_size=5))
def test_any_names_survive_the_csv_round_trip(names: list[tuple[str, str]]) -> None:
    import csv
    import tempfile
    import unicodedata

    from postguard.roster.upn import check_letter

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with (folder / "pupils.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["UPN", "Legal Forename", "Legal Surname", "Year", "DOB", "School"])
            for serial, (fore, sur) in enumerate(names):
                digits = f"962300025{serial:03d}"
                writer.writerow([check_letter(digits) + digits, fore, sur, "3", "2018-01-01", "S"])
        roster = import_roster(folder, today=date(2026, 11, 23)).roster
    expected = [
        (unicodedata.normalize("NFC", f).strip(), unicodedata.normalize("NFC", s).strip())
        for f, s in names
    ]
    assert [(p.legal_forename, p.legal_surname) for p in roster.pupils] == expected


def test_header_only_pupils_file_is_noted(roster_files: Any, today: date) -> None:
    files = roster_files.files
    files["pupils.csv"] = files["pupils.csv"][:1]
    del files["contacts.csv"], files["consents.csv"]
    result = import_roster(roster_files.write(), today=today)
    assert result.roster.pupils == ()
    assert "pupils.csv has a header but no rows: no pupils imported" in result.notes


def test_errors_are_listed_file_by_file_in_line_order(roster_files: Any, today: date) -> None:
    roster_files.set("consents.csv", 3, "Status", "Maybe")
    roster_files.add("staff.csv", ["T003", "Mr"])  # too few fields: found while reading
    roster_files.set("pupils.csv", 4, "Year", "20")
    roster_files.set("pupils.csv", 2, "Year", "21")
    with pytest.raises(RosterImportError) as info:
        import_roster(roster_files.write(), today=today)
    assert [(e.file, e.line) for e in info.value.errors] == [
        ("pupils.csv", 2),
        ("pupils.csv", 4),
        ("staff.csv", 4),
        ("contacts.csv", 2),
        ("consents.csv", 2),
        ("consents.csv", 3),
        ("consents.csv", 3),
        ("consents.csv", 5),
    ]
