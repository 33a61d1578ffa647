"""The experts' console API: sign in, bookings with the pre-meeting brief, what to do with them,
notes, the console outbox; plus the public ICS feed and survey answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from api.deps import ClientAddress, LockoutDep, SessionDep, SettingsDep
from api.experts.console_tables import ConsoleAccount
from api.experts.http.auth import CurrentAccount, CurrentExpert, bearer, request_token
from api.experts.http.schemas import (
    BookingPublic,
    DeclineIn,
    LoginIn,
    LoginOut,
    NoteIn,
    NotePublic,
    OutboxPublic,
    ProposeIn,
    SurveyIn,
)
from api.experts.services import lifecycle
from api.experts.services.accounts import sign_in, sign_out
from api.experts.services.briefs import expert_booking, expert_bookings, expert_outbox
from api.experts.services.calendar_feed import calendar_feed, expert_by_calendar_token
from api.experts.services.surveys import answer_survey
from api.inputs import PathId
from api.schemas import ErrorResponse

_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 429)}
router = APIRouter(prefix="/api/console", tags=["experts' console"], responses=_ERRORS)
public = APIRouter(tags=["experts' console"], responses=_ERRORS)


def _expert_id(account: ConsoleAccount) -> int:
    assert account.expert_id is not None  # CurrentExpert guarantees it
    return account.expert_id


@router.post("/login", response_model=LoginOut)
def login(body: LoginIn, session: SessionDep, settings: SettingsDep, lockout: LockoutDep,
          address: ClientAddress) -> LoginOut:
    """Sign in (expert or staff); send the token as `Authorization: Bearer <token>`. Too many wrong
    passwords lock the account (and the address) for a growing period (429, with Retry-After)."""
    token, account, expires = sign_in(session=session, username=body.username, password=body.password,
                                      hours=settings.experts_session_hours, lockout=lockout, address=address)
    return LoginOut(token=token, expires_at=expires, role=account.role, name=account.display_name)


@router.post("/logout", status_code=204)
def logout(request: Request, account: CurrentAccount, session: SessionDep,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Response:
    """End this session."""
    sign_out(session=session, token=request_token(request, credentials))
    return Response(status_code=204)


@router.get("/bookings", response_model=list[BookingPublic])
def my_bookings(account: CurrentExpert, session: SessionDep,
                scope: Annotated[str, Query(pattern="^(upcoming|all)$")] = "upcoming") -> list[BookingPublic]:
    """Your bookings (never anyone else's) with the brief: company, topic, the chat before booking."""
    return expert_bookings(session=session, expert_id=_expert_id(account), upcoming=scope == "upcoming")


@router.get("/bookings/{booking_id}", response_model=BookingPublic)
def my_booking(booking_id: PathId, account: CurrentExpert, session: SessionDep) -> BookingPublic:
    """One of your bookings."""
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.post("/bookings/{booking_id}/confirm", response_model=BookingPublic)
def confirm(booking_id: PathId, account: CurrentExpert, session: SessionDep) -> BookingPublic:
    """Confirm a pending booking (the SME is told)."""
    lifecycle.confirm(session=session, expert_id=_expert_id(account), booking_id=booking_id)
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.post("/bookings/{booking_id}/decline", response_model=BookingPublic)
def decline(booking_id: PathId, body: DeclineIn, account: CurrentExpert, session: SessionDep) -> BookingPublic:
    """Decline a booking; its slot is freed and the SME is invited to book again."""
    lifecycle.decline(session=session, expert_id=_expert_id(account), booking_id=booking_id, reason=body.reason)
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.post("/bookings/{booking_id}/propose", response_model=BookingPublic)
def propose(booking_id: PathId, body: ProposeIn, account: CurrentExpert, session: SessionDep,
            settings: SettingsDep) -> BookingPublic:
    """Propose another time; the SME accepts it or keeps the original (in the chat or the e-mailed link)."""
    lifecycle.propose(session=session, expert_id=_expert_id(account), booking_id=booking_id, start=body.start,
                      note=body.note, link_base_url=settings.public_base_url)
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.post("/bookings/{booking_id}/complete", response_model=BookingPublic)
def complete(booking_id: PathId, account: CurrentExpert, session: SessionDep, settings: SettingsDep) -> BookingPublic:
    """Mark a held consultation completed; the SME is sent the satisfaction survey."""
    lifecycle.finish(session=session, expert_id=_expert_id(account), booking_id=booking_id, outcome="completed",
                     survey_base_url=settings.public_base_url)
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.post("/bookings/{booking_id}/no-show", response_model=BookingPublic)
def no_show(booking_id: PathId, account: CurrentExpert, session: SessionDep, settings: SettingsDep) -> BookingPublic:
    """Mark that the SME did not attend."""
    lifecycle.finish(session=session, expert_id=_expert_id(account), booking_id=booking_id, outcome="no_show",
                     survey_base_url=settings.public_base_url)
    return expert_booking(session=session, expert_id=_expert_id(account), booking_id=booking_id)


@router.put("/bookings/{booking_id}/notes", response_model=NotePublic)
def notes(booking_id: PathId, body: NoteIn, account: CurrentExpert, session: SessionDep) -> NotePublic:
    """Write the consultation notes: diagnosis, recommended tool categories, follow-up."""
    note = lifecycle.save_note(session=session, expert_id=_expert_id(account), booking_id=booking_id, note_in=body)
    return NotePublic.model_validate(note, from_attributes=True)


@router.get("/outbox", response_model=list[OutboxPublic])
def outbox(account: CurrentExpert, session: SessionDep) -> list[OutboxPublic]:
    """Messages to you: new bookings, changes, reminders (newest first)."""
    return expert_outbox(session=session, expert_id=_expert_id(account))


@public.get("/api/experts/calendar/{token}.ics", response_class=Response)
def calendar(token: str, session: SessionDep) -> Response:
    """An expert's bookings as an iCalendar feed (the address is the secret)."""
    expert = expert_by_calendar_token(session=session, token=token)
    return Response(calendar_feed(session=session, expert=expert), media_type="text/calendar; charset=utf-8")


@public.post("/api/surveys/{token}", status_code=204)
def survey(token: str, body: SurveyIn, session: SessionDep) -> Response:
    """Answer a satisfaction survey (the token comes from the survey link)."""
    answer_survey(session=session, token=token, survey_in=body)
    return Response(status_code=204)
