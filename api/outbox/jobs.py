"""The outbox's background loop: every few seconds, requeue claims whose worker vanished, push what
is queued for the chat channels (through the notifier, LINE when configured) and send the e-mails
that are due (when SMTP is configured)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import UTC, datetime

from api.contract import FeatureContext
from api.outbox.mail import send_emails
from api.outbox.runtime import OutboxRuntime
from api.outbox.service import requeue_stale, send_queued

log = logging.getLogger(__name__)


def _worker(worker: str) -> str:
    return worker or f"{socket.gethostname()}:{os.getpid()}"


def _runtime(ctx: FeatureContext) -> OutboxRuntime:
    runtime = ctx.runtimes.get("outbox")
    return runtime if isinstance(runtime, OutboxRuntime) else OutboxRuntime()


def send_pass(ctx: FeatureContext, *, now: datetime | None = None, worker: str = "") -> int:
    """One pass over the chat channels: returns how many messages this worker delivered."""
    now = now or datetime.now(UTC)
    requeue_stale(db=ctx.db, now=now, email_max_attempts=_runtime(ctx).retry.max_attempts)
    return send_queued(db=ctx.db, notifier=ctx.notifier, worker=_worker(worker), now=now)


async def email_pass(ctx: FeatureContext, *, now: datetime | None = None, worker: str = "") -> int:
    """One pass over the e-mails that are due: returns how many this worker sent."""
    runtime = _runtime(ctx)
    return await send_emails(db=ctx.db, mailer=runtime.mailer, sender=runtime.sender, worker=_worker(worker),
                             retry=runtime.retry, sealer=runtime.sealer, now=now)


async def run_forever(ctx: FeatureContext) -> None:
    while True:
        try:
            sent = await asyncio.to_thread(send_pass, ctx)
            sent += await email_pass(ctx)
            if sent:
                log.info("outbox: %d messages sent", sent)
        except Exception:
            log.exception("outbox pass failed; retrying next time")
        await asyncio.sleep(ctx.settings.outbox_poll_seconds)
