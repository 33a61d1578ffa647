"""The buttons a booking offers its SME (postback data `bk:<action>:<reference>`, handled by
`api.experts.adapters.records.BookingPostbacks`)."""

from __future__ import annotations

from api.experts.rules.labels import language_of
from api.experts.tables import Booking
from bot.types import Action

PREFIX = "bk"


def _act(booking: Booking, action: str, zh: str, en: str, extra: str = "") -> Action:
    label = en if language_of(booking) == "en" else zh
    return Action("postback", label, f"{PREFIX}:{action}:{booking.reference}{extra}")


def manage(booking: Booking) -> tuple[Action, ...]:
    """Reschedule / cancel, for a booking still to happen."""
    ref = booking.reference
    return (_act(booking, "resched", f"改期 {ref}", f"Reschedule {ref}"),
            _act(booking, "cancel", f"取消 {ref}", f"Cancel {ref}"))


def proposal(booking: Booking) -> tuple[Action, ...]:
    return (_act(booking, "accept", "接受新時間", "Accept the new time"),
            _act(booking, "reject", "維持原時間", "Keep the original time"))


def rebook(booking: Booking) -> tuple[Action, ...]:
    label = "Book another time" if language_of(booking) == "en" else "重新預約"
    return (Action("postback", label, "intent:book_expert"),)


def survey(booking: Booking, url: str) -> tuple[Action, ...]:
    en = language_of(booking) == "en"
    stars = tuple(_act(booking, "rate", "★" * n, f"{n} star{'s' if n > 1 else ''}", f":{n}")
                  for n in (5, 4, 3, 2, 1))
    return (*stars, Action("uri", "Full survey" if en else "填寫完整問卷", url))
