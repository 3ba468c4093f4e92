"""(Being built: issue #7.)"""

from __future__ import annotations

from fastapi import APIRouter

from postguard.web.section import Section

router = APIRouter(include_in_schema=False)

SECTION = Section("accounts", (router,), {})
