"""Apps of their own (own database and data directory) for the operations tests, and a reader of
the Prometheus text an operator scrapes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.settings import Settings

ADMIN_TOKEN = "test-staff-token"
STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
AppFactory = Callable[..., AbstractContextManager[TestClient]]


@pytest.fixture
def ops_settings(models_dir: Path, fresh_database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**changes: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data", "models_dir": models_dir, "embedding_model": "use-multilingual",
            "database_url": fresh_database_url, "admin_token": ADMIN_TOKEN, "user_hash_salt": "test-salt",
            "chroma_url": None, "outbox_poll_seconds": 3600, "curated_refresh_seconds": 0.0,
            "knowledge_refresh_seconds": 0.0, **changes}
        return Settings(**values)

    return make


@pytest.fixture
def ops_app(ops_settings: Callable[..., Settings]) -> AppFactory:
    @contextmanager
    def start(**changes: Any) -> Iterator[TestClient]:
        with TestClient(create_app(ops_settings(**changes))) as client:
            yield client

    return start


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    """Every sample of a scrape by (name, sorted labels)."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(scraped: Samples, name: str, **labels: str) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


def scrape(client: TestClient, headers: dict[str, str] | None = None) -> Samples:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)
