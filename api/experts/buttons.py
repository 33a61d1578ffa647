"""The buttons a booking offers its SME (postback data `bk:<action>:<reference>`, handled by
`api.experts.adapters.records.BookingPostbacks`); their labels are in `api.experts.messages`."""

from __future__ import annotations

from api.experts import messages as msg
from api.experts.rules.labels import say
from api.experts.tables import Booking
from bot.types import Action

PREFIX = "bk"


def _act(booking: Booking, action: str, label: msg.Pair, extra: str = "") -> Action:
    return Action("postback", say(booking, *label), f"{PREFIX}:{action}:{booking.reference}{extra}")


def manage(booking: Booking) -> tuple[Action, ...]:
    """Reschedule / cancel, for a booking still to happen."""
    ref = booking.reference
    return (_act(booking, "resched", msg.reschedule_button(ref)),
            _act(booking, "cancel", msg.cancel_button(ref)))


def proposal(booking: Booking) -> tuple[Action, ...]:
    """Accept the expert's time, keep the original, or pick another time from the expert's free slots."""
    return (_act(booking, "accept", msg.ACCEPT_NEW_TIME),
            _act(booking, "reject", msg.KEEP_ORIGINAL_TIME),
            _act(booking, "resched", msg.OTHER_TIME))


def rebook(booking: Booking) -> tuple[Action, ...]:
    return (Action("postback", say(booking, *msg.REBOOK), "intent:book_expert"),)


def survey(booking: Booking, url: str) -> tuple[Action, ...]:
    stars = tuple(_act(booking, "rate", msg.stars_button(n), f":{n}") for n in (5, 4, 3, 2, 1))
    return (*stars, Action("uri", say(booking, *msg.FULL_SURVEY), url))
