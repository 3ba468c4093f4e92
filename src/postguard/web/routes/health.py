"""``GET /health``: is the service up? (The database check arrives with the store.)"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health, tags=["service"], summary="Is it up?")
def health() -> Health:
    """200 `{"status": "ok"}` once the policy and roster are loaded (at start-up)."""
    return Health(status="ok")
