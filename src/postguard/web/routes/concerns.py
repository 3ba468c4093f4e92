"""Safeguarding concerns (clauses P2, P3): any member of staff reports; the DSL side acts.

- ``/concerns/new``: the report form (any staff, works on a phone); the reporter then
  sees a receipt (``/concerns/received/{id}``: the reference, nothing of the record).
- ``/concerns``: the DSL's queue, open concerns urgent first then by age, closed after.
- ``/concerns/{id}``: the record, the comment kept as evidence, attachments, the
  chronology; adding an action, closing with an outcome, the PDF export.
- ``POST /api/concerns``: the same report as JSON (attachments in base64).

Only the DSL and deputies at the concern's school (or trust-wide) read a record or
its files: any other school's concern is a 404. Every action is one workflow call
(one audit event); urgent concerns are e-mailed to the DSL and deputies once the
report is committed (the e-mail holds a link, no child data).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from postguard.attachments import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED,
    MAX_ATTACHMENTS,
    UnsealError,
    human_size,
)
from postguard.auth.permissions import Permission
from postguard.concern_pdf import render_pdf
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database, secret_key
from postguard.web.deps import get_service, render
from postguard.web.lists import school_ids, schools_text, waited
from postguard.web.notices import deliver_now
from postguard.web.routes.concerns_api import api_router
from postguard.web.section import Card, Flag, NavItem, Section
from postguard.web.service import PLATFORMS
from postguard.workflows.concerns import (
    MAX_SUMMARY_CHARS,
    SAFEGUARDING_ROLES,
    ConcernError,
    add_note,
    close_concern,
    closed_count,
    due_by,
    overdue,
    queue,
    raise_concern,
    read_attachment,
    record_export,
    record_of,
    vet_attachments,
)
from postguard.workflows.notifications import holders

router = APIRouter(include_in_schema=False)
CLAUSES = "P2, P3"


# -- reporting ---------------------------------------------------------------------------


@dataclass
class ReportForm:
    summary: str = ""
    school: str = ""
    children: str = ""
    platform: str = ""
    urgent: bool = False
    files: list[tuple[str, bytes]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def report_schools(session: Session, principal: Principal) -> list[str]:
    """The schools of the person's trust where they may report a concern."""
    names = session.scalars(
        select(db.School.name)
        .where(db.School.trust_id == principal.trust_id)
        .order_by(db.School.name)
    )
    return [n for n in names if principal.may(Permission.CONCERN_REPORT, n)]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


async def parse_report(form: FormData, schools: list[str], max_bytes: int) -> ReportForm:
    """Read and check the report form, one message per field at fault."""
    report = ReportForm(
        summary=_text(form, "summary").strip(),
        school=_text(form, "school"),
        children=_text(form, "children").strip(),
        platform=_text(form, "platform"),
        urgent=bool(_text(form, "urgent")),
    )
    if not report.summary:
        report.errors["summary"] = "Say what happened."
    elif len(report.summary) > MAX_SUMMARY_CHARS:
        report.errors["summary"] = f"Keep it under {MAX_SUMMARY_CHARS:,} characters."
    if len(schools) == 1 and not report.school:
        report.school = schools[0]
    if report.school not in schools:
        report.errors["school"] = "Choose the school the concern is about."
    if len(report.children) > 2000:
        report.errors["children"] = "Keep the names under 2,000 characters."
    if report.platform and report.platform not in dict(PLATFORMS):
        report.errors["platform"] = "Choose one of the listed platforms."
    uploads = [u for u in form.getlist("attachments") if isinstance(u, UploadFile) and u.filename]
    if len(uploads) > MAX_ATTACHMENTS:
        report.errors["attachments"] = (
            f"{len(uploads)} files attached; a concern takes at most {MAX_ATTACHMENTS}."
        )
        return report
    for upload in uploads:
        report.files.append((upload.filename or "", await upload.read(max_bytes + 1)))
    try:
        vet_attachments(report.files, max_bytes)
    except ConcernError as exc:
        report.errors["attachments"] = str(exc)
    return report


def _max_bytes(request: Request) -> int:
    return int(get_service(request).settings.max_attachment_bytes)


def _report_page(
    request: Request, schools: list[str], report: ReportForm, status_code: int = 200
) -> HTMLResponse:
    context = {
        "active": "concern-new",
        "title": "Report a concern",
        "form": report,
        "schools": schools,
        "platforms": PLATFORMS,
        "limits": {
            "files": MAX_ATTACHMENTS,
            "size": human_size(_max_bytes(request)),
            "accepted": ACCEPTED,
            "accept": ACCEPT_ATTRIBUTE,
        },
    }
    return render(request, "concern_new.html", context, status_code=status_code)


@router.get("/concerns/new", response_class=HTMLResponse)
def report_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    with database(request).reading() as session:
        schools = report_schools(session, principal)
    return _report_page(
        request, schools, ReportForm(school=schools[0] if len(schools) == 1 else "")
    )


def save_report(
    request: Request, principal: Principal, report: ReportForm
) -> tuple[int, list[int]]:
    """Record the concern (one transaction); its id and the notifications to send."""
    with database(request).writing() as session:
        school = session.scalars(
            select(db.School).where(
                db.School.trust_id == principal.trust_id, db.School.name == report.school
            )
        ).one()
        concern, notes = raise_concern(
            session,
            school=school,
            summary=report.summary,
            actor=principal.actor,
            reporter=session.get(db.User, principal.user_id),
            children=report.children,
            platform=report.platform,
            urgent=report.urgent,
            attachments=report.files,
            secret_key=secret_key(request),
            max_attachment_bytes=_max_bytes(request),
        )
        return concern.id, [n.id for n in notes]


async def tell_the_dsl(request: Request, urgent: bool, note_ids: list[int]) -> None:
    """Urgent: e-mail the DSL and deputies now. Otherwise the notifications wait in the app
    for the next delivery (``postguard notify``)."""
    if urgent and note_ids:
        await run_in_threadpool(deliver_now, request, note_ids)


@router.post("/concerns/new", response_class=HTMLResponse)
async def report_submit(request: Request, principal: PrincipalDep) -> Response:
    with database(request).reading() as session:
        schools = report_schools(session, principal)
    async with request.form(**FORM_LIMITS) as submitted:
        report = await parse_report(submitted, schools, _max_bytes(request))
    if report.errors:
        report.files = []
        return _report_page(request, schools, report, status_code=422)
    try:
        concern_id, note_ids = await run_in_threadpool(save_report, request, principal, report)
    except ConcernError as exc:
        report.errors[exc.field or "summary"] = str(exc).capitalize()
        report.files = []
        return _report_page(request, schools, report, status_code=422)
    await tell_the_dsl(request, report.urgent, note_ids)
    return RedirectResponse(f"/concerns/received/{concern_id}", status_code=303)


@router.get("/concerns/received/{concern_id}", response_class=HTMLResponse)
def receipt(request: Request, concern_id: int, principal: PrincipalDep) -> HTMLResponse:
    """What the reporter sees: received, its reference, who is told. Never the record."""
    with database(request).reading() as session:
        concern = session.get(db.Concern, concern_id)
        if concern is None or concern.reported_by_id != principal.user_id:
            raise HTTPException(404)
        school = session.get(db.School, concern.school_id)
        assert school is not None
        leads = holders(session, school.trust_id, SAFEGUARDING_ROLES, school.id)
        context = {
            "active": "concern-new",
            "title": "Concern received",
            "reference": record_reference(concern.id),
            "received_at": concern.created_at,
            "school": school.name,
            "told": len(leads),
        }
    return render(request, "concern_received.html", context)


def record_reference(concern_id: int) -> str:
    return f"PG-CONCERN-{concern_id}"


# -- the DSL's queue and record ----------------------------------------------------------


@router.get("/concerns", response_class=HTMLResponse)
def concerns(request: Request, principal: PrincipalDep) -> HTMLResponse:
    now = utcnow()
    with database(request).reading() as session:
        ids = school_ids(session, principal, Permission.CONCERN_VIEW)
        closed_total = closed_count(session, ids)
        rows = [
            {
                "id": r.concern.id,
                "reference": record_reference(r.concern.id),
                "school": r.school,
                "source": r.concern.source,
                "category": r.concern.category,
                "status": r.concern.status,
                "urgent": r.concern.urgent,
                "summary": r.concern.summary,
                "created_at": r.concern.created_at,
                "waited": waited(r.concern.created_at, now),
                "overdue": overdue(r.concern, now),
                "closed_at": r.concern.closed_at,
            }
            for r in queue(session, ids)
        ]
    context = {
        "active": "concerns",
        "title": "Safeguarding concerns",
        "rows": rows,
        "open": sum(1 for r in rows if r["status"] == "open"),
        "closed_total": closed_total,
        "schools_text": schools_text(principal, Permission.CONCERN_VIEW),
    }
    return render(request, "concerns.html", context)


def _concern_for(session: Session, principal: Principal, concern_id: int) -> db.Concern:
    """The concern, if it is at a school where this person may see concerns; else 404."""
    concern = session.get(db.Concern, concern_id)
    school = None if concern is None else session.get(db.School, concern.school_id)
    if (
        concern is None
        or school is None
        or school.trust_id != principal.trust_id
        or not principal.may(Permission.CONCERN_VIEW, school.name)
    ):
        raise HTTPException(404)
    return concern


def _record_page(
    request: Request,
    principal: Principal,
    concern_id: int,
    *,
    errors: dict[str, str] | None = None,
    kept: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    now = utcnow()
    with database(request).reading() as session:
        concern = _concern_for(session, principal, concern_id)
        record = record_of(session, concern)
        context: dict[str, Any] = {
            "active": "concerns",
            "title": f"Concern {record.reference}",
            "record": record,
            "waited": waited(concern.created_at, now),
            "overdue": overdue(concern, now),
            "due_by": due_by(concern),
            "can_act": principal.may(Permission.CONCERN_ACT, record.school),
            "platforms": dict(PLATFORMS),
            "errors": errors or {},
            "kept": kept or {},
        }
    return render(request, "concern.html", context, status_code=status_code)


@router.get("/concerns/{concern_id}", response_class=HTMLResponse)
def concern_page(request: Request, concern_id: int, principal: PrincipalDep) -> HTMLResponse:
    return _record_page(request, principal, concern_id)


async def _act(
    request: Request, principal: PrincipalDep, concern_id: int, field_name: str, anchor: str
) -> Response:
    async with request.form(**FORM_LIMITS) as submitted:
        value = _text(submitted, field_name)

    def run() -> None:
        with database(request).writing() as session:
            concern = _concern_for(session, principal, concern_id)
            school = session.get(db.School, concern.school_id)
            assert school is not None
            if not principal.may(Permission.CONCERN_ACT, school.name):
                raise HTTPException(403)
            if field_name == "text":
                add_note(
                    session, concern, text=value, author_id=principal.user_id, actor=principal.actor
                )
            else:
                close_concern(
                    session,
                    concern,
                    outcome=value,
                    closed_by_id=principal.user_id,
                    actor=principal.actor,
                )

    try:
        await run_in_threadpool(run)
    except ConcernError as exc:
        message = str(exc)
        return _record_page(
            request,
            principal,
            concern_id,
            errors={field_name: message[:1].upper() + message[1:] + "."},
            kept={field_name: value},
            status_code=422,
        )
    return RedirectResponse(f"/concerns/{concern_id}#{anchor}", status_code=303)


@router.post("/concerns/{concern_id}/notes")
async def concern_note(request: Request, concern_id: int, principal: PrincipalDep) -> Response:
    return await _act(request, principal, concern_id, "text", "chronology")


@router.post("/concerns/{concern_id}/close")
async def concern_close(request: Request, concern_id: int, principal: PrincipalDep) -> Response:
    return await _act(request, principal, concern_id, "outcome", "outcome")


def _download_headers(filename: str) -> dict[str, str]:
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store, private",
        "Pragma": "no-cache",
    }


@router.get("/concerns/{concern_id}/attachments/{attachment_id}")
def concern_attachment(
    request: Request, concern_id: int, attachment_id: int, principal: PrincipalDep
) -> Response:
    """One attachment, opened for a DSL role at the concern's school (the opening is audited)."""
    with database(request).writing() as session:
        concern = _concern_for(session, principal, concern_id)
        attachment = session.get(db.ConcernAttachment, attachment_id)
        if attachment is None or attachment.concern_id != concern.id:
            raise HTTPException(404)
        try:
            data = read_attachment(
                session, attachment, actor=principal.actor, secret_key=secret_key(request)
            )
        except UnsealError:
            raise HTTPException(
                409,
                "This file cannot be opened: it was sealed under another secret key or has "
                "been altered. Nothing was shown.",
            ) from None
        name, content_type = attachment.filename, attachment.content_type
    return Response(data, media_type=content_type, headers=_download_headers(name))


@router.get("/concerns/{concern_id}/export.pdf")
def concern_export(request: Request, concern_id: int, principal: PrincipalDep) -> Response:
    """The record as a PDF for CPOMS, MyConcern or another school (the export is audited)."""
    with database(request).writing() as session:
        concern = _concern_for(session, principal, concern_id)
        record = record_of(session, concern)
        pdf = render_pdf(record, exported_by=principal.display_name, exported_at=utcnow())
        record_export(
            session, concern, actor=principal.actor, sha256=hashlib.sha256(pdf).hexdigest()
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers=_download_headers(f"{record.reference}.pdf"),
    )


# -- the DSL's dashboard -------------------------------------------------------------------


def concern_flags(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    """Urgent concerns still open, and open concerns waiting longer than their limit."""
    ids = school_ids(session, principal, Permission.CONCERN_VIEW)
    if not ids:
        return []
    now = utcnow()
    open_rows = [r.concern for r in queue(session, ids, include_closed=False)]
    return [
        Flag(
            "concerns-urgent",
            "urgent safeguarding concerns open",
            sum(1 for c in open_rows if c.urgent),
            "/concerns",
            CLAUSES,
            "danger",
        ),
        Flag(
            "concerns-overdue",
            "safeguarding concerns waiting too long (urgent: over 1 hour; "
            "others: over 2 working days)",
            sum(1 for c in open_rows if overdue(c, now)),
            "/concerns",
            CLAUSES,
            "warning",
        ),
    ]


SECTION = Section(
    "concerns",
    (router, api_router),
    {
        ("GET", "/concerns"): Permission.CONCERN_VIEW,
        ("GET", "/concerns/new"): Permission.CONCERN_REPORT,
        ("POST", "/concerns/new"): Permission.CONCERN_REPORT,
        ("GET", "/concerns/received/{concern_id}"): Permission.CONCERN_REPORT,
        ("GET", "/concerns/{concern_id}"): Permission.CONCERN_VIEW,
        ("POST", "/concerns/{concern_id}/notes"): Permission.CONCERN_ACT,
        ("POST", "/concerns/{concern_id}/close"): Permission.CONCERN_ACT,
        ("GET", "/concerns/{concern_id}/attachments/{attachment_id}"): Permission.CONCERN_VIEW,
        ("GET", "/concerns/{concern_id}/export.pdf"): Permission.CONCERN_VIEW,
        ("POST", "/api/concerns"): Permission.CONCERN_REPORT,
    },
    nav=(
        NavItem("concerns", "/concerns", "Concerns", Permission.CONCERN_VIEW, order=40),
        NavItem(
            "concern-new", "/concerns/new", "Report a concern", Permission.CONCERN_REPORT, order=41
        ),
    ),
    cards=(
        Card(
            "report",
            "/concerns/new",
            "Report a concern",
            "Worried about a child because of something online? Tell the DSL now: it takes a "
            "minute and works on a phone.",
            CLAUSES,
            Permission.CONCERN_REPORT,
        ),
        Card(
            "concerns",
            "/concerns",
            "Safeguarding concerns",
            "Concerns raised by staff or found in comments. Seen by the DSL and deputies only.",
            CLAUSES,
            Permission.CONCERN_VIEW,
        ),
    ),
    flags=(concern_flags,),
)
