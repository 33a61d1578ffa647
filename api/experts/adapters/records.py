"""\"我的預約\" in the chat: the user's bookings with their buttons, and what the buttons do."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from api.errors import DomainError
from api.experts import buttons
from api.experts import messages as msg
from api.experts.console_tables import Survey
from api.experts.rules.labels import say, slot_label, span_label, status_label
from api.experts.services.booking import bookings_for_user, cancel_booking, summary_line
from api.experts.services.lifecycle import answer_proposal
from api.experts.services.surveys import rate_from_chat
from api.experts.tables import OPEN, Booking, Expert, parse_reference
from bot.flows.ports import PostbackOutcome, RecordSummary
from bot.types import Action, Language

log = logging.getLogger(__name__)


class BookingRecords:
    """The engine's `RecordsPort` for bookings."""

    def __init__(self, db: Engine, base_url: Callable[[], str]) -> None:
        self.db, self.base_url = db, base_url

    def for_user(self, *, user_id: str, channel: str) -> list[RecordSummary]:
        now = datetime.now(UTC)
        with Session(self.db) as session:
            rows = bookings_for_user(session=session, user_id=user_id, channel=channel)
            experts = {e.id: e.name for e in session.exec(select(Expert)).all()}
            surveys = {s.booking_id: s for s in session.exec(select(Survey).where(
                col(Survey.booking_id).in_([b.id for b in rows]))).all()} if rows else {}
            out = []
            for b in rows:
                lang = "en" if b.context.get("language") == "en" else "zh"
                acts: tuple[Action, ...] = ()
                summary = summary_line(b, experts.get(b.expert_id, ""))
                if b.status in OPEN and b.slot_start > now:
                    acts = buttons.manage(b)
                    if b.proposed_start is not None:
                        acts = buttons.proposal(b) + acts
                        summary += say(b, *msg.proposed_suffix(slot_label(b.proposed_start, year=True)))
                if b.status == "declined":  # the reason, and a way to book again
                    summary += say(b, *msg.declined_suffix(b.status_note))
                    acts = (Action("postback", say(b, *msg.REBOOK), "intent:book_expert"),)
                survey = surveys.get(b.id or 0)
                if survey is not None and survey.answered_at is None:
                    url = f"{self.base_url().rstrip('/')}/survey/{survey.token}"
                    acts = (Action("uri", say(b, *msg.survey_button(b.reference)), url),)
                out.append(RecordSummary("booking", b.reference, status_label(b.status, lang), summary, acts))
        return out


class BookingPostbacks:
    """`bk:<action>:<reference>[:<arg>]` from the buttons above and from pushed messages."""

    def __init__(self, db: Engine) -> None:
        self.db = db

    def handle(self, *, user_id: str, channel: str, arg: str, lang: Language) -> PostbackOutcome:
        action, _, rest = arg.partition(":")
        reference, _, extra = rest.partition(":")
        booking_id = parse_reference(reference)
        try:
            with Session(self.db) as session:
                booking = session.get(Booking, booking_id) if booking_id else None
                if booking is None or (booking.user_id, booking.channel) != (user_id, channel):
                    return PostbackOutcome(*msg.BOOKING_NOT_YOURS)
                return self._do(session, booking, action, extra, user_id, channel)
        except DomainError as exc:
            return PostbackOutcome(exc.zh, exc.en)
        except SQLAlchemyError:
            log.exception("booking action %s failed", action)
            return PostbackOutcome(*msg.ACTION_FAILED)

    def _do(self, session: Session, booking: Booking, action: str, extra: str, user_id: str,
            channel: str) -> PostbackOutcome:
        ref, when = booking.reference, span_label(booking.slot_start, booking.slot_end)
        if action == "cancel":
            return PostbackOutcome(
                *msg.confirm_cancel(ref, when),
                actions=(Action("postback", say(booking, *msg.CANCEL_YES), f"{buttons.PREFIX}:cancelyes:{ref}"),
                         Action("message", msg.KEEP_BOOKING, msg.MY_BOOKINGS)))
        if action == "cancelyes":
            cancel_booking(session=session, booking_id=booking.id or 0, user_id=user_id, channel=channel)
            return PostbackOutcome(*msg.cancelled(ref, when), actions=buttons.rebook(booking))
        if action == "resched":
            if booking.status not in OPEN or booking.slot_start <= datetime.now(UTC):
                return PostbackOutcome(*msg.cannot_move(ref, status_label(booking.status), booking.status))
            return PostbackOutcome(*msg.moving(ref, when), start_flow="reschedule_booking", values={"booking": ref})
        if action in ("accept", "reject"):
            moved = answer_proposal(session=session, booking_id=booking.id or 0, user_id=user_id, channel=channel,
                                    accept=action == "accept")
            new = span_label(moved.slot_start, moved.slot_end)
            if action == "accept":
                return PostbackOutcome(*msg.proposal_accepted(new), actions=buttons.manage(moved))
            return PostbackOutcome(*msg.proposal_declined(new))
        if action == "rate" and extra.isdigit():
            rate_from_chat(session=session, booking_id=booking.id or 0, user_id=user_id, channel=channel,
                           rating=int(extra))
            return PostbackOutcome(*msg.THANKS_FOR_RATING)
        return PostbackOutcome(*msg.BUTTON_EXPIRED)
