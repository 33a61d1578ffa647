"""Readiness: may a load balancer send this process requests? Not while the database is
unreachable or behind the newest schema, nor while the knowledge index is being rebuilt (an ingest
landed and this process is swapping in the new snapshot), empty or not yet loaded.

The database is asked over a connection of its own, opened for the check (never a pooled one that
may outlive the database), and a SQLite file is opened read-write without creating it: a deleted
or unreadable file is "unreachable", not a new empty database."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from api.db import CONNECT_TIMEOUT_SECONDS
from api.migrate import heads
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)


def probe_engine(db: DbEngine) -> DbEngine:
    """An engine over the same database that opens a fresh connection for every check."""
    url = db.url
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if path and path != ":memory:" and not path.startswith("file:"):
            uri = f"file:{quote(str(Path(path).resolve()))}?mode=rw"
            return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=5),
                                 poolclass=NullPool)
        return db
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS} if url.get_backend_name() == "postgresql" else {}
    return create_engine(url, poolclass=NullPool, connect_args=connect_args, hide_parameters=True)


@dataclass(frozen=True)
class Report:
    checks: dict[str, bool]

    @property
    def ready(self) -> bool:
        return all(self.checks.values())

    @property
    def failing(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]


class Readiness:
    def __init__(self, db: DbEngine, store: KnowledgeStore) -> None:
        self.probe = probe_engine(db)
        self.store = store
        self.heads = heads(db)  # read once: the migration scripts do not change while we run

    def database_ok(self) -> bool:
        try:
            with self.probe.connect() as connection:
                connection.execute(text("SELECT 1"))
                return set(MigrationContext.configure(connection).get_current_heads()) == self.heads
        except SQLAlchemyError as exc:
            log.warning("readiness: database unreachable: %s", type(exc).__name__)
            return False

    def report(self) -> Report:
        """Never rebuilds the index itself (a probe must answer at once)."""
        snapshot = self.store.current
        return Report({"database": self.database_ok(),
                       "index": snapshot is not None and len(snapshot) > 0 and not self.store.rebuilding,
                       "model": self.store.model is not None})

    def close(self) -> None:
        self.probe.dispose()
