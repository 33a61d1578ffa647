"""An app over a database of its own (SQLite, or PostgreSQL with TEST_DATABASE_URL), so the
dashboard's counts are exactly what these tests made."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.dashboard.seed import World, seed
from tests.db import database_at


@pytest.fixture(scope="module")
def dash_settings(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with database_at(tmp_path_factory.mktemp("dashboard-db")) as url:
        yield api_settings.model_copy(update={"database_url": url})


@pytest.fixture(scope="module")
def dash(dash_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(dash_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def world(dash: TestClient) -> World:
    return seed(dash)
