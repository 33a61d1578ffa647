"""The database the tests run against: SQLite by default; PostgreSQL when TEST_DATABASE_URL names a
server (a fresh database is created for the run and dropped after it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _fresh_postgres(server_url: str) -> tuple[str, str]:
    url = make_url(server_url)
    name = f"tcloud_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres(server_url: str, name: str) -> None:
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def database_at(directory: Path) -> Iterator[str]:
    """A database of its own: SQLite in `directory`, or a fresh PostgreSQL database (dropped after)."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{directory / 'tcloud.db'}"
        return
    url, name = _fresh_postgres(server)
    try:
        yield url
    finally:
        _drop_postgres(server, name)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database shared by the API tests of one run."""
    with database_at(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own for one test."""
    with database_at(tmp_path) as url:
        yield url
