"""Pushing a message to a user outside a reply (reminders, status changes).

Features depend on the `Notifier` port; the LINE channel provides the real one. Web users cannot
be pushed to: a push to them is reported as not delivered, so callers can fall back.
"""

from __future__ import annotations

import logging
from typing import Protocol

from bot.redact import redact
from bot.types import Action

log = logging.getLogger(__name__)


class Notifier(Protocol):
    def push(self, *, channel: str, user_id: str, text: str, actions: tuple[Action, ...] = (),
             dedupe_key: str | None = None) -> bool:
        """Deliver `text` to the user; True when accepted for delivery. `dedupe_key` makes a retried
        push of the same message a no-op on the receiving platform."""
        ...


class LogNotifier:
    """Used when no channel can push (e.g. LINE not configured): logs and reports not delivered."""

    def push(self, *, channel: str, user_id: str, text: str, actions: tuple[Action, ...] = (),
             dedupe_key: str | None = None) -> bool:
        log.info("no push channel for %s; message not delivered: %s", channel, redact(text[:60]))
        return False
