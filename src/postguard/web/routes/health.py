"""``GET /health``: 200 when the service is up AND its database answers; 503 otherwise."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from postguard.web.auth import database
from postguard.web.section import PUBLIC, Section

router = APIRouter()


class Health(BaseModel):
    status: str
    database: str


@router.get(
    "/health",
    response_model=Health,
    tags=["service"],
    summary="Is it up?",
    responses={503: {"model": Health, "description": "The database cannot be reached."}},
)
async def health(request: Request) -> JSONResponse:
    """200 `{"status": "ok", "database": "ok"}` when the database answers; 503 when not."""
    if await run_in_threadpool(database(request).reachable):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


SECTION = Section(
    "health",
    (router,),
    {("GET", "/health"): PUBLIC, ("GET", "/static"): PUBLIC},  # /static: the app's mount
)
