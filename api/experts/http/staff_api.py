"""Staff manage experts, their hours and console accounts; read bookings and survey results."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlmodel import col, select

from api.deps import SessionDep, StaffOnly
from api.experts.http.schemas import (
    AccountCreate,
    AccountPublic,
    BookingPublic,
    ExceptionCreate,
    ExceptionPublic,
    ExpertCreate,
    ExpertPublic,
    ExpertUpdate,
    RuleCreate,
    RulePublic,
    SlotPublic,
    SurveySummary,
)
from api.experts.rules.labels import span_label
from api.experts.services import directory, hours
from api.experts.services.accounts import create_account
from api.experts.services.briefs import all_bookings
from api.experts.services.surveys import survey_results
from api.experts.tables import AvailabilityException, AvailabilityRule
from api.inputs import PathId, QueryDay, QueryId
from api.schemas import ErrorResponse
from knowledge.programme import TAIPEI, taipei_today

_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 401, 404, 409, 422)}
router = APIRouter(prefix="/api/experts", tags=["experts (staff)"], dependencies=[StaffOnly], responses=_ERRORS)
admin = APIRouter(prefix="/api/admin", tags=["staff"], dependencies=[StaffOnly], responses=_ERRORS)


@router.post("", response_model=ExpertPublic, status_code=201)
def create(body: ExpertCreate, session: SessionDep) -> ExpertPublic:
    """Add an expert."""
    return directory.to_public(directory.create_expert(session=session, expert_in=body))


@router.get("", response_model=list[ExpertPublic])
def list_all(session: SessionDep, active: Annotated[bool | None, Query()] = None) -> list[ExpertPublic]:
    """Every expert (or only the active ones with `active=true`)."""
    return [directory.to_public(e) for e in directory.list_experts(session=session, active_only=bool(active))]


@router.get("/{expert_id}", response_model=ExpertPublic)
def read(expert_id: PathId, session: SessionDep) -> ExpertPublic:
    """One expert."""
    return directory.to_public(directory.get_expert(session=session, expert_id=expert_id))


@router.patch("/{expert_id}", response_model=ExpertPublic)
def update(expert_id: PathId, body: ExpertUpdate, session: SessionDep) -> ExpertPublic:
    """Change an expert (only the fields sent); `active=false` stops new bookings."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    return directory.to_public(directory.update_expert(session=session, expert=expert, expert_in=body))


@router.get("/{expert_id}/rules", response_model=list[RulePublic])
def rules(expert_id: PathId, session: SessionDep) -> list[RulePublic]:
    """The expert's weekly hours (Taipei time)."""
    directory.get_expert(session=session, expert_id=expert_id)
    rows = session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert_id)
                        .order_by(col(AvailabilityRule.weekday), col(AvailabilityRule.start))).all()
    return [RulePublic.model_validate(r, from_attributes=True) for r in rows]


@router.post("/{expert_id}/rules", response_model=RulePublic, status_code=201)
def add_rule(expert_id: PathId, body: RuleCreate, session: SessionDep) -> RulePublic:
    """Add weekly hours; overlapping an existing rule is refused."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    return RulePublic.model_validate(hours.add_rule(session=session, expert=expert, rule_in=body), from_attributes=True)


@router.delete("/{expert_id}/rules/{rule_id}", status_code=204)
def delete_rule(expert_id: PathId, rule_id: PathId, session: SessionDep) -> Response:
    """Remove weekly hours (existing bookings stay)."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    hours.delete_rule(session=session, expert=expert, rule_id=rule_id)
    return Response(status_code=204)


@router.get("/{expert_id}/exceptions", response_model=list[ExceptionPublic])
def exceptions(expert_id: PathId, session: SessionDep) -> list[ExceptionPublic]:
    """The expert's date exceptions (time off, extra hours)."""
    directory.get_expert(session=session, expert_id=expert_id)
    rows = session.exec(select(AvailabilityException).where(AvailabilityException.expert_id == expert_id)
                        .order_by(col(AvailabilityException.day))).all()
    return [ExceptionPublic.model_validate(r, from_attributes=True) for r in rows]


@router.post("/{expert_id}/exceptions", response_model=ExceptionPublic, status_code=201)
def add_exception(expert_id: PathId, body: ExceptionCreate, session: SessionDep) -> ExceptionPublic:
    """Add time off (whole day without times) or extra hours on one date."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    exc = hours.add_exception(session=session, expert=expert, exception_in=body)
    return ExceptionPublic.model_validate(exc, from_attributes=True)


@router.delete("/{expert_id}/exceptions/{exception_id}", status_code=204)
def delete_exception(expert_id: PathId, exception_id: PathId, session: SessionDep) -> Response:
    """Remove a date exception."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    hours.delete_exception(session=session, expert=expert, exception_id=exception_id)
    return Response(status_code=204)


@router.get("/{expert_id}/slots", response_model=list[SlotPublic])
def slots(expert_id: PathId, session: SessionDep, start: QueryDay = None,
          days: Annotated[int, Query(ge=1, le=366)] = 14) -> list[SlotPublic]:
    """Free slots from `start` (a Taipei date; today by default) for `days` days."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    first = start or taipei_today()
    found = hours.free_slots(session=session, expert=expert, first_day=first, last_day=first + timedelta(days=days - 1))
    length = timedelta(minutes=expert.slot_minutes)
    return [SlotPublic(start=s.astimezone(TAIPEI), end=(s + length).astimezone(TAIPEI), label=span_label(s, s + length))
            for s in found]


@router.post("/{expert_id}/account", response_model=AccountPublic, status_code=201)
def expert_account(expert_id: PathId, body: AccountCreate, session: SessionDep) -> AccountPublic:
    """Give the expert a console sign-in."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    account = create_account(session=session, username=body.username, password=body.password, role="expert",
                             expert_id=expert.id, display_name=body.display_name or expert.name)
    return AccountPublic.model_validate(account, from_attributes=True)


@admin.post("/staff-accounts", response_model=AccountPublic, status_code=201)
def staff_account(body: AccountCreate, session: SessionDep) -> AccountPublic:
    """Create a named staff account (its console token also opens the staff API)."""
    account = create_account(session=session, username=body.username, password=body.password, role="admin",
                             display_name=body.display_name)
    return AccountPublic.model_validate(account, from_attributes=True)


@admin.get("/bookings", response_model=list[BookingPublic])
def bookings(session: SessionDep, status: Annotated[str | None, Query(max_length=16)] = None,
             expert_id: QueryId = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 200) -> list[BookingPublic]:
    """Every booking with its chat context and notes, latest slot first."""
    return all_bookings(session=session, status=status, expert_id=expert_id, limit=limit)


@admin.get("/surveys", response_model=SurveySummary)
def surveys(session: SessionDep) -> SurveySummary:
    """Satisfaction survey results: how many sent and answered, the average rating, each answer."""
    return survey_results(session=session)
