"""What a part of the web app brings: its routers, each route's permission, nav, cards, flags.

Every routes module exports one ``SECTION``; :mod:`postguard.web.sections` lists
them all, in navigation order. Nothing else registers a route, a menu entry or
a dashboard card, so the permission walk (tests/web/test_access.py) sees every
route the app serves, and a new workflow is one new module plus one line there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from fastapi import APIRouter
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission
from postguard.policy.models import Policy
from postguard.web.auth import Principal

PUBLIC = None
"""A route anyone may reach (its own checks apply: CSRF, sign-in stage)."""

RouteKey = tuple[str, str]
"""(method, path template), e.g. ``("POST", "/accounts/{account_id}/approve")``."""


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    href: str
    label: str
    permission: Permission
    order: int = 50
    """Place in the menu: lower first."""


@dataclass(frozen=True, slots=True)
class Card:
    """A dashboard card: one thing the person's roles let them do."""

    key: str
    href: str
    title: str
    text: str
    clauses: str
    permission: Permission


@dataclass(frozen=True, slots=True)
class Flag:
    """Something on the dashboard that needs attention (an overdue approval, a lapsed ack...).

    ``count`` items, described by ``text``, with the clause it enforces and where
    to act. ``level`` "danger" is shown first.
    """

    key: str
    text: str
    count: int
    href: str
    clause: str
    level: Literal["danger", "warning", "info"] = "warning"


FlagSource = Callable[[Session, Principal, dt.date, Policy], list[Flag]]
"""Reads the database for one person's flags (only what their roles may see), judged on
today's date and against the policy the app loaded."""


@dataclass(frozen=True)
class Section:
    name: str
    routers: tuple[APIRouter, ...]
    routes: Mapping[RouteKey, Permission | None]
    nav: tuple[NavItem, ...] = ()
    cards: tuple[Card, ...] = ()
    flags: tuple[FlagSource, ...] = field(default=())
