"""Reading one roster CSV file into rows keyed by field name, with physical line numbers.

Headers are matched to the mapping case-insensitively, ignoring surrounding
spaces; extra columns are ignored. Cells are stripped and NFC-normalised. A
quoted cell may span lines, so each row carries the physical line it *starts*
on (the header is line 1). Problems that make the whole file unreadable
(undecodable bytes, a missing required column) are returned as ``fatal`` errors.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from postguard.roster.errors import RowError
from postguard.roster.mapping import FileColumns


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    cells: dict[str, str]  # field name -> stripped cell text ("" when absent)


@dataclass
class CsvTable:
    file: str
    rows: list[CsvRow] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    errors: list[RowError] = field(default_factory=list)
    fatal: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _decode(data: bytes, encoding: str, file: str) -> str | RowError:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return RowError(
            file,
            line,
            None,
            f"cannot be read as {encoding} (byte 0x{data[exc.start]:02x}); "
            "set 'encoding' in the mapping, e.g. cp1252 for Excel exports",
        )


def _clean(cell: str) -> str:
    """Strip spaces (including no-break spaces) and compose accents (NFC), as MIS exports vary."""
    cell = cell.strip()
    return cell if cell.isascii() else unicodedata.normalize("NFC", cell)


def read_table(path: Path, section: FileColumns, *, encoding: str, delimiter: str) -> CsvTable:
    """Read ``path`` using the column names of ``section``."""
    file = path.name
    table = CsvTable(file)
    decoded = _decode(path.read_bytes(), encoding, file)
    if isinstance(decoded, RowError):
        table.fatal.append(decoded)
        return table
    text = decoded.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        table.fatal.append(RowError(file, 1, None, f"header is not valid CSV ({exc})"))
        return table
    if header is None or not any(h.strip() for h in header):
        table.fatal.append(RowError(file, 1, None, "the file is empty: a header row is needed"))
        return table

    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().casefold()
        if key in positions:
            table.fatal.append(
                RowError(file, 1, name.strip(), "column appears twice in the header")
            )
        positions.setdefault(key, index)

    wanted: dict[str, int] = {}
    for fld, column in section.columns().items():
        if column is None:
            continue
        found = positions.get(column.strip().casefold())
        if found is not None:
            wanted[fld] = found
            table.headers[fld] = header[found].strip()
        elif fld in section.optional:
            table.notes.append(f"{file}: no '{column}' column; {fld} left empty")
        else:
            table.fatal.append(RowError(file, 1, column, "required column is missing"))
    if table.fatal:
        return table

    width = len(header)
    previous_end = 1
    try:
        for raw in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not raw or (len(raw) == 1 and not raw[0].strip()):
                continue  # blank line
            if len(raw) > width and not any(cell.strip() for cell in raw[width:]):
                raw = raw[:width]  # trailing empty fields, as some exports write
            if len(raw) != width:
                table.errors.append(
                    RowError(file, start, None, f"has {len(raw)} fields, the header has {width}")
                )
                continue
            table.rows.append(CsvRow(start, {f: _clean(raw[i]) for f, i in wanted.items()}))
    except csv.Error as exc:
        table.fatal.append(RowError(file, reader.line_num, None, f"not valid CSV ({exc})"))
    return table
