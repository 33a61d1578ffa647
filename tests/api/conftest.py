from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

ADMIN_TOKEN = "test-staff-token"


@pytest.fixture(scope="session")
def api_settings(models_dir: Path, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("api-data"), models_dir=models_dir,
                    embedding_model="use-multilingual", database_url=database_url, admin_token=ADMIN_TOKEN,
                    user_hash_salt="test-salt", knowledge_refresh_seconds=5.0, chroma_url=None,
                    curated_refresh_seconds=0.0)


@pytest.fixture(scope="session")
def client(api_settings: Settings) -> Iterator[TestClient]:
    """One app for the API tests (its lifespan migrates the database and ingests the shipped KB)."""
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


@pytest.fixture
def staff() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
