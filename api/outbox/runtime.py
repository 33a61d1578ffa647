"""What the outbox's sender is built with at start-up: the mailer (None when e-mail is off), the
From address, the retry policy and the sealer that opens a body's sealed parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.outbox.mail import Mailer, Retry
from api.outbox.sealed import Sealer


@dataclass(frozen=True)
class OutboxRuntime:
    mailer: Mailer | None = None
    sender: str = ""
    retry: Retry = field(default_factory=Retry)
    sealer: Sealer | None = None
