"""The LINE channel's per-process objects: the API client, the signature check, the wake-up call
that starts processing as soon as the webhook has recorded an event."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time

from sqlalchemy.engine import Engine as DbEngine

from api.line.adapters.client import LineApi
from api.line.services.recorder import Recorder
from api.settings import Settings


class LineRuntime:
    def __init__(self, settings: Settings, db: DbEngine, api: LineApi | None = None) -> None:
        self.settings = settings
        self.recorder = Recorder(db)
        self.api = api or LineApi.from_settings(settings)
        self._secret = settings.line_channel_secret.get_secret_value().encode()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._acks_in_flight = 0
        self._last_webhook = 0.0

    def signature_ok(self, body: bytes, signature: str | None) -> bool:
        """X-Line-Signature is base64(HMAC-SHA256(channel secret, raw body))."""
        if not signature:
            return False
        expected = base64.b64encode(hmac.new(self._secret, body, hashlib.sha256).digest())
        return hmac.compare_digest(expected, signature.strip().encode())

    def bind(self, wakeup: asyncio.Event) -> None:
        """Called by the processing loop when it starts, in its event loop."""
        self._loop, self._wakeup = asyncio.get_running_loop(), wakeup

    def wake(self) -> None:
        """Tell the processing loop there is work (safe from any thread)."""
        if self._loop is not None and self._wakeup is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wakeup.set)

    def webhook_started(self) -> None:
        self._acks_in_flight += 1
        self._last_webhook = time.monotonic()

    def webhook_finished(self) -> None:
        self._acks_in_flight -= 1
        self._last_webhook = time.monotonic()

    def wait_for_quiet(self) -> None:
        """Acknowledgements first: before a CPU-heavy answer, wait (a bounded time) until no webhook
        is being acknowledged and none arrived in the last moment. Answers share the process (and
        its GIL) with the webhook; during a burst they start a little later instead of slowing
        every acknowledgement LINE is waiting for."""
        quiet, deadline = self.settings.line_quiet_ms / 1000, time.monotonic() + self.settings.line_defer_max_seconds
        while True:
            idle = time.monotonic() - self._last_webhook
            if (self._acks_in_flight <= 0 and idle >= quiet) or time.monotonic() >= deadline:
                return
            time.sleep(max(0.002, quiet - idle))
