"""A safeguarding concern as a PDF, for transfer to CPOMS, MyConcern or another school.

:class:`ConcernRecord` is the whole record as plain values (the detail page
shows the same); :func:`render_pdf` lays it out with fpdf2: the trust and
school, the reference, dates, reporter, category, urgency, children, summary,
the comment kept as evidence, the chronology, the outcome and the attachments
listed with the SHA-256 of each file (so the receiving system can check the
files sent alongside).

Text is set in DejaVu Sans (Debian's ``fonts-dejavu-core``) so any name or
script prints as written. Without that font the PDF falls back to fpdf2's core
Helvetica, which holds Latin-1 only: other characters are transliterated
(accents dropped) or shown as ``?``, and the PDF says so on its first page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FALLBACK_NOTE = (
    "Note: this PDF was made without a Unicode font (fonts-dejavu-core); characters "
    "outside Latin-1 were transliterated or replaced with '?'. The record in PostGuard "
    "holds the exact text."
)


@dataclass(frozen=True, slots=True)
class CommentEvidence:
    """The public comment a concern came from, kept unaltered."""

    text: str
    author_handle: str
    account: str
    received_at: datetime
    labels: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class NoteEntry:
    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class FileEntry:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ConcernRecord:
    id: int
    trust: str
    school: str
    created_at: datetime
    reporter: str
    source: str
    category: str
    urgent: bool
    platform: str
    children: str
    summary: str
    status: str
    closed_at: datetime | None = None
    closed_by: str = ""
    outcome: str = ""
    comment: CommentEvidence | None = None
    notes: Sequence[NoteEntry] = field(default_factory=tuple)
    files: Sequence[FileEntry] = field(default_factory=tuple)

    @property
    def reference(self) -> str:
        return f"PG-CONCERN-{self.id}"


def when(at: datetime | None) -> str:
    return "" if at is None else at.strftime("%-d %b %Y %H:%M UTC")


_LETTERS = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Œ": "OE",
        "œ": "oe",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
    }
)


def latin1(text: str) -> str:
    """``text`` in Latin-1 for the core fonts: accents dropped where they must be, else ``?``."""
    out = []
    for ch in text.translate(_LETTERS):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in plain if not unicodedata.combining(c)) or "?")
    return "".join(out)


class _Doc:
    def __init__(self, title: str, font_dir: Path | None) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_title(title)
        self.pdf.set_creator("PostGuard")
        self.pdf.set_auto_page_break(True, margin=15)
        regular = (font_dir or FONT_DIR) / FONT_REGULAR.name
        bold = (font_dir or FONT_DIR) / FONT_BOLD.name
        self.unicode = regular.is_file() and bold.is_file()
        if self.unicode:
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.pdf.add_page()

    def text(self, value: str) -> str:
        return value if self.unicode else latin1(value)

    def heading(self, value: str, size: int = 12) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(self.family, "B", size)
        self.pdf.multi_cell(0, 7, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def para(self, value: str, size: int = 10) -> None:
        self.pdf.set_font(self.family, "", size)
        self.pdf.multi_cell(0, 5, self.text(value or "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pair(self, label: str, value: str) -> None:
        self.pdf.set_font(self.family, "B", 10)
        self.pdf.cell(45, 5, self.text(label))
        self.pdf.set_font(self.family, "", 10)
        self.pdf.multi_cell(0, 5, self.text(value or "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(
    record: ConcernRecord, *, exported_by: str, exported_at: datetime, font_dir: Path | None = None
) -> bytes:
    """The record as a PDF document (bytes)."""
    doc = _Doc(f"Safeguarding concern {record.reference}", font_dir)
    doc.heading(f"{record.trust} - {record.school}", 11)
    doc.heading(f"Safeguarding concern {record.reference}", 15)
    doc.para(
        "CONFIDENTIAL: child protection record (policy clauses P2, P3). For the Designated "
        "Safeguarding Lead and deputies, and the school or system it is transferred to.",
        9,
    )
    if not doc.unicode:
        doc.para(FALLBACK_NOTE, 9)
    doc.heading("Record")
    doc.pair("Reference", record.reference)
    doc.pair("Raised", when(record.created_at))
    doc.pair("Reported by", record.reporter)
    doc.pair("Source", record.source.replace("_", " "))
    doc.pair("Category", record.category)
    doc.pair("Urgency", "URGENT" if record.urgent else "not urgent")
    doc.pair("Platform", record.platform)
    doc.pair("Status", record.status)
    if record.closed_at is not None:
        doc.pair("Closed", f"{when(record.closed_at)} by {record.closed_by}")
    doc.heading("Children involved")
    doc.para(record.children or "Not given")
    doc.heading("What happened")
    doc.para(record.summary)
    if record.comment is not None:
        c = record.comment
        doc.heading("Evidence: the comment, as received")
        doc.pair("Account", c.account)
        doc.pair("Author", c.author_handle)
        doc.pair("Received", when(c.received_at))
        doc.pair("Classified as", ", ".join(c.labels))
        if c.scores:
            doc.pair("Scores", ", ".join(f"{k} {v:.2f}" for k, v in c.scores))
        doc.para(c.text)
    doc.heading("Chronology")
    if not record.notes:
        doc.para("No actions recorded.")
    for note in record.notes:
        doc.pair(when(note.at), note.author)
        doc.para(note.text)
    if record.outcome:
        doc.heading("Outcome")
        doc.para(record.outcome)
    doc.heading("Attachments")
    if not record.files:
        doc.para("None.")
    for f in record.files:
        doc.pair(f"#{f.id} {f.content_type}", f"{f.filename} ({f.size:,} bytes)")
        doc.para(f"SHA-256 {f.sha256}", 8)
    doc.pdf.ln(4)
    doc.para(f"Exported from PostGuard on {when(exported_at)} by {exported_by}.", 8)
    return bytes(doc.pdf.output())
