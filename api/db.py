"""The database engine: SQLite (WAL) by default, PostgreSQL when DATABASE_URL points at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from api.settings import Settings

CONNECT_TIMEOUT_SECONDS = 10
"""A PostgreSQL server that does not answer (a dropped packet, not a refusal) fails this fast."""


class DatabaseDirectoryMissing(Exception):
    """A SQLite database whose directory does not exist: a mistyped path, not a new database."""

    def __init__(self, url: str, directory: Path) -> None:
        super().__init__(f"the directory of the SQLite database {directory} does not exist "
                         f"(DATABASE_URL={masked(url)}); create it or correct the path")
        self.directory = directory


def masked(url: str) -> str:
    """The URL with its password hidden (for messages and logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: show only its scheme
        return url.split(":", 1)[0] + "://…"


def engine_for(settings: Settings, *, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """The service's database: DATABASE_URL, or SQLite in DATA_DIR (whose directory is created on
    the first run; a DATABASE_URL naming a directory that does not exist is refused)."""
    return make_engine(settings.resolved_database_url, pool_size=pool_size, max_overflow=max_overflow,
                       create_directory=settings.database_url is None)


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20, create_directory: bool = False) -> Engine:
    """`hide_parameters`: a database error's message (logged) never carries the statement's values
    (names, phone numbers, e-mail addresses). A SQLite file's directory must exist unless
    `create_directory` (raises DatabaseDirectoryMissing)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1].split("?", 1)[0]
        if path and path != ":memory:" and not path.startswith("file:"):
            directory = Path(path).parent
            if create_directory:
                directory.mkdir(parents=True, exist_ok=True)
            elif not directory.is_dir():
                raise DatabaseDirectoryMissing(url, directory)
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
    parsed = make_url(url)
    connect_args = ({"connect_timeout": CONNECT_TIMEOUT_SECONDS}
                    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query else {})
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                         hide_parameters=True, connect_args=connect_args)


def sessions(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
