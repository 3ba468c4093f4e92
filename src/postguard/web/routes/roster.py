"""The roster import page (IT services): upload, check every row, save a new roster version.

Rows are checked by :func:`postguard.roster.importer.import_roster`; errors are
listed by file, line and column (never the cell's personal data). A roster with
errors is saved only when asked to leave the invalid rows out. Saving goes
through :func:`postguard.workflows.roster.save_roster` (audited).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from postguard.auth.permissions import Permission
from postguard.roster.errors import RosterImportError, RowError
from postguard.roster.importer import RosterImport, import_roster
from postguard.roster.mapping import RosterMapping
from postguard.store import models as db
from postguard.web.auth import FORM_LIMITS, PrincipalDep, database
from postguard.web.deps import ServiceDep, render
from postguard.web.roster_upload import MAX_FILE_BYTES, MAX_FILES, UploadError, unpack
from postguard.web.section import Card, NavItem, Section
from postguard.workflows.roster import RosterSaved, save_roster

router = APIRouter(include_in_schema=False)

RELOAD_NOTE = "The post checker now checks posts against this roster version."


def _page(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    base: dict[str, Any] = {
        "active": "roster",
        "title": "Import the roster",
        "limit": MAX_FILES,
        "saved": None,
        "errors": [],
        "problem": None,
        "skipped": 0,
        "trust_name": "",
        "reload_note": RELOAD_NOTE,
    }
    return render(request, "roster_import.html", base | context, status_code=status_code)


@router.get("/roster/import", response_class=HTMLResponse)
def roster_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _page(request)


REQUIRED_FILES = tuple(s.file for s in RosterMapping.default().sections().values())
"""Every CSV of a roster export: an import is a whole snapshot, so none may be missing."""


def _check(files: list[tuple[str, bytes]], skip_invalid: bool, service: Any) -> RosterImport:
    with tempfile.TemporaryDirectory(prefix="postguard-roster-") as tmp:
        unpack(Path(tmp), files, REQUIRED_FILES)
        return import_roster(Path(tmp), skip_invalid=skip_invalid, today=service.today())


@router.post("/roster/import", response_class=HTMLResponse)
async def roster_upload(
    request: Request, principal: PrincipalDep, service: ServiceDep
) -> HTMLResponse:
    async with request.form(**FORM_LIMITS) as form:
        skip_invalid = form.get("skip_invalid") == "1"
        uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
        files = [(u.filename or "", await u.read(MAX_FILE_BYTES + 1)) for u in uploads]
    try:
        result = await run_in_threadpool(_check, files, skip_invalid, service)
    except UploadError as exc:
        return _page(request, problem=str(exc), status_code=400)
    except RosterImportError as exc:
        errors: list[RowError] = list(exc.errors)
        return _page(request, errors=errors, status_code=422)
    db_ = database(request)

    def save() -> tuple[RosterSaved, str]:
        with db_.writing() as session:
            trust = session.get(db.Trust, principal.trust_id)
            assert trust is not None
            saved = save_roster(
                session, result.roster, trust_name=trust.name, actor=principal.actor
            )
            return saved, trust.name

    saved, trust_name = await run_in_threadpool(save)
    source = f"roster version {saved.version_id} ({trust_name})"
    request.app.state.service = await run_in_threadpool(service.with_roster, result.roster, source)
    return _page(
        request,
        saved=saved,
        trust_name=trust_name,
        errors=list(result.errors),
        skipped=result.skipped_rows,
    )


SECTION = Section(
    "roster",
    (router,),
    {
        ("GET", "/roster/import"): Permission.ROSTER_IMPORT,
        ("POST", "/roster/import"): Permission.ROSTER_IMPORT,
    },
    nav=(NavItem("roster", "/roster/import", "Roster", Permission.ROSTER_IMPORT, order=80),),
    cards=(
        Card(
            "roster",
            "/roster/import",
            "Import the roster",
            "Upload the MIS export of pupils, staff, contacts and consents; see every row error.",
            "S11",
            Permission.ROSTER_IMPORT,
        ),
    ),
)
