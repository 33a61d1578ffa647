"""Alembic environment: our SQLModel metadata, the URL handed in by `api.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import api.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connectable = config.attributes["engine"]
    with connectable.connect() as connection:
        if connection.dialect.name == "postgresql":
            # Several instances may start at once: one migrates, the others wait.
            connection.execute(text("SELECT pg_advisory_lock(727274)"))
        try:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(727274)"))
                connection.commit()


run_migrations_online()
