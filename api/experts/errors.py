"""The booking-specific domain errors (HTTP mapping stays in api.errors: they subclass its kinds)."""

from __future__ import annotations

from api.errors import Conflict, DomainError, InvalidInput, NotFound
from api.experts import messages as msg


class SlotTaken(Conflict):
    code = "slot_taken"

    def __init__(self) -> None:
        super().__init__(*msg.SLOT_TAKEN)


class SlotUnavailable(InvalidInput):
    code = "slot_unavailable"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


def expert_not_found() -> NotFound:
    return NotFound(*msg.EXPERT_NOT_FOUND)


def booking_not_found() -> NotFound:
    # The same answer for "no such booking" and "someone else's booking": existence is not leaked.
    return NotFound(*msg.BOOKING_NOT_FOUND)
