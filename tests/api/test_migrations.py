"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import make_engine
from api.migrate import is_current, upgrade
from api.wiring import FEATURES


def test_migrations_match_the_models_and_rerun_is_a_no_op(fresh_database_url: str) -> None:
    assert FEATURES is not None  # importing the feature list registers every feature's tables
    engine = make_engine(fresh_database_url)
    try:
        upgrade(engine)
        assert is_current(engine)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == []
        upgrade(engine)  # idempotent
        assert is_current(engine)
    finally:
        engine.dispose()
