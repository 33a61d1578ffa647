"""Recording webhook events before the acknowledgement, with group commit.

One writer thread: webhooks that arrive while a transaction is being committed are written
together in the next one, so a burst costs one commit (one fsync on PostgreSQL) per batch rather
than per request, and SQLite's single write lock is never fought over within the process (its
busy wait sleeps in steps of up to 100 ms). A request is acknowledged only once its own events are
committed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.engine import Engine

from api.line.services.event_store import record_events

log = logging.getLogger(__name__)

Waiting = tuple[list[Any], asyncio.Future[None], asyncio.AbstractEventLoop]


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():  # the request went away (client disconnected)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


class Recorder:
    def __init__(self, db: Engine) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._waiting: list[Waiting] = []
        self._draining = False
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="line-record")

    async def record(self, events: list[Any]) -> None:
        """Return once `events` are committed; raise what the database raised."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiting.append((events, future, loop))
            start = not self._draining
            self._draining = True
        if start:
            self._thread.submit(self._drain)
        await future

    def _drain(self) -> None:
        while True:
            with self._lock:
                batch, self._waiting = self._waiting, []
                if not batch:
                    self._draining = False
                    return
            self._commit(batch)

    def _commit(self, batch: list[Waiting]) -> None:
        try:
            record_events(db=self._db, events=[event for events, _, _ in batch for event in events])
            outcomes: list[BaseException | None] = [None] * len(batch)
        except Exception as exc:
            if len(batch) == 1:
                outcomes = [exc]
            else:  # one request's bad data must not fail the others: write each on its own
                log.warning("group commit of %d webhooks failed (%s); writing them one by one", len(batch), exc)
                outcomes = [self._alone(events) for events, _, _ in batch]
        for (_, future, loop), error in zip(batch, outcomes, strict=True):
            try:
                loop.call_soon_threadsafe(_settle, future, error)
            except RuntimeError:  # that event loop has closed
                pass

    def _alone(self, events: list[Any]) -> BaseException | None:
        try:
            record_events(db=self._db, events=events)
        except Exception as exc:
            return exc
        return None

    def close(self) -> None:
        self._thread.shutdown(wait=True)
