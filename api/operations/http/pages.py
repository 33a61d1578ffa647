"""The staff console's operations pages (admin): LINE queue figures and dead letters with replay,
the outbox, experts (create, edit, deactivate), their weekly hours and date exceptions, and their
console accounts. Every action is a form post answered by a redirect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import col, select

from api.deps import SessionDep, SettingsDep
from api.errors import DomainError
from api.experts import messages as expert_msg
from api.experts.http.schemas import AccountCreate, ExceptionCreate, ExpertCreate, ExpertUpdate, RuleCreate
from api.experts.rules import taxonomy
from api.experts.services import accounts, directory
from api.experts.tables import AvailabilityException, AvailabilityRule
from api.inputs import PathId
from api.line.services import dead_letters
from api.operations import messages as msg
from api.operations.services import ops
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
templates.templates.env.globals.update(TOOLS=taxonomy.TOOLS, MODES=taxonomy.MODES, WEEKDAYS=msg.WEEKDAYS,
                                       KINDS=msg.KINDS)
Admin = Annotated[StaffUser, Depends(require(roles.OPERATIONS))]
HOME = "/staff/operations"
Text = Annotated[str, Form(max_length=2000)]


def _who(user: StaffUser) -> ops.Actor:
    return ops.Actor(user.username, user.role)


def _invalid(exc: ValidationError) -> str:
    labels = [expert_msg.FIELD_LABELS.get(str(e["loc"][0]) if e["loc"] else "", str(e["loc"][0]) if e["loc"] else "")
              for e in exc.errors()]
    return msg.fields_invalid(labels)


def _expert_path(expert_id: int) -> str:
    return f"{HOME}/experts/{expert_id}"


@router.get(HOME, response_class=HTMLResponse)
def operations(request: Request, session: SessionDep, settings: SettingsDep, user: Admin, msg: str = "",
               err: str = "") -> Response:
    """Queue figures, open dead letters, experts and their console accounts."""
    letters = dead_letters.list_dead_letters(session=session, salt=settings.user_hash_salt.get_secret_value(),
                                             replayed=False, limit=50)
    experts = directory.list_experts(session=session)
    return templates.render(request, "operations/index.html", user, msg=msg[:200], err=err[:300],
                            figures=ops.figures(session=session), letters=letters, experts=experts,
                            names={e.id: e.name for e in experts},
                            accounts=accounts.expert_accounts(session=session))


@router.post(HOME + "/dead-letters/{dead_letter_id}/replay")
def replay(dead_letter_id: PathId, session: SessionDep, settings: SettingsDep, user: Admin,
           _: StaffUser = CsrfChecked) -> Response:
    """Put a dead-lettered LINE event back in the queue."""
    try:
        ops.replay_dead_letter(session=session, who=_who(user), dead_letter_id=dead_letter_id,
                               salt=settings.user_hash_salt.get_secret_value())
    except DomainError as exc:
        return back(HOME, error=exc.zh)
    return back(HOME, message=msg.replayed(dead_letter_id))


def _expert_fields(name: str, title: str, email: str, tools: list[str] | None, industries: str, topics: str,
                   languages: str, bio: str, modes: list[str] | None, onsite_region: str, slot_minutes: str,
                   buffer_minutes: str, min_notice_hours: str, horizon_days: str) -> dict[str, Any]:
    def tags(text: str) -> list[str]:
        return [t.strip() for t in text.replace("，", ",").replace("、", ",").split(",") if t.strip()]

    return {"name": name.strip(), "title": title.strip(), "email": email.strip(), "tools": tools or [],
            "industries": tags(industries), "topics": tags(topics), "languages": tags(languages) or ["zh-TW"],
            "bio": bio.strip(), "meeting_modes": modes or [], "onsite_region": onsite_region.strip(),
            "slot_minutes": slot_minutes.strip(), "buffer_minutes": buffer_minutes.strip(),
            "min_notice_hours": min_notice_hours.strip(), "horizon_days": horizon_days.strip()}


@router.get(HOME + "/experts/new", response_class=HTMLResponse)
def new_expert(request: Request, user: Admin, err: str = "") -> Response:
    """The form for a new expert."""
    return templates.render(request, "operations/expert.html", user, err=err[:300], expert=None, rules=[],
                            exceptions=[], accounts=[])


@router.post(HOME + "/experts")
def create_expert(session: SessionDep, user: Admin, name: Text = "", title: Text = "", email: Text = "",
                  tools: Annotated[list[str] | None, Form()] = None, industries: Text = "", topics: Text = "",
                  languages: Text = "", bio: Text = "", meeting_modes: Annotated[list[str] | None, Form()] = None,
                  onsite_region: Text = "", slot_minutes: Text = "60", buffer_minutes: Text = "15",
                  min_notice_hours: Text = "24", horizon_days: Text = "60", _: StaffUser = CsrfChecked) -> Response:
    """Add an expert."""
    fields = _expert_fields(name, title, email, tools, industries, topics, languages, bio, meeting_modes,
                            onsite_region, slot_minutes, buffer_minutes, min_notice_hours, horizon_days)
    try:
        expert = ops.create_expert(session=session, who=_who(user), expert_in=ExpertCreate(**fields))
    except ValidationError as exc:
        return back(HOME + "/experts/new", error=_invalid(exc))
    except DomainError as exc:
        return back(HOME + "/experts/new", error=exc.zh)
    return back(_expert_path(expert.id or 0), message=msg.EXPERT_CREATED)


@router.get(HOME + "/experts/{expert_id}", response_class=HTMLResponse)
def expert_page(expert_id: PathId, request: Request, session: SessionDep, user: Admin, msg: str = "",
                err: str = "") -> Response:
    """One expert: details, weekly hours, date exceptions, console accounts."""
    try:
        expert = directory.get_expert(session=session, expert_id=expert_id)
    except DomainError as exc:
        return templates.render(request, "staff/problem.html", user, status_code=404, title="找不到專家",
                                message=exc.zh)
    rules = session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert_id)
                         .order_by(col(AvailabilityRule.weekday), col(AvailabilityRule.start))).all()
    exceptions = session.exec(select(AvailabilityException).where(AvailabilityException.expert_id == expert_id)
                              .order_by(col(AvailabilityException.day))).all()
    mine = [a for a in accounts.expert_accounts(session=session) if a.expert_id == expert_id]
    return templates.render(request, "operations/expert.html", user, msg=msg[:200], err=err[:300], expert=expert,
                            rules=rules, exceptions=exceptions, accounts=mine)


@router.post(HOME + "/experts/{expert_id}")
def edit_expert(expert_id: PathId, session: SessionDep, user: Admin, name: Text = "", title: Text = "",
                email: Text = "", tools: Annotated[list[str] | None, Form()] = None, industries: Text = "",
                topics: Text = "", languages: Text = "", bio: Text = "",
                meeting_modes: Annotated[list[str] | None, Form()] = None, onsite_region: Text = "",
                slot_minutes: Text = "60", buffer_minutes: Text = "15", min_notice_hours: Text = "24",
                horizon_days: Text = "60", _: StaffUser = CsrfChecked) -> Response:
    """Save an expert's details (an edit submitted twice saves the same values)."""
    fields = _expert_fields(name, title, email, tools, industries, topics, languages, bio, meeting_modes,
                            onsite_region, slot_minutes, buffer_minutes, min_notice_hours, horizon_days)
    try:
        ops.update_expert(session=session, who=_who(user), expert_id=expert_id, expert_in=ExpertUpdate(**fields))
    except ValidationError as exc:
        return back(_expert_path(expert_id), error=_invalid(exc))
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.EXPERT_SAVED)


@router.post(HOME + "/experts/{expert_id}/active")
def set_active(expert_id: PathId, session: SessionDep, user: Admin,
               active: Annotated[str, Form(max_length=4)] = "", _: StaffUser = CsrfChecked) -> Response:
    """Deactivate (no new bookings) or reactivate an expert."""
    wanted = active == "1"
    try:
        ops.set_expert_active(session=session, who=_who(user), expert_id=expert_id, active=wanted)
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.EXPERT_ACTIVATED if wanted else msg.EXPERT_DEACTIVATED)


@router.post(HOME + "/experts/{expert_id}/rules")
def add_rule(expert_id: PathId, session: SessionDep, user: Admin, weekday: Annotated[str, Form(max_length=2)] = "",
             start: Annotated[str, Form(max_length=8)] = "", end: Annotated[str, Form(max_length=8)] = "",
             valid_from: Annotated[str, Form(max_length=10)] = "",
             valid_until: Annotated[str, Form(max_length=10)] = "", _: StaffUser = CsrfChecked) -> Response:
    """Add weekly hours (an overlap with existing hours is refused, so a repeat adds nothing)."""
    try:
        rule_in = RuleCreate(weekday=weekday, start=start, end=end,  # type: ignore[arg-type]
                             valid_from=valid_from or None, valid_until=valid_until or None)  # type: ignore[arg-type]
        ops.add_rule(session=session, who=_who(user), expert_id=expert_id, rule_in=rule_in)
    except ValidationError as exc:
        return back(_expert_path(expert_id), error=_invalid(exc))
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.RULE_ADDED)


@router.post(HOME + "/experts/{expert_id}/rules/{rule_id}/delete")
def delete_rule(expert_id: PathId, rule_id: PathId, session: SessionDep, user: Admin,
                _: StaffUser = CsrfChecked) -> Response:
    """Remove weekly hours (existing bookings stay)."""
    try:
        ops.delete_rule(session=session, who=_who(user), expert_id=expert_id, rule_id=rule_id)
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.RULE_DELETED)


@router.post(HOME + "/experts/{expert_id}/exceptions")
def add_exception(expert_id: PathId, session: SessionDep, user: Admin, day: Annotated[str, Form(max_length=10)] = "",
                  kind: Annotated[str, Form(max_length=8)] = "off", start: Annotated[str, Form(max_length=8)] = "",
                  end: Annotated[str, Form(max_length=8)] = "", note: Annotated[str, Form(max_length=200)] = "",
                  _: StaffUser = CsrfChecked) -> Response:
    """Add time off (a whole day without times) or extra hours on one date."""
    try:
        exception_in = ExceptionCreate(day=day, kind=kind, start=start or None,  # type: ignore[arg-type]
                                       end=end or None, note=note.strip())  # type: ignore[arg-type]
        ops.add_exception(session=session, who=_who(user), expert_id=expert_id, exception_in=exception_in)
    except ValidationError as exc:
        return back(_expert_path(expert_id), error=_invalid(exc))
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.EXCEPTION_ADDED)


@router.post(HOME + "/experts/{expert_id}/exceptions/{exception_id}/delete")
def delete_exception(expert_id: PathId, exception_id: PathId, session: SessionDep, user: Admin,
                     _: StaffUser = CsrfChecked) -> Response:
    """Remove a date exception."""
    try:
        ops.delete_exception(session=session, who=_who(user), expert_id=expert_id, exception_id=exception_id)
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.EXCEPTION_DELETED)


@router.post(HOME + "/experts/{expert_id}/account")
def create_account(expert_id: PathId, session: SessionDep, user: Admin,
                   username: Annotated[str, Form(max_length=60)] = "",
                   password: Annotated[str, Form(max_length=200)] = "",
                   display_name: Annotated[str, Form(max_length=60)] = "", _: StaffUser = CsrfChecked) -> Response:
    """Give the expert a sign-in to the experts' console."""
    try:
        account_in = AccountCreate(username=username.strip(), password=password, display_name=display_name.strip())
        account = ops.create_expert_account(session=session, who=_who(user), expert_id=expert_id,
                                            account_in=account_in)
    except ValidationError as exc:
        return back(_expert_path(expert_id), error=_invalid(exc))
    except DomainError as exc:
        return back(_expert_path(expert_id), error=exc.zh)
    return back(_expert_path(expert_id), message=msg.account_created(account.username))


@router.post(HOME + "/accounts/{account_id}/deactivate")
def deactivate_account(account_id: PathId, session: SessionDep, user: Admin,
                       back_to: Annotated[str, Form(max_length=80)] = HOME, _: StaffUser = CsrfChecked) -> Response:
    """Stop an expert's console account signing in."""
    target = back_to if back_to.startswith(HOME) and not back_to.startswith("//") else HOME
    try:
        ops.deactivate_expert_account(session=session, who=_who(user), account_id=account_id)
    except DomainError as exc:
        return back(target, error=exc.zh)
    return back(target, message=msg.ACCOUNT_DEACTIVATED)
