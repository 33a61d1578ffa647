"""The engine's dialogue-state port, kept in the database (any worker can continue any chat).

A turn does not write through the store as it goes: it runs against a `TurnState`, which reads
the stored state and holds what the turn changed until the caller writes it into the turn's own
transaction (`api.conversation.record_turn`), together with the exchange row and, for LINE, the
stored reply. A crash in the middle of a turn therefore keeps none of it, and a turn that was
kept is never run again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from api.models import DialogueStateRow, utcnow
from bot.state import DialogueState, StateStore

STATES: Table = DialogueStateRow.__table__  # type: ignore[attr-defined]


def write_state(*, session: Session, key: str, state: DialogueState | None) -> None:
    """Save (or, with None, delete) one conversation's state in `session`'s transaction. An upsert:
    two turns of one chat racing to create its state do not fail each other."""
    if state is None:
        session.execute(delete(DialogueStateRow).where(col(DialogueStateRow.key) == key))
        return
    values: dict[str, Any] = {"key": key, "data": state.to_dict(), "updated_at": utcnow()}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(STATES).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=["key"],
                                                    set_={"data": values["data"], "updated_at": values["updated_at"]}))


class DbStateStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, key: str) -> DialogueState | None:
        with Session(self._engine) as session:
            row = session.get(DialogueStateRow, key)
            return DialogueState.from_dict(row.data) if row is not None else None

    def save(self, key: str, state: DialogueState) -> None:
        with Session(self._engine) as session:
            write_state(session=session, key=key, state=state)
            session.commit()

    def delete(self, key: str) -> None:
        with Session(self._engine) as session:
            write_state(session=session, key=key, state=None)
            session.commit()


class TurnState:
    """The state store one turn runs against: reads go to `base` (or to what this turn already
    changed), writes wait for `write_to`."""

    def __init__(self, base: StateStore) -> None:
        self.base = base
        self._changes: dict[str, dict[str, Any] | None] = {}

    def get(self, key: str) -> DialogueState | None:
        if key in self._changes:
            data = self._changes[key]
            return DialogueState.from_dict(data) if data is not None else None
        return self.base.get(key)

    def save(self, key: str, state: DialogueState) -> None:
        self._changes[key] = state.to_dict()  # a copy: later changes to `state` are not this turn's

    def delete(self, key: str) -> None:
        self._changes[key] = None

    @property
    def changed(self) -> bool:
        return bool(self._changes)

    def write_to(self, session: Session) -> None:
        """Put this turn's changes into `session` (committed by the caller, with the rest of the turn).
        A store other than the database's (tests, the CLI) is written directly."""
        for key, data in self._changes.items():
            state = DialogueState.from_dict(data) if data is not None else None
            if isinstance(self.base, DbStateStore):
                write_state(session=session, key=key, state=state)
            elif state is None:
                self.base.delete(key)
            else:
                self.base.save(key, state)
