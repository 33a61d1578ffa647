"""What the booking flows' confirm step does: make (or move) the booking, or say exactly which
answer to change."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.abuse.lockout import Lockout
from api.errors import DomainError, NotFound, TooManyRequests, Unauthorized
from api.experts import buttons
from api.experts import messages as msg
from api.experts.adapters.catalog import booking_context, commit_error
from api.experts.errors import SlotTaken, SlotUnavailable
from api.experts.http.schemas import BookingCreate
from api.experts.rules.labels import mode_label, say, span_label
from api.experts.services.booking import create_booking, reschedule_booking
from api.experts.services.confirmation import confirm_booking, request_booking
from api.experts.tables import Booking, Expert, parse_reference
from api.identity.services import confirmation as identity
from bot.consultations.flows import AGREE
from bot.flows.ports import CommitError, CommitResult, Submission

log = logging.getLogger(__name__)

_STEP_OF_FIELD = {"tax_id": "tax_id", "reach": "reach", "company": "company", "contact_name": "contact",
                  "mode": "mode"}
CONFIRM_FLOW = "confirm_booking"
_UNAVAILABLE = CommitError(msg.SAVE_FAILED[0], message_en=msg.SAVE_FAILED[1])


def _step_for(exc: DomainError) -> str | None:
    if isinstance(exc, SlotTaken | SlotUnavailable):
        return "slot"
    if isinstance(exc, NotFound):
        return "expert"
    fields = [d.get("field") for d in exc.details or []]
    return next((_STEP_OF_FIELD[f] for f in fields if f in _STEP_OF_FIELD), None)


def heard(booking: Booking, email_on: bool) -> msg.Pair:
    """How the SME will hear that the expert confirmed: only what we can send is promised (a LINE
    push; an e-mail when e-mail is on and they gave an address; else where to look)."""
    if booking.channel == "line":
        return msg.NOTIFY_BY_PUSH
    if email_on and booking.email:
        return msg.notify_by_email(booking.email)
    return msg.NOTIFY_NONE


def _summary(booking: Booking, expert: Expert, replayed: bool, email_on: bool) -> msg.Pair:
    return msg.booked(expert.name, span_label(booking.slot_start, booking.slot_end), mode_label(booking.mode),
                      mode_label(booking.mode, "en"), replayed=replayed, heard=heard(booking, email_on))


class BookingCommitter:
    """The `book_expert` flow's commit port. With identity confirmation on, the booking is only
    requested here: the code is e-mailed and the `confirm_booking` flow asks for it."""

    def __init__(self, db: Engine, max_open_per_company: Callable[[], int],
                 email_on: Callable[[], bool] = lambda: False,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 policy: Callable[[], identity.Policy | None] = lambda: None) -> None:
        self.db, self.max_open, self.email_on, self.clock = db, max_open_per_company, email_on, clock
        self.policy = policy

    def commit(self, submission: Submission) -> CommitResult:
        values = submission.values
        if values.get("consent") != AGREE:  # the notice was shown and agreed to before anything was kept
            raise CommitError(msg.CONSENT_MISSING[0], step="consent", message_en=msg.CONSENT_MISSING[1])
        try:
            booking_in = BookingCreate(
                expert_id=int(values["expert"]), slot_start=datetime.fromisoformat(values["slot"]),
                channel=submission.channel, user_id=submission.user_id, company=values["company"],
                tax_id=values["tax_id"], contact_name=values["contact"], reach=values["reach"], mode=values["mode"],
                topic=values["topic"], context=booking_context(submission.context))
        except (KeyError, ValueError) as exc:
            raise CommitError(msg.ANSWERS_MISSING[0], message_en=msg.ANSWERS_MISSING[1]) from exc
        policy = self.policy()
        if policy is not None:
            return self._request(booking_in, policy)
        try:
            with Session(self.db) as session:
                booked = create_booking(session=session, booking_in=booking_in, max_open_per_company=self.max_open(),
                                        now=self.clock())
                expert = session.get(Expert, booked.booking.expert_id)
                assert expert is not None
                zh, en = _summary(booked.booking, expert, booked.replayed, self.email_on())
                manage = buttons.manage(booked.booking)
                reference = booked.booking.reference
        except DomainError as exc:
            raise commit_error(exc, _step_for(exc)) from exc
        except SQLAlchemyError as exc:
            log.exception("booking commit failed")
            raise _UNAVAILABLE from exc
        return CommitResult(reference, zh, en, actions=manage)

    def _request(self, booking_in: BookingCreate, policy: identity.Policy) -> CommitResult:
        try:
            with Session(self.db) as session:
                pending = request_booking(session=session, booking_in=booking_in,
                                          max_open_per_company=self.max_open(), policy=policy, now=self.clock())
                token, (zh, en) = pending.token, identity.told(pending, policy.minutes)
        except DomainError as exc:
            raise commit_error(exc, _step_for(exc)) from exc
        except SQLAlchemyError as exc:
            log.exception("booking request failed")
            raise _UNAVAILABLE from exc
        return CommitResult("", zh, en, then_flow=CONFIRM_FLOW, then_values={"confirmation": token})


class ConfirmBookingCommitter:
    """The `confirm_booking` flow's commit port: the e-mailed code makes the booking."""

    def __init__(self, db: Engine, max_open_per_company: Callable[[], int], lockout: Lockout | None,
                 key: bytes, email_on: Callable[[], bool] = lambda: False,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db, self.max_open, self.lockout, self.email_on, self.clock = (db, max_open_per_company, lockout,
                                                                            email_on, clock)
        self.key = key

    def commit(self, submission: Submission) -> CommitResult:
        try:
            with Session(self.db) as session:
                booked = confirm_booking(session=session, token=submission.values.get("confirmation", ""),
                                         code=submission.values.get("code", ""), key=self.key, lockout=self.lockout,
                                         address="", max_open_per_company=self.max_open(), now=self.clock())
                expert = session.get(Expert, booked.booking.expert_id)
                assert expert is not None
                zh, en = _summary(booked.booking, expert, booked.replayed, self.email_on())
                manage = buttons.manage(booked.booking)
                reference = booked.booking.reference
        except (Unauthorized, TooManyRequests) as exc:
            raise commit_error(exc, "code") from exc
        except DomainError as exc:  # expired, or the slot or the company's allowance went meanwhile
            raise CommitError(exc.zh, message_en=exc.en, end=True) from exc
        except SQLAlchemyError as exc:
            log.exception("booking confirmation failed")
            raise _UNAVAILABLE from exc
        return CommitResult(reference, zh, en, actions=manage)


class RescheduleCommitter:
    """The `reschedule_booking` flow's commit port."""

    def __init__(self, db: Engine, email_on: Callable[[], bool] = lambda: False,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db, self.email_on, self.clock = db, email_on, clock

    def commit(self, submission: Submission) -> CommitResult:
        booking_id = parse_reference(submission.values.get("booking", ""))
        try:
            start = datetime.fromisoformat(submission.values.get("slot", ""))
        except ValueError as exc:
            raise CommitError(msg.PICK_TIME_AGAIN[0], step="slot", message_en=msg.PICK_TIME_AGAIN[1]) from exc
        try:
            with Session(self.db) as session:
                booking = reschedule_booking(session=session, booking_id=booking_id or 0, user_id=submission.user_id,
                                             channel=submission.channel, start=start, now=self.clock())
                when = span_label(booking.slot_start, booking.slot_end)
                text = say(booking, *msg.moved_pending(when, heard(booking, self.email_on())))
                manage = buttons.manage(booking)
                reference = booking.reference
        except DomainError as exc:
            step = "slot" if isinstance(exc, SlotTaken | SlotUnavailable) else None
            raise commit_error(exc, step) from exc
        except SQLAlchemyError as exc:
            log.exception("reschedule commit failed")
            raise _UNAVAILABLE from exc
        return CommitResult(reference, text, text, actions=manage)
