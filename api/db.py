"""The database engine: SQLite (WAL) by default, PostgreSQL when DATABASE_URL points at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """`hide_parameters`: a database error's message (logged) never carries the statement's values
    (names, phone numbers, e-mail addresses)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            # WAL lets readers and one writer work at once: two uvicorn workers on one file.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            # In WAL mode NORMAL is durable against crashes (not power loss) and saves an fsync a commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                         hide_parameters=True)


def sessions(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
