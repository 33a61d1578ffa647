"""`Notifier` over LINE: push to LINE users (never to those who unfollowed), for reminders and
status changes from other features."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.engine import Engine as DbEngine

from api.line.adapters.client import LineCallError
from api.line.runtime import LineRuntime
from api.line.services.event_store import is_following
from bot.channels.line import plain_text
from bot.types import Action

log = logging.getLogger(__name__)

_KEYS = uuid.UUID("6f3b1c52-7d0e-4f7a-9a51-2f0c8a1e4b90")


def retry_key_for(dedupe_key: str | None) -> str:
    """X-Line-Retry-Key must be a UUID: the same dedupe key always maps to the same UUID."""
    return str(uuid.uuid5(_KEYS, dedupe_key)) if dedupe_key else str(uuid.uuid4())


class LineNotifier:
    """Pushes to LINE; other channels cannot be pushed to (reported as not delivered)."""

    def __init__(self, runtime: LineRuntime, db: DbEngine) -> None:
        self.runtime = runtime
        self._db = db

    def push(self, *, channel: str, user_id: str, text: str, actions: tuple[Action, ...] = (),
             dedupe_key: str | None = None) -> bool:
        if channel != "line":
            log.info("no push channel for %s; message not delivered", channel)
            return False
        if not is_following(db=self._db, user_id=user_id):
            log.info("LINE user unfollowed; push skipped")
            return False
        key = retry_key_for(dedupe_key)
        for attempt in (1, 2):  # one quick second try with the same key: LINE delivers it once
            try:
                self.runtime.api.push(user_id, plain_text(text, actions), retry_key=key)
                return True
            except LineCallError as exc:
                if exc.kind == "duplicate":
                    return True
                if exc.kind != "transient" or attempt == 2:
                    log.warning("LINE push failed: %s", exc)
                    return False
        return False
