"""Import a roster from an MIS-style CSV folder (columns and mapping: docs/roster.md).

Every row of every file is checked; each problem becomes a :class:`RowError`
naming the file, the physical line (header = line 1) and the column. One
invalid row refuses the whole import (:class:`RosterImportError` carrying every
error) unless ``skip_invalid=True``, which keeps the valid rows and returns the
errors alongside the roster. Either way the :class:`Roster` is built in one go
at the end: nothing is ever half-imported.

Structural problems (no ``pupils.csv``, a required column missing, a file that
cannot be decoded or parsed) refuse the import even with ``skip_invalid``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from postguard.roster.cells import check_email, check_phone, parse_date, parse_year
from postguard.roster.csvtable import CsvRow, CsvTable, read_table
from postguard.roster.errors import CellError, RosterImportError, RowError
from postguard.roster.mapping import FileColumns, RosterMapping
from postguard.roster.models import (
    Consent,
    ConsentScope,
    ConsentStatus,
    Contact,
    Pupil,
    Roster,
    SchoolContacts,
    StaffMember,
)
from postguard.roster.school_contacts import read_school_contacts
from postguard.roster.upn import upn_problem

__all__ = ["RosterImport", "RosterImportError", "RowError", "import_roster", "load_roster"]

T = TypeVar("T")


@dataclass(frozen=True)
class RosterImport:
    """The imported roster, the rows left out (``skip_invalid`` only) and notes."""

    roster: Roster
    errors: tuple[RowError, ...] = ()
    notes: tuple[str, ...] = ()
    skipped_rows: int = 0


class _Cells:
    """One CSV row being checked: parsers record errors against the column instead of raising."""

    __slots__ = ("table", "row", "errors")

    def __init__(self, table: CsvTable, row: CsvRow) -> None:
        self.table = table
        self.row = row
        self.errors: list[RowError] = []

    def fail(self, fld: str, message: str) -> None:
        column = self.table.headers.get(fld, fld)
        self.errors.append(RowError(self.table.file, self.row.line, column, message))

    def text(self, fld: str, *, required: bool = False) -> str:
        value = self.row.cells.get(fld, "")
        if required and not value:
            self.fail(fld, "is empty (required)")
        return value

    def parsed(self, fld: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        value = self.text(fld, required=required)
        if not value:
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.fail(fld, str(exc))
            return None

    def upn(self, fld: str) -> str | None:
        value = self.text(fld, required=True).upper()
        if not value:
            return None
        problem = upn_problem(value, allow_temporary=True)
        if problem is not None:
            self.fail(fld, problem)
            return None
        return value


class _Importer:
    def __init__(self, folder: Path, mapping: RosterMapping, today: date) -> None:
        self.folder = folder
        self.mapping = mapping
        self.today = today
        self.errors: list[RowError] = []
        self.fatal: list[RowError] = []
        self.notes: list[str] = []
        self.skipped = 0
        self.pupil_lines: dict[str, int] = {}  # valid UPN -> line
        self.invalid_upn_lines: dict[str, int] = {}  # UPN of an invalid pupil row -> line
        self.dates: dict[str, date] = {}

    # -- files ---------------------------------------------------------------

    def table(self, section: FileColumns, *, required: bool) -> CsvTable | None:
        path = self.folder / section.file
        if not path.is_file():
            if required:
                self.fatal.append(RowError(section.file, None, None, "file not found (required)"))
            else:
                self.notes.append(f"{section.file} not found: none imported")
            return None
        table = read_table(
            path, section, encoding=self.mapping.encoding, delimiter=self.mapping.delimiter
        )
        self.fatal.extend(table.fatal)
        self.errors.extend(table.errors)
        self.skipped += len(table.errors)
        self.notes.extend(table.notes)
        return table

    def keep(self, cells: _Cells) -> bool:
        if cells.errors:
            self.errors.extend(cells.errors)
            self.skipped += 1
            return False
        return True

    def date(self, value: str) -> date:
        # Consent dates repeat (a whole intake on one day): parse each text once.
        parsed = self.dates.get(value)
        if parsed is None:
            parsed = self.dates[value] = parse_date(value, self.mapping.date_format)
        return parsed

    def school(self, cells: _Cells) -> str:
        value = cells.text("school") or (self.mapping.default_school or "")
        if not value:
            cells.fail("school", "is empty and the mapping sets no default_school")
        return value

    def known_upn(self, cells: _Cells) -> str | None:
        written = cells.text("upn").upper()
        if written in self.pupil_lines:
            return written  # already checked in the pupils file
        upn = cells.upn("upn")
        if upn is None:
            return None
        pupils_file = self.mapping.pupils.file
        if upn in self.invalid_upn_lines:
            line = self.invalid_upn_lines[upn]
            cells.fail("upn", f"the pupil's row ({pupils_file} line {line}) is invalid")
        else:
            cells.fail("upn", f"no pupil with this UPN in {pupils_file}")
        return None

    # -- rows ----------------------------------------------------------------

    def pupils(self, table: CsvTable) -> list[Pupil]:
        out: list[Pupil] = []
        for row in table.rows:
            c = _Cells(table, row)
            upn = c.upn("upn")
            legal_forename = c.text("legal_forename", required=True)
            legal_surname = c.text("legal_surname", required=True)
            year = c.parsed("year", parse_year, required=True)
            reg_group = c.text("reg_group")
            dob = c.parsed("dob", self.date, required=True)
            school = self.school(c)
            leaving = c.parsed("leaving_date", self.date)
            if dob is not None and dob > self.today:
                c.fail("dob", "is in the future")
            if dob is not None and leaving is not None and leaving < dob:
                c.fail("leaving_date", "is before the date of birth")
            if upn is not None and upn in self.pupil_lines:
                c.fail("upn", f"duplicate UPN (first on line {self.pupil_lines[upn]})")
                upn = None
            if not self.keep(c) or upn is None or year is None or dob is None:
                if upn is not None:
                    self.invalid_upn_lines.setdefault(upn, row.line)
                continue
            self.pupil_lines[upn] = row.line
            out.append(
                Pupil(
                    upn=upn,
                    legal_forename=legal_forename,
                    legal_surname=legal_surname,
                    preferred_forename=c.text("preferred_forename") or legal_forename,
                    preferred_surname=c.text("preferred_surname") or legal_surname,
                    year=year,
                    reg_group=reg_group,
                    dob=dob,
                    school=school,
                    leaving_date=leaving,
                )
            )
        return out

    def staff(self, table: CsvTable) -> list[StaffMember]:
        out: list[StaffMember] = []
        seen: dict[str, int] = {}
        for row in table.rows:
            c = _Cells(table, row)
            staff_id = c.text("staff_id", required=True)
            forename = c.text("forename", required=True)
            surname = c.text("surname", required=True)
            role = c.text("role", required=True)
            email = c.parsed("email", check_email) or ""
            school = self.school(c)
            if staff_id and staff_id in seen:
                c.fail("staff_id", f"duplicate staff ID (first on line {seen[staff_id]})")
            if not self.keep(c):
                continue
            seen[staff_id] = row.line
            out.append(
                StaffMember(
                    staff_id=staff_id,
                    title=c.text("title"),
                    forename=forename,
                    surname=surname,
                    role=role,
                    email=email,
                    school=school,
                )
            )
        return out

    def contacts(self, table: CsvTable) -> list[Contact]:
        out: list[Contact] = []
        for row in table.rows:
            c = _Cells(table, row)
            upn = self.known_upn(c)
            surname = c.text("surname", required=True)
            email = c.parsed("email", check_email) or ""
            phone = c.parsed("phone", check_phone) or ""
            if not self.keep(c) or upn is None:
                continue
            out.append(
                Contact(
                    upn=upn,
                    forename=c.text("forename"),
                    surname=surname,
                    relationship=c.text("relationship"),
                    email=email,
                    phone=phone,
                )
            )
        return out

    def consents(self, table: CsvTable) -> list[Consent]:
        types = {k.strip().casefold(): v for k, v in self.mapping.consent_types.items()}
        statuses = {k.strip().casefold(): v for k, v in self.mapping.consent_statuses.items()}

        def scope(value: str) -> ConsentScope:
            try:
                return types[value.casefold()]
            except KeyError:
                known = ", ".join(self.mapping.consent_types)
                raise CellError(f"{value[:30]!r} is not a consent type ({known})") from None

        def status(value: str) -> ConsentStatus:
            try:
                return statuses[value.casefold()]
            except KeyError:
                known = ", ".join(self.mapping.consent_statuses)
                raise CellError(f"{value[:30]!r} is not a consent status ({known})") from None

        out: list[Consent] = []
        for row in table.rows:
            c = _Cells(table, row)
            upn = self.known_upn(c)
            sc = c.parsed("scope", scope, required=True)
            st = c.parsed("status", status, required=True)
            when = c.parsed("date", self.date, required=True)
            if when is not None and when > self.today:
                c.fail("date", "is in the future")
            if not self.keep(c) or upn is None or sc is None or st is None or when is None:
                continue
            out.append(Consent(upn, sc, st, when, c.text("given_by")))
        return out

    # -- the whole folder ----------------------------------------------------

    def run(self) -> tuple[Roster, list[str]]:
        m = self.mapping
        if not self.folder.is_dir():
            self.fatal.append(RowError(str(self.folder), None, None, "not a folder"))
            return Roster(), []
        pupils_table = self.table(m.pupils, required=True)
        staff_table = self.table(m.staff, required=False)
        contacts_table = self.table(m.contacts, required=False)
        consents_table = self.table(m.consents, required=False)
        pupils_read = pupils_table is not None and not pupils_table.fatal
        pupils = self.pupils(pupils_table) if pupils_table else []
        if pupils_read and pupils_table is not None and not pupils_table.rows:
            self.notes.append(f"{m.pupils.file} has a header but no rows: no pupils imported")
        staff = self.staff(staff_table) if staff_table else []
        # Without a readable pupils file every contact and consent row would be an
        # "unknown pupil" error: check them once the pupils file can be read.
        contacts = self.contacts(contacts_table) if contacts_table and pupils_read else []
        consents = self.consents(consents_table) if consents_table and pupils_read else []

        schools: list[SchoolContacts] = []
        sc_path = self.folder / m.school_contacts_file
        if sc_path.is_file():
            sc = read_school_contacts(sc_path, m.encoding)
            self.fatal.extend(sc.fatal)
            self.errors.extend(sc.errors)
            schools = sc.schools
        else:
            self.notes.append(
                f"{m.school_contacts_file} not found: no official contact details, so the "
                "schools' own phones and emails may be flagged as personal data"
            )
        missing = sorted({p.school for p in pupils} - {s.name for s in schools})
        if schools and missing:
            self.notes.append(f"{m.school_contacts_file} has no entry for: {', '.join(missing)}")
        roster = Roster(
            tuple(pupils), tuple(staff), tuple(contacts), tuple(consents), tuple(schools)
        )
        return roster, self.notes


def import_roster(
    folder: Path,
    *,
    mapping: RosterMapping | None = None,
    skip_invalid: bool = False,
    today: date | None = None,
) -> RosterImport:
    """Check and import a roster folder.

    Raises :class:`RosterImportError` (with every error) when any row is invalid,
    unless ``skip_invalid``; structural errors always raise. ``today`` (default:
    the current date) is used to refuse dates of birth and consents in the future.
    """
    mapping = mapping or RosterMapping.default()
    importer = _Importer(Path(folder), mapping, today or date.today())
    roster, notes = importer.run()
    rank = {
        name: i
        for i, name in enumerate(
            [*(s.file for s in mapping.sections().values()), mapping.school_contacts_file]
        )
    }
    errors = sorted(importer.errors, key=lambda e: (rank.get(e.file, len(rank)), e.line or 0))
    if importer.fatal:
        raise RosterImportError(importer.fatal + errors)
    if errors and not skip_invalid:
        raise RosterImportError(errors)
    return RosterImport(roster, tuple(errors), tuple(notes), importer.skipped)


def load_roster(
    folder: Path, *, mapping: RosterMapping | None = None, today: date | None = None
) -> Roster:
    """Import a roster folder, refusing it whole on any invalid row."""
    return import_roster(folder, mapping=mapping, today=today).roster
