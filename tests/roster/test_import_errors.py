"""Each invalid cell gives one error naming the file, the physical line and the column."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from postguard.roster.errors import RosterImportError, RowError
from postguard.roster.importer import import_roster
from postguard.roster.upn import check_letter

P, S, C, K = "pupils.csv", "staff.csv", "contacts.csv", "consents.csv"


def _wrong_check_letter(upn: str) -> str:
    right = check_letter(upn[1:])
    return ("A" if right != "A" else "B") + upn[1:]


def refused(files: Any, today: date) -> tuple[RowError, ...]:
    folder = files.write()
    with pytest.raises(RosterImportError) as info:
        import_roster(folder, today=today)
    return info.value.errors


def assert_one_error(
    errors: tuple[RowError, ...], file: str, line: int | None, column: str | None, message: str
) -> None:
    """Exactly one error in ``file``; any others are rows pointing at the bad pupil row."""
    own = [e for e in errors if e.file == file]
    assert len(own) == 1, [str(e) for e in errors]
    for other in errors:
        if other.file != file:
            assert other.column == "UPN" and "pupil" in other.message, str(other)
    error = own[0]
    assert (error.file, error.line, error.column) == (file, line, column), str(error)
    assert message in error.message, str(error)


CELL_CASES = [
    # file, line, column, new value, expected message fragment
    (P, 2, "UPN", "", "is empty (required)"),
    (P, 3, "UPN", "A12345", "a UPN has 13 characters, this has 6"),
    (P, 3, "UPN", "A1234567890X1", "a UPN is a check letter followed by 12 digits"),
    (P, 2, "UPN", "I962300025001", "'I' is never a check letter"),
    (P, 2, "Legal Forename", "", "is empty (required)"),
    (P, 4, "Legal Surname", "", "is empty (required)"),
    (P, 2, "Year", "15", "'15' is not a year group"),
    (P, 2, "Year", "Year Seven", "is not a year group"),
    (P, 2, "Year", "", "is empty (required)"),
    (P, 2, "DOB", "10/01/2015", "not a date in the format YYYY-MM-DD (got '99/99/9999')"),
    (P, 3, "DOB", "2021-02-30", "not a date in the format YYYY-MM-DD"),
    (P, 3, "DOB", "2027-01-01", "is in the future"),
    (P, 4, "Leaving Date", "2005-07-18", "is before the date of birth"),
    (P, 4, "Leaving Date", "July 2025", "not a date in the format YYYY-MM-DD (got 'Aaaa 9999')"),
    (P, 2, "School", "", "is empty and the mapping sets no default_school"),
    (S, 2, "Email", "d.faulkes at school", "not a well-formed email address"),
    (S, 3, "Email", "b@localhost", "not a well-formed email address"),
    (S, 2, "Role", "", "is empty (required)"),
    (S, 3, "Staff ID", "T001", "duplicate staff ID (first on line 2)"),
    (C, 2, "Phone", "ring the office", "not a phone number (got 'aaaa aaa aaaaaa')"),
    (C, 3, "Phone", "0770", "not a phone number"),
    (C, 2, "Email", "petra.ashby@@example.com", "not a well-formed email address"),
    (C, 2, "Contact Surname", "", "is empty (required)"),
    (K, 2, "Consent Type", "Photos", "'Photos' is not a consent type"),
    (K, 3, "Status", "Maybe", "'Maybe' is not a consent status"),
    (K, 4, "Date", "2025-13-04", "not a date in the format YYYY-MM-DD"),
    (K, 5, "Date", "2027-09-04", "is in the future"),
    (K, 2, "Status", "", "is empty (required)"),
]


@pytest.mark.parametrize("file, line, column, value, message", CELL_CASES)
def test_invalid_cell_names_file_line_and_column(
    roster_files: Any, today: date, file: str, line: int, column: str, value: str, message: str
) -> None:
    roster_files.set(file, line, column, value)
    assert_one_error(refused(roster_files, today), file, line, column, message)


def test_wrong_check_letter_says_which_letter(roster_files: Any, today: date) -> None:
    upn = roster_files.cell(P, 3, "UPN")
    roster_files.set(P, 3, "UPN", _wrong_check_letter(upn))
    errors = refused(roster_files, today)
    # The pupil's consent row now points at an invalid pupil row: two errors.
    assert [str(e) for e in errors] == [
        f"pupils.csv:3: column 'UPN': check letter should be '{upn[0]}'",
        "contacts.csv:3: column 'UPN': no pupil with this UPN in pupils.csv",
        "consents.csv:4: column 'UPN': no pupil with this UPN in pupils.csv",
    ]


def test_rows_of_an_invalid_pupil_point_back_to_its_line(roster_files: Any, today: date) -> None:
    roster_files.set(P, 2, "DOB", "")
    errors = refused(roster_files, today)
    assert [str(e) for e in errors] == [
        "pupils.csv:2: column 'DOB': is empty (required)",
        "contacts.csv:2: column 'UPN': the pupil's row (pupils.csv line 2) is invalid",
        "consents.csv:2: column 'UPN': the pupil's row (pupils.csv line 2) is invalid",
        "consents.csv:3: column 'UPN': the pupil's row (pupils.csv line 2) is invalid",
    ]


def test_duplicate_upn_names_the_first_line(roster_files: Any, today: date) -> None:
    upn = roster_files.cell(P, 2, "UPN")
    roster_files.set(P, 4, "UPN", upn)
    errors = refused(roster_files, today)
    assert str(errors[0]) == "pupils.csv:4: column 'UPN': duplicate UPN (first on line 2)"


@pytest.mark.parametrize(
    "file, row, message",
    [
        (
            C,
            ["{unknown}", "Ann", "Bloggs", "Mother", "", ""],
            "no pupil with this UPN in pupils.csv",
        ),
        (K, ["{unknown}", "Press", "Granted", "2025-01-01", ""], "no pupil with this UPN"),
        (
            P,
            ["{unknown}", "Ann", "Bloggs", "", "", "7", "7A", "2015-01-10"],
            "has 8 fields, the header has 10",
        ),
    ],
)
def test_added_rows(
    roster_files: Any, today: date, make_upn: Any, file: str, row: list[str], message: str
) -> None:
    unknown = make_upn(999)
    roster_files.add(file, [c.format(unknown=unknown) for c in row])
    line = len(roster_files.files[file])
    column = None if "fields" in message else "UPN"
    assert_one_error(refused(roster_files, today), file, line, column, message)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("emails", ["office at school"], "not a well-formed email address"),
        ("phones", ["ring us"], "not a phone number"),
        ("postcode", "Testbury", "not a UK postcode shape"),
        ("phones", "01632 960100", "should be a list of strings"),
        ("fax", ["01632 960199"], "unknown key"),
    ],
)
def test_school_contacts_errors(
    roster_files: Any, today: date, key: str, value: object, message: str
) -> None:
    roster_files.school_contacts["Test Academy"][key] = value
    errors = refused(roster_files, today)
    assert_one_error(errors, "school_contacts.json", 3, f"Test Academy.{key}", message)


def test_every_error_is_collected_and_none_names_a_person(
    roster_files: Any, today: date, roster_names: tuple[str, ...]
) -> None:
    for file, line, column, value, _ in CELL_CASES:
        if (file, column) not in {(S, "Staff ID")}:
            roster_files.set(file, line, column, value)
    errors = refused(roster_files, today)
    assert len(errors) >= 20
    text = "\n".join(str(e) for e in errors)
    for name in roster_names:
        assert name not in text


def test_error_prints_like_a_compiler_message() -> None:
    error = RowError("pupils.csv", 17, "UPN", "check letter should be 'K'")
    assert str(error) == "pupils.csv:17: column 'UPN': check letter should be 'K'"
    assert str(RowError("pupils.csv", None, None, "file not found")) == "pupils.csv: file not found"
