from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from postguard.settings import load_settings
from postguard.web.app import create_app
from postguard.web.service import Service, load_service

TODAY = "2026-11-24"
"""A fixed day: the bundled policy (review due 2022-09-01) is overdue on it."""


@pytest.fixture(scope="session")
def service() -> Service:
    """The bundled policy and demo trust, loaded once for every web test."""
    return load_service(load_settings({"POSTGUARD_TODAY": TODAY}))


@pytest.fixture(scope="session")
def app(service: Service) -> FastAPI:
    return create_app(service.settings, service=service)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
