"""A `limits` storage over our SQL database, so the embedded default (SQLite, several workers) and
several instances over one PostgreSQL share their counters without another server.

Each counter is one row, changed by a single atomic statement (INSERT ... ON CONFLICT DO UPDATE ...
RETURNING, on SQLite and PostgreSQL alike): concurrent hits from any number of processes are all
counted. It supports the fixed-window strategy (and the lockouts); the moving window needs Redis.
"""

from __future__ import annotations

import itertools
import time

from limits.storage import Storage, storage_from_string
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError

from api.abuse.tables import RateCounter
from api.db import engine_for
from api.settings import Settings

PURGE_EVERY = 500
"""Every this many increments a process deletes the counters that have expired."""

_table = RateCounter.__table__  # type: ignore[attr-defined]


class SqlStorage(Storage):
    """Counters in the `rate_counter` table of the service's database, through an engine (a pool) of
    their own: a request holding a connection of the main pool never waits on itself to count."""

    STORAGE_SCHEME = None

    def __init__(self, db: DbEngine) -> None:
        super().__init__(wrap_exceptions=True)
        if db.dialect.name not in ("sqlite", "postgresql"):
            raise ValueError(f"rate limits in the database need SQLite or PostgreSQL, not {db.dialect.name}")
        self.db = db
        self._insert = pg_insert if db.dialect.name == "postgresql" else sqlite_insert
        self._increments = itertools.count(1)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        expired = _table.c.expires_at <= now
        upsert = self._insert(_table).values(key=key, count=amount, expires_at=now + expiry)
        statement = upsert.on_conflict_do_update(index_elements=[_table.c.key], set_={
            "count": case((expired, amount), else_=_table.c.count + amount),
            "expires_at": case((expired, now + expiry), else_=_table.c.expires_at),
        }).returning(_table.c.count)
        with self.db.begin() as connection:
            count = int(connection.execute(statement).scalar_one())
        if next(self._increments) % PURGE_EVERY == 0:
            self.purge(now)
        return count

    def _row(self, key: str) -> tuple[int, float] | None:
        with self.db.connect() as connection:
            row = connection.execute(select(_table.c.count, _table.c.expires_at).where(
                _table.c.key == key, _table.c.expires_at > time.time())).first()
        return (int(row[0]), float(row[1])) if row is not None else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            with self.db.connect() as connection:
                connection.execute(select(_table.c.key).limit(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.db.begin() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with self.db.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))

    def purge(self, now: float | None = None) -> int:
        """Delete expired counters (they already count as zero)."""
        with self.db.begin() as connection:
            return connection.execute(delete(_table).where(_table.c.expires_at <= (now or time.time()))).rowcount


def build_storage(settings: Settings) -> Storage:
    """Redis when REDIS_URL is set (limits' own storage), else the service's database."""
    if settings.redis_url:
        storage = storage_from_string(settings.redis_url, wrap_exceptions=True)
        assert isinstance(storage, Storage)  # a redis:// URL gives the synchronous storage
        return storage
    return SqlStorage(engine_for(settings, pool_size=5, max_overflow=10))


def close_storage(storage: Storage) -> None:
    """Release the storage's connections (at shutdown)."""
    if isinstance(storage, SqlStorage):
        storage.db.dispose()
