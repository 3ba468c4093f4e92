"""The HTML pages: the post checker, the policy, and the API's documentation page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission
from postguard.faces.db_sweep import SeenFace
from postguard.findings import Verdict
from postguard.policy.workflows import workflow_description
from postguard.store.models import Post, School
from postguard.web.api_photos import seen_in
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.deps import ServiceDep, render
from postguard.web.forms import CheckForm, kept_value, parse_check_form
from postguard.web.photos import BlurError, PhotoView, blur, damaged, parse_blur, photo_views
from postguard.web.results import FIX_ALL, CheckResult, Item, StaleFix, apply_fix, result
from postguard.web.section import Card, NavItem, Section
from postguard.web.service import MAX_TEXT_CHARS, PLATFORMS, Service, TrustFaces
from postguard.web.uploads import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    Photo,
    human_size,
)
from postguard.workflows.checks import record_user_check

router = APIRouter(include_in_schema=False)


def accounts_for(service: Service, principal: Principal) -> tuple[str, ...]:
    """The accounts this person may check posts for (their schools; all if trust-wide)."""
    return principal.schools_for(Permission.POST_CHECK, service.accounts)


async def _check(
    request: Request, service: Service, principal: Principal, form: CheckForm
) -> CheckResult:
    """Check the form's post and keep the check (the post id rides along for re-checks).

    The check itself (faces, OCR) runs in a worker thread; the photos are not stored.
    """

    faces = TrustFaces(database(request), principal.trust_id)

    def run() -> tuple[Verdict, list[PhotoView], list[SeenFace]]:
        verdict = service.check(
            form.text,
            images=form.image_count,
            photos=[(p.filename, p.data) for p in form.photos],
            school=form.school or None,
            platform=form.platform or None,
            faces=faces,
        )
        if not form.photos:
            return verdict, [], []
        with service.photos(faces) as context:
            views = photo_views(form.photos, verdict, context)
            return verdict, views, seen_in(form.photos, context)

    verdict, views, seen = await run_in_threadpool(run)
    db = database(request)

    def keep() -> int | None:
        with db.writing() as session:
            check = record_user_check(
                session,
                user_id=principal.user_id,
                school=form.school or None,
                text=form.text,
                image_count=form.image_count,
                verdict=verdict,
                post_id=form.post_id,
                sightings=seen,
            )
            return None if check is None else check.post_id

    form.post_id = await run_in_threadpool(keep)
    return result(form.text, verdict, service.roster, views)


async def _blur(request: Request, service: Service, principal: Principal, form: CheckForm) -> str:
    """Blur the faces the button names in the form's photo; the notice to show."""
    index, face = parse_blur(form.blur, len(form.photos))
    original = form.photos[index]

    trust = TrustFaces(database(request), principal.trust_id)

    def run() -> tuple[Photo, int]:
        with service.photos(trust) as context:
            return blur(original, face, context)

    blurred, count = await run_in_threadpool(run)
    form.photos[index] = blurred
    faces = f"{count} face{'' if count == 1 else 's'}"
    return (
        f"Blurred {faces} in photo {index + 1} and removed its metadata. "
        "Checked again below; download the blurred photo to publish it."
    )


def _describe(fixed: list[Item]) -> str:
    parts = []
    for item in fixed:
        quote = item.finding.detection.quote
        edit = item.edit
        if edit is None:
            continue
        if edit.removes:
            parts.append(f"removed \u201c{quote}\u201d")
        else:
            parts.append(f"replaced \u201c{quote}\u201d with \u201c{edit.replacement}\u201d")
    n = len(parts)
    return f"Applied {n} fix{'es' if n != 1 else ''}: {'; '.join(parts)}. Checked again below."


def _page(
    request: Request,
    service: Service,
    principal: Principal,
    form: CheckForm,
    current: CheckResult | None,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "active": "check",
        "title": "Check a post",
        "form": form,
        "result": current,
        "notice": notice,
        "error": error,
        "accounts": accounts_for(service, principal),
        "platforms": PLATFORMS,
        "fix_all": FIX_ALL,
        "kept_value": kept_value,
        "limits": {
            "text": MAX_TEXT_CHARS,
            "photos": MAX_PHOTOS,
            "photo_size": human_size(MAX_PHOTO_BYTES),
            "accepted": ACCEPTED,
            "accept": ACCEPT_ATTRIBUTE,
        },
    }
    return render(request, "check.html", context, status_code=status_code)


def _own_post(request: Request, service: Service, principal: Principal, post_id: int) -> CheckForm:
    """The form filled with one of the person's own posts, to fix it and check it again.

    The re-check attaches to the same post (the form carries its id); anyone else's
    post, or one at a school they may not check for, is a 404.
    """
    with database(request).reading() as session:
        post = session.get(Post, post_id)
        school = None if post is None else session.get(School, post.school_id)
        if (
            post is None
            or school is None
            or post.author_id != principal.user_id
            or school.trust_id != principal.trust_id
            or school.name not in accounts_for(service, principal)
        ):
            raise HTTPException(404, "No such post.")
        return CheckForm(text=post.text, school=school.name, post_id=post.id)


@router.get("/check", response_class=HTMLResponse)
def check_page(
    request: Request, service: ServiceDep, principal: PrincipalDep, post: int | None = None
) -> HTMLResponse:
    if post is None:
        return _page(request, service, principal, CheckForm(), None)
    form = _own_post(request, service, principal, post)
    notice = (
        f"Your post #{post}: fix it, attach its photos again (photos are not stored) and check "
        "it again. The new check is kept with the same post."
    )
    return _page(request, service, principal, form, None, notice=notice)


@router.post("/check", response_class=HTMLResponse)
async def check_submit(
    request: Request, service: ServiceDep, principal: PrincipalDep
) -> HTMLResponse:
    async with request.form(**FORM_LIMITS) as submitted:
        form = await parse_check_form(submitted, service, accounts_for(service, principal))
    if form.photos and not form.errors:
        problems = await run_in_threadpool(damaged, form.photos)
        if problems:
            form.errors["photos"] = " ".join(problems)
            form.photos = []
    if not form.valid:
        return _page(request, service, principal, form, None, status_code=422)
    if form.blur:
        try:
            notice = await _blur(request, service, principal, form)
        except BlurError as exc:
            current = await _check(request, service, principal, form)
            return _page(
                request, service, principal, form, current, error=str(exc), status_code=409
            )
        current = await _check(request, service, principal, form)
        return _page(request, service, principal, form, current, notice=notice)
    current = await _check(request, service, principal, form)
    if not form.fix:
        return _page(request, service, principal, form, current)
    try:
        fixed_text, fixed = apply_fix(current, form.fix)
    except StaleFix as exc:
        return _page(request, service, principal, form, current, error=str(exc), status_code=409)
    form.text = fixed_text
    form.photos_kept = form.image_count
    rechecked = await _check(request, service, principal, form)
    return _page(request, service, principal, form, rechecked, notice=_describe(fixed))


@router.get("/policy", response_class=HTMLResponse)
def policy_page(request: Request, service: ServiceDep) -> HTMLResponse:
    policy = service.policy
    sections: dict[str, list[Any]] = {}
    for clause in policy.clauses:
        sections.setdefault(clause.section, []).append(
            {"clause": clause, "rules": policy.rules_for(clause.id)}
        )
    context = {
        "active": "policy",
        "title": "Policy",
        "sections": sections,
        "workflow_description": workflow_description,
    }
    return render(request, "policy.html", context)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request, service: ServiceDep) -> HTMLResponse:
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "op": op}
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    accounts = service.accounts
    context: dict[str, Any] = {
        "active": "api",
        "title": "API",
        "operations": operations,
        "schema": schema,
        "example_school": accounts[-1] if accounts else "",
    }
    return render(request, "api.html", context)


SECTION = Section(
    "pages",
    (router,),
    {
        ("GET", "/check"): Permission.POST_CHECK,
        ("POST", "/check"): Permission.POST_CHECK,
        ("GET", "/policy"): Permission.POLICY_VIEW,
        ("GET", "/api"): Permission.DASHBOARD_VIEW,
    },
    nav=(
        NavItem("check", "/check", "Check a post", Permission.POST_CHECK, order=10),
        NavItem("policy", "/policy", "Policy", Permission.POLICY_VIEW, order=90),
        NavItem("api", "/api", "API", Permission.DASHBOARD_VIEW, order=95),
    ),
    cards=(
        Card(
            "check",
            "/check",
            "Check a post",
            "Paste a draft, attach its photos and see what the policy says before it goes out.",
            "S4-S8",
            Permission.POST_CHECK,
        ),
        Card(
            "policy",
            "/policy",
            "Policy status",
            "The policy's clauses, the rules enforcing them and whether its review is overdue.",
            "",
            Permission.POLICY_VIEW,
        ),
    ),
)
