"""Column mappings: other MIS headers, other date formats, and mapping files that fail clearly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from postguard.roster.importer import import_roster
from postguard.roster.mapping import (
    MappingError,
    RosterMapping,
    load_mapping,
    mapping_yaml,
    parse_mapping,
)
from postguard.roster.models import ConsentScope, ConsentStatus

SIMS_MAPPING = """\
date_format: "%d/%m/%Y"
default_school: Test Academy
pupils:
  file: students.csv
  upn: UPN
  legal_forename: Legal Forename
  legal_surname: Legal Surname
  preferred_forename: Forename
  preferred_surname: null
  year: Year
  reg_group: Reg
  dob: DOB
  school: null
  leaving_date: Date of Leaving
consents:
  scope: Consent
  status: Response
  date: Date Given
consent_types:
  Photos on social media: social_media
  Photos on website: website
consent_statuses:
  Yes: granted
  No: refused
"""


def write(folder: Path, name: str, rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_custom_headers_and_date_format(tmp_path: Path, make_upn: Any) -> None:
    upn = make_upn(7)
    folder = tmp_path / "sims"
    write(
        folder,
        "students.csv",
        [
            [
                "UPN",
                "Legal Forename",
                "Legal Surname",
                "Forename",
                "Year",
                "Reg",
                "DOB",
                "Date of Leaving",
                "Admission Number",
            ],
            [upn, "Tobiah", "Quenby", "Toby", "Year 8", "8Q", "14/03/2014", "", "001234"],
        ],
    )
    write(
        folder,
        "consents.csv",
        [
            ["UPN", "Consent", "Response", "Date Given", "Given By"],
            [upn, "Photos on social media", "Yes", "05/09/2024", "Parent"],
            [upn, "photos on website", "no", "05/09/2024", "Parent"],
        ],
    )
    (tmp_path / "sims.yaml").write_text(SIMS_MAPPING, encoding="utf-8")
    mapping = load_mapping(tmp_path / "sims.yaml")

    result = import_roster(folder, mapping=mapping, today=date(2026, 11, 23))

    (pupil,) = result.roster.pupils
    assert (pupil.preferred_forename, pupil.preferred_surname) == ("Toby", "Quenby")
    assert (pupil.year, pupil.reg_group, pupil.school) == ("8", "8Q", "Test Academy")
    assert pupil.dob == date(2014, 3, 14) and pupil.leaving_date is None
    assert result.roster.has_consent(upn, ConsentScope.SOCIAL_MEDIA)
    website = result.roster.consent(upn, ConsentScope.WEBSITE)
    assert website is not None and website.status is ConsentStatus.REFUSED
    assert any("staff.csv not found" in n for n in result.notes)


def test_date_errors_quote_the_mapping_format(tmp_path: Path, make_upn: Any) -> None:
    folder = tmp_path / "uk"
    write(
        folder,
        "pupils.csv",
        [
            ["UPN", "Legal Forename", "Legal Surname", "Year", "DOB", "School"],
            [make_upn(8), "Tobiah", "Quenby", "8", "2014-03-14", "Test Academy"],
        ],
    )
    mapping = RosterMapping(date_format="%d/%m/%Y")
    from postguard.roster.errors import RosterImportError

    with pytest.raises(RosterImportError) as info:
        import_roster(folder, mapping=mapping, today=date(2026, 11, 23))
    assert [str(e) for e in info.value.errors] == [
        "pupils.csv:2: column 'DOB': not a date in the format %d/%m/%Y (got '9999-99-99')"
    ]


def test_default_mapping_yaml_round_trips() -> None:
    text = mapping_yaml()
    assert "date_format: null" in text and "upn: UPN" in text
    assert parse_mapping(yaml.safe_load(text)) == RosterMapping.default()


def test_a_partial_mapping_keeps_the_other_defaults() -> None:
    mapping = parse_mapping({"staff": {"staff_id": "Employee No"}})
    assert mapping.staff.staff_id == "Employee No"
    assert mapping.staff.surname == "Surname"
    assert mapping.pupils == RosterMapping.default().pupils


@pytest.mark.parametrize(
    "data, message",
    [
        ({"pupils": {"upn": None}}, "pupils.upn: Input should be a valid string"),
        ({"pupils": {"school": None}}, "pupils.school: null needs default_school to be set"),
        ({"pupils": {"surname": "Surname"}}, "pupils.surname: Extra inputs are not permitted"),
        ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
        ({"date_format": "%Y"}, "date_format: Value error, date_format needs %d and %m"),
        ({"encoding": "klingon"}, "encoding: Value error, unknown encoding 'klingon'"),
        ({"consent_types": {"Photos": "tattoos"}}, "consent_types.Photos: Input should be"),
        ({"staff": {"role": " "}}, "staff.role: column name is empty"),
        (["a", "list"], "expected a mapping of keys to values"),
    ],
)
def test_bad_mappings_name_the_key(data: object, message: str) -> None:
    with pytest.raises(MappingError) as info:
        parse_mapping(data, source="trust.yaml")
    assert str(info.value).startswith("trust.yaml: ")
    assert message in str(info.value)


def test_mapping_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pupils:\n  upn: [unclosed\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"bad\.yaml:\d+: not valid YAML"):
        load_mapping(bad)
    with pytest.raises(MappingError, match="cannot read the mapping file"):
        load_mapping(tmp_path / "missing.yaml")
