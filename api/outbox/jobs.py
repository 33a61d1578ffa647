"""The outbox's background loop: every few seconds, requeue claims whose worker vanished and send
what is queued, through the notifier (LINE when configured)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import UTC, datetime

from api.contract import FeatureContext
from api.outbox.service import requeue_stale, send_queued

log = logging.getLogger(__name__)


def send_pass(ctx: FeatureContext, *, now: datetime | None = None, worker: str = "") -> int:
    """One pass: returns how many messages this worker delivered."""
    now = now or datetime.now(UTC)
    requeue_stale(db=ctx.db, now=now)
    return send_queued(db=ctx.db, notifier=ctx.notifier, worker=worker or f"{socket.gethostname()}:{os.getpid()}",
                       now=now)


async def run_forever(ctx: FeatureContext) -> None:
    while True:
        try:
            sent = await asyncio.to_thread(send_pass, ctx)
            if sent:
                log.info("outbox: %d messages sent", sent)
        except Exception:
            log.exception("outbox pass failed; retrying next time")
        await asyncio.sleep(ctx.settings.outbox_poll_seconds)
