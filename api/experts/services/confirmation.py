"""A booking made in the name of a company counts only once its contact confirms the code e-mailed
to the company's contact on file, or, with nothing on file, to the address in the form
(api/identity). Until then nothing is held: not the slot, not a place in the company limit;
unconfirmed, the request lapses. The company limit is checked once the code is entered (before it,
the answer would tell anyone how many consultations a company holds)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from api.abuse.lockout import Lockout
from api.errors import InvalidInput
from api.experts import messages as msg
from api.experts.errors import SlotUnavailable, expert_not_found
from api.experts.http.schemas import BookingCreate
from api.experts.rules.labels import mode_label
from api.experts.rules.limits import check_company_limit
from api.experts.services.booking import Booked, _valid, check_slot, create_booking, split_reach
from api.experts.tables import OPEN, Booking, Expert
from api.identity import messages as identity_msg
from api.identity.services import confirmation as identity
from api.identity.tables import PendingConfirmation
from bot.flows import validators

KIND = "booking"


def request_booking(*, session: Session, booking_in: BookingCreate, max_open_per_company: int,
                    policy: identity.Policy, now: datetime | None = None) -> PendingConfirmation:
    """Check the booking as `create_booking` would (so the user hears now what is wrong), then
    e-mail the code; the booking itself is made by `confirm_booking`."""
    now = now or datetime.now(UTC)
    tax_id = _valid(booking_in.tax_id, validators.tax_id, "tax_id")
    _, email = split_reach(booking_in.reach)
    if not email:
        raise InvalidInput(*identity_msg.EMAIL_NEEDED, [{"field": "reach", "problem": "an e-mail address is needed"}])
    company = _valid(booking_in.company, validators.text(max_len=100), "company")
    _valid(booking_in.contact_name, validators.text(max_len=60), "contact_name")
    start = booking_in.slot_start.astimezone(UTC)
    if start <= now:
        raise SlotUnavailable(*msg.SLOT_PASSED)
    expert = session.get(Expert, booking_in.expert_id)
    if expert is None or not expert.active:
        raise expert_not_found()
    if booking_in.mode not in expert.meeting_modes:
        raise InvalidInput(*msg.mode_not_offered([mode_label(m) for m in expert.meeting_modes]),
                           [{"field": "mode", "problem": "not offered"}])
    check_slot(session=session, expert=expert, start=start, now=now)
    if booking_in.user_id:  # the chat user's own bookings under that number: telling them is no disclosure
        own = session.exec(select(func.count()).select_from(Booking).where(
            Booking.tax_id == tax_id, col(Booking.status).in_(OPEN), Booking.slot_end > now,
            Booking.channel == booking_in.channel, Booking.user_id == booking_in.user_id)).one()
        check_company_limit(tax_id=tax_id, open_count=own, limit=max_open_per_company)
    row = identity.request(session, kind=KIND, tax_id=tax_id, email=email, company=company,
                           contact_name=booking_in.contact_name.strip(),
                           payload=booking_in.model_dump(mode="json"), channel=booking_in.channel,
                           user_id=booking_in.user_id, policy=policy, now=now)
    session.commit()
    session.refresh(row)
    return row


def confirm_booking(*, session: Session, token: str, code: str, key: bytes, lockout: Lockout | None, address: str,
                    max_open_per_company: int, now: datetime | None = None) -> Booked:
    """The right code makes the booking (every check again: the slot may have gone meanwhile, the
    company may be at its limit)."""
    now = now or datetime.now(UTC)
    row = identity.verify(session, token=token, code=code, kind=KIND, key=key, lockout=lockout, address=address,
                          now=now)
    booking_in = BookingCreate.model_validate(row.payload)

    def confirmed(booking: Booking) -> None:
        identity.mark_confirmed(session, row, reference=booking.reference, now=now)

    return create_booking(session=session, booking_in=booking_in, max_open_per_company=max_open_per_company,
                          now=now, before_commit=confirmed)
