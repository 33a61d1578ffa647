"""Apply (or create) Alembic migrations programmatically; the scripts live in api/migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

_SCRIPTS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    command.upgrade(_config(engine), "head")


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest schema (used by readiness)."""
    head = ScriptDirectory.from_config(_config(engine)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def new_revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models (a developer tool: `tcloud db revision`)."""
    command.revision(_config(engine), message=message, autogenerate=True)
