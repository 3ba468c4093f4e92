"""Column mapping: which file and which header holds each roster field.

The defaults describe the PostGuard CSV layout (docs/roster.md). A trust whose
MIS exports other headers (SIMS, Arbor, Bromcom...) writes a YAML file with only
the keys that differ and passes it with ``postguard roster import --mapping FILE``.
Header names match case-insensitively, ignoring surrounding spaces. A column
marked optional may be set to ``null`` when the export has no such column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from postguard.roster.models import ConsentScope, ConsentStatus


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and key."""


class FileColumns(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Fields that may be ``null`` (the export has no such column).
    optional: ClassVar[frozenset[str]] = frozenset()

    file: str = Field(description="file name inside the roster folder")

    def columns(self) -> dict[str, str | None]:
        """Field name -> header, for every column field (not ``file``)."""
        return {k: v for k, v in self.model_dump().items() if k != "file"}


class PupilColumns(FileColumns):
    optional: ClassVar[frozenset[str]] = frozenset(
        {"preferred_forename", "preferred_surname", "reg_group", "leaving_date", "school"}
    )

    file: str = Field("pupils.csv", description="file name inside the roster folder")
    upn: str = Field("UPN", description="Unique Pupil Number, check letter + 12 digits")
    legal_forename: str = Field("Legal Forename", description="required")
    legal_surname: str = Field("Legal Surname", description="required")
    preferred_forename: str | None = Field(
        "Preferred Forename", description="empty means the legal forename"
    )
    preferred_surname: str | None = Field(
        "Preferred Surname", description="empty means the legal surname"
    )
    year: str = Field("Year", description="N, N1, N2, R or 1-14 ('Year 7', 'Reception' accepted)")
    reg_group: str | None = Field("Reg Group", description="form or class name")
    dob: str = Field("DOB", description="date of birth, in date_format")
    school: str | None = Field("School", description="school name; null when default_school is set")
    leaving_date: str | None = Field("Leaving Date", description="empty means on roll")


class StaffColumns(FileColumns):
    optional: ClassVar[frozenset[str]] = frozenset({"title", "email", "school"})

    file: str = Field("staff.csv", description="file name inside the roster folder")
    staff_id: str = Field("Staff ID", description="required, unique")
    title: str | None = Field("Title", description="Mr, Mrs, Miss, Ms, Mx, Dr...")
    forename: str = Field("Forename", description="required")
    surname: str = Field("Surname", description="required")
    role: str = Field("Role", description="e.g. Executive Headteacher, SLT, Teacher")
    email: str | None = Field("Email", description="work email, checked for shape")
    school: str | None = Field(
        "School", description="school (or the trust); null when default_school is set"
    )


class ContactColumns(FileColumns):
    optional: ClassVar[frozenset[str]] = frozenset({"forename", "relationship", "email", "phone"})

    file: str = Field("contacts.csv", description="file name inside the roster folder")
    upn: str = Field("UPN", description="the pupil this parent or carer is a contact for")
    forename: str | None = Field("Contact Forename", description="contact's forename")
    surname: str = Field("Contact Surname", description="required")
    relationship: str | None = Field("Relationship", description="Mother, Father, Carer...")
    email: str | None = Field("Email", description="checked for shape when present")
    phone: str | None = Field("Phone", description="checked for shape when present")


class ConsentColumns(FileColumns):
    optional: ClassVar[frozenset[str]] = frozenset({"given_by"})

    file: str = Field("consents.csv", description="file name inside the roster folder")
    upn: str = Field("UPN", description="the pupil the consent is for")
    scope: str = Field("Consent Type", description="a value listed in consent_types")
    status: str = Field("Status", description="a value listed in consent_statuses")
    date: str = Field("Date", description="date recorded, in date_format; latest row wins")
    given_by: str | None = Field("Given By", description="who recorded the decision")


def _default_consent_types() -> dict[str, ConsentScope]:
    return {
        "Social Media": ConsentScope.SOCIAL_MEDIA,
        "Website": ConsentScope.WEBSITE,
        "Press": ConsentScope.PRESS,
        "Biometric": ConsentScope.BIOMETRIC,
    }


def _default_consent_statuses() -> dict[str, ConsentStatus]:
    return {
        "Granted": ConsentStatus.GRANTED,
        "Refused": ConsentStatus.REFUSED,
        "Withdrawn": ConsentStatus.WITHDRAWN,
    }


class RosterMapping(BaseModel):
    """Where each roster field comes from. Every key has a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encoding: str = Field(
        "utf-8-sig", description="text encoding of the CSV files (utf-8-sig also reads plain UTF-8)"
    )
    delimiter: str = Field(",", description="CSV field separator", min_length=1, max_length=1)
    date_format: str | None = Field(
        None, description="strftime format such as '%d/%m/%Y'; null means ISO YYYY-MM-DD"
    )
    default_school: str | None = Field(
        None, description="school for rows whose school column is null or empty"
    )
    school_contacts_file: str = Field(
        "school_contacts.json", description="official contact details (JSON), optional file"
    )
    pupils: PupilColumns = Field(default_factory=PupilColumns)
    staff: StaffColumns = Field(default_factory=StaffColumns)
    contacts: ContactColumns = Field(default_factory=ContactColumns)
    consents: ConsentColumns = Field(default_factory=ConsentColumns)
    consent_types: dict[str, ConsentScope] = Field(
        default_factory=_default_consent_types,
        description="value in the consent type column -> scope (matched case-insensitively)",
    )
    consent_statuses: dict[str, ConsentStatus] = Field(
        default_factory=_default_consent_statuses,
        description="value in the status column -> status (matched case-insensitively)",
    )

    @field_validator("date_format")
    @classmethod
    def _date_format_has_fields(cls, value: str | None) -> str | None:
        if value is not None and not all(d in value for d in ("%d", "%m")):
            raise ValueError("date_format needs %d and %m (and a year, %Y or %y)")
        if value is not None and "%Y" not in value and "%y" not in value:
            raise ValueError("date_format needs a year: %Y or %y")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        import codecs

        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r}") from None
        return value

    @classmethod
    def default(cls) -> RosterMapping:
        return cls()

    def sections(self) -> dict[str, FileColumns]:
        return {
            "pupils": self.pupils,
            "staff": self.staff,
            "contacts": self.contacts,
            "consents": self.consents,
        }


def _check_columns(model: RosterMapping, source: str) -> None:
    for name, section in model.sections().items():
        for field, header in section.columns().items():
            if header is not None and not header.strip():
                raise MappingError(f"{source}: {name}.{field}: column name is empty")
    for section_name in ("pupils", "staff"):
        section = model.sections()[section_name]
        if section.columns()["school"] is None and model.default_school is None:
            raise MappingError(
                f"{source}: {section_name}.school: null needs default_school to be set"
            )


def parse_mapping(data: object, source: str = "mapping") -> RosterMapping:
    """Build a mapping from parsed YAML/JSON data; errors name ``source`` and the key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MappingError(f"{source}: expected a mapping of keys to values at the top level")
    try:
        model = RosterMapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise MappingError(f"{source}: {problems}") from None
    _check_columns(model, source)
    return model


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so consent values such as Yes/No stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def load_mapping(path: Path) -> RosterMapping:
    """Read a YAML mapping file (only the keys that differ from the defaults are needed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping file ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise MappingError(f"{path}{where}: not valid YAML") from None
    return parse_mapping(data, source=str(path))


def _scalar(value: object) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    return dumped.removesuffix("\n...\n").strip()


def mapping_yaml(mapping: RosterMapping | None = None) -> str:
    """The mapping as commented YAML, for a trust to copy and adapt."""
    mapping = mapping or RosterMapping.default()
    lines = [
        "# PostGuard roster column mapping. Keep only the keys you change;",
        "# everything left out takes the default shown here. See docs/roster.md.",
    ]
    for name, info in RosterMapping.model_fields.items():
        value = getattr(mapping, name)
        if isinstance(value, FileColumns):
            lines.append(f"{name}:")
            for field, finfo in type(value).model_fields.items():
                note = finfo.description or ""
                if field in type(value).optional:
                    note = f"{note} (may be null)" if note else "may be null"
                comment = f"  # {note}" if note else ""
                lines.append(f"  {field}: {_scalar(getattr(value, field))}{comment}")
        elif isinstance(value, dict):
            lines.append(f"# {info.description}")
            lines.append(f"{name}:")
            for key, item in value.items():
                lines.append(f"  {_scalar(key)}: {_scalar(str(item))}")
        else:
            lines.append(f"# {info.description}")
            lines.append(f"{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"
