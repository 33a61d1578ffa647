"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import make_engine
from api.migrate import is_current, upgrade
from api.wiring import FEATURES

# One table of each feature's own, so a feature whose models are not imported shows up here.
_FEATURE_TABLES = {"line": "line_event", "applications": "points_application", "experts": "booking",
                   "contact": "contact_request", "outbox": "outbox_message",
                   "curated": "curated_answer", "staff": "staff_action", "knowledge_admin": "knowledge_document",
                   "handoff": "handoff_conversation", "privacy": "privacy_request",
                   "identity": "company_contact"}
_WITHOUT_TABLES = {"operations", "dashboard"}
"""Features with pages over other features' services and no table of their own."""


def test_every_feature_registers_its_tables() -> None:
    assert {feature.name for feature in FEATURES} == set(_FEATURE_TABLES) | _WITHOUT_TABLES
    assert set(_FEATURE_TABLES.values()) <= set(SQLModel.metadata.tables)


def test_migrations_match_the_models_and_rerun_is_a_no_op(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        assert not is_current(engine)  # a fresh database is behind
        upgrade(engine)
        assert is_current(engine)
        assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == []
        upgrade(engine)  # idempotent
        assert is_current(engine)
    finally:
        engine.dispose()
