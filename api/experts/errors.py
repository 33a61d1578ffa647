"""The booking-specific domain errors (HTTP mapping stays in api.errors: they subclass its kinds)."""

from __future__ import annotations

from api.errors import Conflict, DomainError, InvalidInput, NotFound


class SlotTaken(Conflict):
    code = "slot_taken"

    def __init__(self) -> None:
        super().__init__("這個時段剛被預約走了，請改選其他時段", "That time was just booked by someone else; "
                         "please pick another")


class SlotUnavailable(InvalidInput):
    code = "slot_unavailable"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


def expert_not_found() -> NotFound:
    return NotFound("找不到這位專家，或這位專家目前沒有開放預約。",
                    "No such expert, or the expert is not taking bookings.")


def booking_not_found() -> NotFound:
    # The same answer for "no such booking" and "someone else's booking": existence is not leaked.
    return NotFound("找不到這筆預約（只能查看與異動您自己的預約）。", "No such booking of yours.")
