"""A test double at our own seam (the `Notifier` port in api/notify.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.types import Action


@dataclass
class RecordingNotifier:
    """Keeps what would have been pushed; `deliver` is what each push reports."""

    sent: list[tuple[str, str, str]] = field(default_factory=list)
    deliver: bool = True

    def push(self, *, channel: str, user_id: str, text: str, actions: tuple[Action, ...] = (),
             dedupe_key: str | None = None) -> bool:
        self.sent.append((channel, user_id, text))
        return self.deliver
