"""The retention purge as the privacy feature's background loop (hourly by default)."""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import Session

from api.contract import FeatureContext
from api.privacy.services.retention import Retention, purge
from api.settings import Settings

log = logging.getLogger(__name__)


def retention_of(s: Settings) -> Retention:
    return Retention(exchange_days=s.exchange_retention_days, state_days=s.state_retention_days,
                     draft_days=s.draft_retention_days, handoff_days=s.handoff_retention_days,
                     contact_days=s.contact_retention_days, outbox_days=s.outbox_retention_days,
                     identity_days=s.identity_retention_days,
                     company_contact_days=s.company_contact_retention_days,
                     line_dead_letter_days=s.line_dead_letter_retention_days)


def purge_once(ctx: FeatureContext) -> dict[str, int]:
    with Session(ctx.db) as session:
        return purge(session=session, retention=retention_of(ctx.settings))


async def run_retention(ctx: FeatureContext) -> None:
    while True:
        try:
            purged = await asyncio.to_thread(purge_once, ctx)
            if any(purged.values()):
                log.info("retention purge: %s", purged)
        except Exception:  # the loop survives a database hiccup; the next round tries again
            log.exception("retention purge failed")
        await asyncio.sleep(ctx.settings.privacy_purge_seconds)
