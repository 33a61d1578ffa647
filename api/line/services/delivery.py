"""Delivering an event's stored messages: reply while the token is young, else push with the
event's retry key; each call recorded before it is made, so that whoever finishes the event after
a crash, a timeout or a lost lease delivers it once (the rules: api/line/rules/delivery.py)."""

from __future__ import annotations

import logging
import time

from sqlalchemy.engine import Engine as DbEngine

from api.line.adapters.client import LineApi, LineCallError
from api.line.rules import delivery as rules
from api.line.rules.delivery import PUSH, REPLY
from api.line.rules.events import Target
from api.line.services import event_store as store
from api.line.services.faults import Faults
from api.line.tables import DELIVERING, LineEvent
from api.settings import Settings

log = logging.getLogger(__name__)

UNCERTAIN = "uncertain"
UNCERTAIN_ERROR = ("a reply may have reached LINE before the service stopped, and its token is too old to tell "
                   "whether it did; nothing was resent so that the user is not answered twice. Look at the chat, "
                   "and replay this event to push the answer if it is missing.")


class ClaimLost(Exception):
    """This worker no longer holds the event (its lease ran out): the one that does delivers it."""


class Delivery:
    def __init__(self, *, db: DbEngine, api: LineApi, settings: Settings, faults: Faults | None = None) -> None:
        self.db, self.api, self.settings = db, api, settings
        self.faults = faults or Faults()

    def deliver(self, row: LineEvent, token: str, target: Target) -> str:
        """'replied', 'pushed', 'unfollowed' or 'uncertain'; raises LineCallError (retry or refuse)
        and ClaimLost."""
        assert row.id is not None and row.rendered
        age = time.time() - row.event_ts / 1000
        previous = row.delivery
        step = rules.first_step(previous=previous, has_token=bool(target.reply_token), age_seconds=age,
                                reply_seconds=self.settings.line_reply_token_seconds)
        if step == UNCERTAIN:
            return UNCERTAIN
        if step == REPLY:
            assert target.reply_token is not None
            verdict = self._reply(row, token, target.reply_token, previous, age)
            if verdict != PUSH:
                return verdict
        return self._push(row, token, target)

    def _start(self, row: LineEvent, token: str, method: str) -> None:
        assert row.id is not None
        if not store.start_delivery(db=self.db, event_id=row.id, token=token, method=method):
            raise ClaimLost(row.id)
        row.status, row.delivery = DELIVERING, method

    def _reply(self, row: LineEvent, token: str, reply_token: str, previous: str, age: float) -> str:
        assert row.id is not None and row.rendered
        self._start(row, token, REPLY)
        try:
            self.api.reply(reply_token, row.rendered)
        except LineCallError as exc:
            if exc.kind == "transient" and not exc.maybe_accepted:  # LINE never took it: as if not tried
                store.update_claimed(db=self.db, event_id=row.id, token=token, delivery=previous)
                row.delivery = previous
            if exc.kind != "invalid_token":
                raise
            verdict = rules.after_invalid_token(previous=previous, age_seconds=age)
            if verdict == "delivered":
                log.info("LINE event %s: its reply token was used by an earlier attempt, which LINE accepted",
                         row.id)
                return "replied"
            if verdict == UNCERTAIN:
                return UNCERTAIN
            log.info("LINE event %s: reply token expired (%.0f s); pushing instead", row.id, age)
            return PUSH
        self.faults.reply_accepted()
        return "replied"

    def _push(self, row: LineEvent, token: str, target: Target) -> str:
        assert row.id is not None and row.rendered
        if target.to is None:
            raise LineCallError("refused", "no reply token and nobody to push to")
        if target.user_id is not None and not store.is_following(db=self.db, user_id=target.user_id):
            return "unfollowed"
        self._start(row, token, PUSH)
        try:
            self.api.push(target.to, row.rendered, retry_key=row.retry_key)
        except LineCallError as exc:
            if exc.kind != "duplicate":
                raise
            log.info("LINE event %s: its push was accepted before (409 for its retry key)", row.id)
        return "pushed"
