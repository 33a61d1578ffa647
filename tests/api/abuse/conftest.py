"""Apps with low abuse limits (each with its own key namespace, so nothing counted elsewhere or in an
earlier run, in the database or in the shared Redis, interferes)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

REDIS_URL = "redis://127.0.0.1:6379/0"
ADMIN_TOKEN = "test-staff-token"
STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
EN = {"Accept-Language": "en"}

LOW = {"rate_limit_chat": "3/minute", "rate_limit_chat_ip": "5/minute", "rate_limit_feedback": "2/minute",
       "rate_limit_feedback_ip": "100/minute", "rate_limit_applications_ip": "100/minute",
       "lockout_max_failures": 3, "lockout_ip_max_failures": 100, "lockout_base_seconds": 60}
"""Limits a test reaches in a few requests."""

AppFactory = Callable[..., AbstractContextManager[TestClient]]


@pytest.fixture
def limited_settings(models_dir: Path, fresh_database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    """Settings over one database of this test's own; every call the same namespace (two calls are
    two instances of one deployment)."""
    namespace = f"t{uuid.uuid4().hex[:12]}"

    def make(**changes: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data", "models_dir": models_dir, "embedding_model": "use-multilingual",
            "database_url": fresh_database_url, "admin_token": ADMIN_TOKEN, "user_hash_salt": "test-salt",
            "chroma_url": None, "ingest_on_start": False, "outbox_poll_seconds": 3600,
            "rate_limit_namespace": namespace, **LOW, **changes}
        return Settings(**values)

    return make


@pytest.fixture
def limited_app(limited_settings: Callable[..., Settings]) -> AppFactory:
    @contextmanager
    def start(**changes: Any) -> Iterator[TestClient]:
        with TestClient(create_app(limited_settings(**changes))) as client:
            yield client

    return start


def refusal(response: Any) -> tuple[str, int]:
    """A 429 in the error shape with a Retry-After: its message and the seconds to wait."""
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["code"] == "too_many_requests"
    retry = int(response.headers["Retry-After"])
    assert retry >= 1
    return error["message"], retry
