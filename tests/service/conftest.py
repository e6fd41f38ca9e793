"""Fixtures of the service tests: one rules snapshot for every app, apps built per settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the optional server extra (fastapi) is not installed")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient
from service_helpers import FAMILY_FARM

from zyjob_rules.service.app import create_app
from zyjob_rules.service.rules_state import RulesHolder
from zyjob_rules.service.settings import ServiceSettings


@pytest.fixture(scope="session")
def holder() -> RulesHolder:
    return RulesHolder(None)


@pytest.fixture(scope="session")
def make_client(holder: RulesHolder) -> Callable[..., TestClient]:
    def make(raise_server_exceptions: bool = True, **settings: Any) -> TestClient:
        app = create_app(ServiceSettings(**settings), holder)
        return TestClient(app, raise_server_exceptions=raise_server_exceptions)

    return make


@pytest.fixture(scope="session")
def client(make_client: Callable[..., TestClient]) -> Iterator[TestClient]:
    with make_client() as c:
        yield c


@pytest.fixture(scope="session")
def farm_body() -> bytes:
    return FAMILY_FARM.read_bytes()
