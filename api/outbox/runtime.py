"""What the outbox's sender is built with at start-up: the mailer (None when e-mail is off), the
From address and the retry policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.outbox.mail import Mailer, Retry


@dataclass(frozen=True)
class OutboxRuntime:
    mailer: Mailer | None = None
    sender: str = ""
    retry: Retry = field(default_factory=Retry)
