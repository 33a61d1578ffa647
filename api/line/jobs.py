"""The processing loop (the LINE feature's background task): claims due events and processes them
in worker threads, woken at once by the webhook and otherwise polling, so events left behind by a
crash, retries whose time has come and claims whose worker vanished are all picked up. While it
holds events it renews their leases, so a short lease (LINE_CLAIM_SECONDS) suffices for a long
turn and an event whose process died is taken over within seconds, while its reply token is good."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

from api.contract import FeatureContext
from api.line.runtime import LineRuntime
from api.line.services import event_store as store
from api.line.services.faults import Faults
from api.line.services.processor import Processor
from api.observability.context import bound

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600.0


async def run_line_worker(ctx: FeatureContext) -> None:
    runtime = ctx.runtimes.get("line")
    if not isinstance(runtime, LineRuntime):
        return  # LINE is not configured
    if ctx.engine is None:
        log.error("LINE processing cannot start: no conversation engine in the feature context")
        return
    settings = ctx.settings
    processor = Processor(db=ctx.db, engine=ctx.engine, settings=settings, api=runtime.api,
                          before_answering=runtime.wait_for_quiet, rates=ctx.rates, metrics=ctx.metrics,
                          faults=Faults(after_reply=settings.line_fault_after_reply))
    # Answers are CPU-bound threads; a short switch interval lets the event loop (acknowledging
    # webhooks) take the GIL back within a millisecond instead of five.
    sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
    wakeup = asyncio.Event()
    runtime.bind(wakeup)
    inflight: set[asyncio.Task[None]] = set()
    held: dict[int, str] = {}
    """The claims (event id -> token) this process holds: their leases are renewed."""

    async def handle(event_id: int, token: str) -> None:
        try:
            with bound(request_id=f"line-event-{event_id}", channel="line"):  # the thread's log lines carry it
                outcome = await asyncio.to_thread(processor.process, event_id, token)
            log.debug("LINE event %s: %s", event_id, outcome)
        except Exception:  # process() handles its own failures; this is the last guard
            log.exception("LINE event %s: processing crashed", event_id)
        finally:
            held.pop(event_id, None)
            wakeup.set()  # a slot is free, and the conversation's next event may now go

    async def renew_leases() -> None:
        while True:
            await asyncio.sleep(settings.line_claim_seconds / 3)
            if not held:
                continue
            try:
                await asyncio.to_thread(store.renew, db=ctx.db, tokens=list(held.values()),
                                        lease_seconds=settings.line_claim_seconds)
            except Exception:
                log.exception("could not renew the leases of LINE events in hand")

    renewer = asyncio.create_task(renew_leases(), name="line-lease-renewal")

    next_purge = 0.0
    try:
        while True:
            wakeup.clear()
            if time.monotonic() >= next_purge:
                next_purge = time.monotonic() + PURGE_EVERY_SECONDS
                try:
                    purged = await asyncio.to_thread(store.purge_finished, db=ctx.db,
                                                     older_than_days=settings.line_keep_days)
                    if purged:
                        log.info("purged %d answered LINE events", purged)
                except Exception:
                    log.exception("could not purge old LINE events")
            free = settings.line_workers - len(inflight)
            claimed: list[tuple[int, str]] = []
            if free > 0:
                try:
                    claimed = await asyncio.to_thread(store.claim_due, db=ctx.db, limit=free,
                                                      lease_seconds=settings.line_claim_seconds)
                except Exception:
                    log.exception("could not claim LINE events")
            for event_id, token in claimed:
                held[event_id] = token
                task = asyncio.create_task(handle(event_id, token), name=f"line-event-{event_id}")
                inflight.add(task)
                task.add_done_callback(inflight.discard)
            if claimed and len(claimed) == free:
                continue  # there may be more waiting
            try:
                await asyncio.wait_for(wakeup.wait(), timeout=settings.line_poll_seconds)
            except TimeoutError:
                pass
    finally:
        # Let events in hand finish (their LINE calls are bounded by timeouts); any still unfinished
        # keep their claim, whose lease runs out so that another worker picks them up.
        renewer.cancel()
        if inflight:
            await asyncio.wait(set(inflight), timeout=3 * settings.line_timeout_seconds)
        for task in inflight:
            task.cancel()
