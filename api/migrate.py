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
    """Bring the database to the newest schema. Features add their tables as branches off the
    first revision, so we upgrade every head."""
    command.upgrade(_config(engine), "heads")


def heads(engine: Engine) -> set[str]:
    """The newest revision of every branch of the migration scripts."""
    return set(ScriptDirectory.from_config(_config(engine)).get_heads())


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest schema."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads(engine)


def new_revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models (a developer tool: `tcloud db revision`)."""
    command.revision(_config(engine), message=message, autogenerate=True)
