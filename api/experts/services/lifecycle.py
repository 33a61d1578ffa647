"""What an expert does with a booking (confirm, decline, propose a new time, complete, no-show,
notes) and the SME's answer to a proposed time. Every change tells the other side via the outbox,
in the same transaction."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.errors import Conflict, InvalidInput, NotFound
from api.experts import buttons
from api.experts import messages as msg
from api.experts.console_tables import ConsultationNote, Survey
from api.experts.errors import SlotTaken, SlotUnavailable, booking_not_found
from api.experts.http.schemas import NoteIn
from api.experts.rules import taxonomy
from api.experts.rules.labels import say, span_label, status_label
from api.experts.rules.transitions import allowed
from api.experts.services.calendar_feed import invitation
from api.experts.services.hours import busy_intervals
from api.experts.services.locking import lock_booking
from api.experts.services.outbox import enqueue
from api.experts.tables import OPEN, Booking, Expert, slot_key
from api.models import utcnow


def _locked_for_expert(session: Session, expert_id: int, booking_id: int) -> tuple[Expert, Booking]:
    locked = lock_booking(session, booking_id)
    if locked is None or locked[1].expert_id != expert_id:
        session.rollback()
        raise booking_not_found()
    return locked


def _refuse(booking: Booking, action: msg.Pair) -> Conflict:
    return Conflict(*msg.cannot_act(status_label(booking.status), booking.status, action))


def _commit(session: Session, booking: Booking) -> Booking:
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise SlotTaken() from exc
    session.refresh(booking)
    return booking


def confirm(*, session: Session, expert_id: int, booking_id: int, now: datetime | None = None) -> Booking:
    now = now or datetime.now(UTC)
    expert, booking = _locked_for_expert(session, expert_id, booking_id)
    if booking.status == "confirmed":
        session.rollback()
        return booking  # pressed twice: already done
    if booking.status != "pending" or booking.slot_start <= now:
        session.rollback()
        if booking.status == "pending":
            raise Conflict(*msg.CONFIRM_TOO_LATE)
        raise _refuse(booking, msg.CONFIRMING)
    booking.status, booking.updated_at = "confirmed", now
    session.add(booking)
    when = span_label(booking.slot_start, booking.slot_end)
    enqueue(session, booking=booking, recipient="sme", kind="confirmed", now=now, actions=buttons.manage(booking),
            text=say(booking, *msg.confirmed(booking.reference, when)), attachments=(invitation(booking, expert),))
    return _commit(session, booking)


def decline(*, session: Session, expert_id: int, booking_id: int, reason: str = "",
            now: datetime | None = None) -> Booking:
    now = now or datetime.now(UTC)
    _, booking = _locked_for_expert(session, expert_id, booking_id)
    if not allowed("decline", status=booking.status, slot_start=booking.slot_start, now=now):
        session.rollback()
        raise _refuse(booking, msg.DECLINING)
    booking.status, booking.active_slot_key, booking.status_note = "declined", None, reason.strip()
    booking.proposed_start, booking.proposal_token, booking.updated_at = None, None, now
    session.add(booking)
    when = span_label(booking.slot_start, booking.slot_end)
    enqueue(session, booking=booking, recipient="sme", kind="declined", now=now, actions=buttons.rebook(booking),
            text=say(booking, *msg.declined(booking.reference, when, reason.strip())))
    return _commit(session, booking)


def _check_free(session: Session, expert: Expert, booking: Booking, start: datetime, now: datetime) -> None:
    """A time the expert offers: it must be in the future and keep clear of their other bookings."""
    if start <= now:
        raise SlotUnavailable(*msg.PROPOSED_TIME_PASSED)
    end, pad = start + timedelta(minutes=expert.slot_minutes), timedelta(minutes=expert.buffer_minutes)
    assert expert.id is not None
    for s, e in busy_intervals(session=session, expert_id=expert.id, since=now, exclude_booking=booking.id):
        if s - pad < end and start < e + pad:
            raise SlotTaken()


def propose(*, session: Session, expert_id: int, booking_id: int, start: datetime, note: str = "",
            link_base_url: str = "", now: datetime | None = None) -> Booking:
    """Offer the SME another time; they answer in the chat or through the e-mailed link (a page at
    `link_base_url`/booking/proposal/<token>, the token new for each proposal)."""
    now = now or datetime.now(UTC)
    expert, booking = _locked_for_expert(session, expert_id, booking_id)
    try:
        if not allowed("propose", status=booking.status, slot_start=booking.slot_start, now=now):
            raise _refuse(booking, msg.PROPOSING)
        if start.tzinfo is None:
            raise InvalidInput(*msg.TIME_NEEDS_OFFSET)
        start = start.astimezone(UTC)
        _check_free(session, expert, booking, start, now)
    except Exception:
        session.rollback()
        raise
    booking.proposed_start, booking.proposal_note, booking.updated_at = start, note.strip(), now
    booking.proposal_token = secrets.token_urlsafe(24)
    session.add(booking)
    new = span_label(start, start + timedelta(minutes=expert.slot_minutes))
    link = f"{link_base_url.rstrip('/')}/booking/proposal/{booking.proposal_token}"
    enqueue(session, booking=booking, recipient="sme", kind="proposal", now=now, actions=buttons.proposal(booking),
            text=say(booking, *msg.proposal(booking.reference, new, note.strip())),
            email_lines=(say(booking, *msg.answer_proposal_link(link)),) if link_base_url else ())
    return _commit(session, booking)


def answer_proposal(*, session: Session, booking_id: int, user_id: str, channel: str, accept: bool,
                    token: str | None = None, now: datetime | None = None) -> Booking:
    """The SME accepts the proposed time (the booking moves, confirmed) or keeps the original.
    `token`: answered from the e-mailed link, which answers only the proposal it was sent for."""
    now = now or datetime.now(UTC)
    locked = lock_booking(session, booking_id)
    if locked is None or (locked[1].user_id, locked[1].channel) != (user_id, channel):
        session.rollback()
        raise booking_not_found()
    expert, booking = locked
    proposed = booking.proposed_start
    if token is not None and booking.proposal_token != token:
        session.rollback()
        raise NotFound(*msg.PROPOSAL_NOT_FOUND)
    try:
        if proposed is None or booking.status not in OPEN:
            raise Conflict(*msg.NO_PROPOSAL)
        if accept:
            _check_free(session, expert, booking, proposed, now)
            move_booking_to(session, expert, booking, proposed)
        else:
            booking.proposed_start, booking.proposal_note, booking.proposal_token = None, "", None
        told = msg.sme_accepted if accept else msg.sme_kept
        text = told(booking.company, booking.reference, span_label(booking.slot_start, booking.slot_end))
        booking.updated_at = now
        session.add(booking)
        enqueue(session, booking=booking, recipient="expert", kind="proposal_answer", now=now, text=text)
    except Exception:
        session.rollback()
        raise
    return _commit(session, booking)


def move_booking_to(session: Session, expert: Expert, booking: Booking, start: datetime) -> None:
    assert expert.id is not None
    booking.slot_start, booking.slot_end = start, start + timedelta(minutes=expert.slot_minutes)
    booking.active_slot_key, booking.status = slot_key(expert.id, start), "confirmed"
    booking.proposed_start, booking.proposal_note, booking.proposal_token = None, "", None


def proposal_by_token(*, session: Session, token: str) -> tuple[Booking, Expert]:
    """The booking whose current proposal the e-mailed link answers."""
    booking = session.exec(select(Booking).where(Booking.proposal_token == token)).first() if token else None
    expert = session.get(Expert, booking.expert_id) if booking is not None else None
    if booking is None or expert is None or booking.proposed_start is None or booking.status not in OPEN:
        raise NotFound(*msg.PROPOSAL_NOT_FOUND)
    return booking, expert


def answer_proposal_by_token(*, session: Session, token: str, accept: bool, now: datetime | None = None) -> Booking:
    """The SME answers from the e-mailed link (the token stands for their chat identity)."""
    booking, _ = proposal_by_token(session=session, token=token)
    assert booking.id is not None
    return answer_proposal(session=session, booking_id=booking.id, user_id=booking.user_id, channel=booking.channel,
                           accept=accept, token=token, now=now)


def finish(*, session: Session, expert_id: int, booking_id: int, outcome: str, survey_base_url: str,
           now: datetime | None = None) -> Booking:
    """Mark a consultation that has started as completed (the SME gets a survey) or no-show."""
    now = now or datetime.now(UTC)
    _, booking = _locked_for_expert(session, expert_id, booking_id)
    if booking.status == outcome:
        session.rollback()
        return booking
    if not allowed(outcome, status=booking.status, slot_start=booking.slot_start, now=now):
        session.rollback()
        if booking.status in OPEN:
            raise Conflict(*msg.NOT_STARTED)
        raise _refuse(booking, msg.MARKING)
    booking.status, booking.updated_at, booking.proposed_start = outcome, now, None
    session.add(booking)
    if outcome == "completed":
        survey = Survey(booking_id=booking.id or 0, token=secrets.token_urlsafe(24), created_at=now)
        session.add(survey)
        url = f"{survey_base_url.rstrip('/')}/survey/{survey.token}"
        enqueue(session, booking=booking, recipient="sme", kind="survey", now=now, key=f"survey:{booking.id}",
                actions=buttons.survey(booking, url),
                text=say(booking, *msg.survey_invite(booking.reference, url)))
    return _commit(session, booking)


def save_note(*, session: Session, expert_id: int, booking_id: int, note_in: NoteIn) -> ConsultationNote:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.expert_id != expert_id:
        raise booking_not_found()
    if not allowed("note", status=booking.status, slot_start=booking.slot_start, now=utcnow()):
        raise _refuse(booking, msg.WRITING_NOTES)
    tools = taxonomy.check_tags(note_in.recommended_tools, taxonomy.TOOLS, msg.FIELD_NAMES["recommended_tools"],
                               "recommended_tools")
    note = session.get(ConsultationNote, booking_id) or ConsultationNote(booking_id=booking_id)
    note.diagnosis, note.recommended_tools, note.follow_up = note_in.diagnosis.strip(), tools, note_in.follow_up.strip()
    note.updated_at = utcnow()
    session.add(note)
    session.commit()
    session.refresh(note)
    return note
