"""The web edge: FastAPI app, server-rendered pages and the JSON API.

``create_app`` is imported lazily so importing ``postguard.web`` costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postguard.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from postguard.web.app import create_app

        return create_app
    raise AttributeError(name)
