"""Roster import errors: each names the file, the physical line and the column.

Messages never contain a pupil's or contact's name, email or phone number: they
say what is wrong with the cell, so an error report can be shared with whoever
fixes the export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class RowError:
    """One problem in a roster file. ``line`` is the physical line (header = 1)."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            return f"{where}: column '{self.column}': {self.message}"
        return f"{where}: {self.message}"


class RosterImportError(ValueError):
    """The roster was refused: nothing was imported. ``errors`` lists every problem found."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors: tuple[RowError, ...] = tuple(errors)
        count = len(self.errors)
        first = f"; first: {self.errors[0]}" if self.errors else ""
        super().__init__(f"roster refused: {count} error{'s' if count != 1 else ''}{first}")


class CellError(ValueError):
    """A cell's value is unusable; the message says why without repeating personal data."""
