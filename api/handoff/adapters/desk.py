"""The engine's `HandoffDesk` port over the database (bot.handoff)."""

from __future__ import annotations

from sqlalchemy.engine import Engine as DbEngine
from sqlmodel import Session

from api.exchanges import hash_user
from api.handoff.services import desk
from bot.types import Handoff, IncomingMessage, Language


class DbHandoffDesk:
    def __init__(self, db: DbEngine, salt: str) -> None:
        self._db, self._salt = db, salt

    def request(self, message: IncomingMessage, handoff: Handoff, language: Language) -> None:
        with Session(self._db) as session:
            desk.request(session=session, channel=message.channel, user_id=message.user_id,
                         user_hash=hash_user(salt=self._salt, channel=message.channel, user_id=message.user_id),
                         language=language, topic=handoff.topic, note=handoff.note)

    def hold(self, message: IncomingMessage, language: Language) -> bool | None:
        with Session(self._db) as session:
            return desk.hold(session=session, channel=message.channel, user_id=message.user_id, language=language)

    def release(self, message: IncomingMessage) -> bool:
        with Session(self._db) as session:
            return desk.release(session=session, channel=message.channel, user_id=message.user_id)
