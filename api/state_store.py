"""The engine's dialogue-state port, kept in the database (any worker can continue any chat)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.models import DialogueStateRow, utcnow
from bot.state import DialogueState


class DbStateStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, key: str) -> DialogueState | None:
        with Session(self._engine) as session:
            row = session.get(DialogueStateRow, key)
            return DialogueState.from_dict(row.data) if row is not None else None

    def save(self, key: str, state: DialogueState) -> None:
        with Session(self._engine) as session:
            row = session.get(DialogueStateRow, key)
            if row is None:
                session.add(DialogueStateRow(key=key, data=state.to_dict()))
            else:
                row.data = state.to_dict()
                row.updated_at = utcnow()
                session.add(row)
            session.commit()

    def delete(self, key: str) -> None:
        with Session(self._engine) as session:
            row = session.get(DialogueStateRow, key)
            if row is not None:
                session.delete(row)
                session.commit()
