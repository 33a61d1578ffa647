"""The console and survey as server-rendered pages (zh-TW). Sign-in sets an HttpOnly, SameSite=Strict
session cookie; every action is a form post answered by a redirect (so a reload never repeats it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api import csrf
from api.deps import ClientAddress, LockoutDep, SessionDep, SettingsDep
from api.errors import DomainError, TooManyRequests
from api.experts.http.auth import COOKIE
from api.experts.http.schemas import NoteIn, SurveyIn
from api.experts.messages import CSRF_FAILED
from api.experts.rules import taxonomy
from api.experts.rules.labels import mode_label, slot_label, span_label, status_label
from api.experts.services import lifecycle
from api.experts.services.accounts import account_for_token, sign_in, sign_out
from api.experts.services.briefs import all_bookings, expert_bookings, expert_outbox
from api.experts.services.surveys import answer_survey, survey_by_token, survey_results
from api.experts.tables import Expert
from api.inputs import PathId, in_range
from knowledge.programme import TAIPEI

templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
templates.env.globals.update(span_label=span_label, slot_label=slot_label, status_label=status_label,
                             mode_label=mode_label, TOOLS=taxonomy.TOOLS)
router = APIRouter(include_in_schema=False)
_ACTIONS = ("confirm", "decline", "propose", "complete", "no-show", "notes")


def _back(message: str = "", error: str = "") -> RedirectResponse:
    query = f"?msg={quote(message)}" if message else f"?err={quote(error)}" if error else ""
    return RedirectResponse(f"/console{query}", status_code=303)


@router.get("/console/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "login.html", {"error": ""})


@router.post("/console/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep, settings: SettingsDep, lockout: LockoutDep,
               address: ClientAddress, username: Annotated[str, Form(max_length=60)],
               password: Annotated[str, Form(max_length=200)]) -> Response:
    try:
        token, _, expires = sign_in(session=session, username=username, password=password,
                                    hours=settings.experts_session_hours, lockout=lockout, address=address)
    except TooManyRequests as exc:
        return templates.TemplateResponse(request, "login.html", {"error": exc.zh}, status_code=429,
                                          headers={"Retry-After": str(exc.retry_after)})
    except DomainError as exc:
        return templates.TemplateResponse(request, "login.html", {"error": exc.zh}, status_code=401)
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(COOKIE, token, max_age=int((expires - datetime.now(UTC)).total_seconds()), httponly=True,
                        samesite="strict", secure=settings.public_base_url.startswith("https"), path="/")
    return response


@router.post("/console/logout")
async def logout_page(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(COOKIE, "")
    if token and not csrf.is_valid(token, await csrf.submitted_token(request)):
        return _back(error=CSRF_FAILED[0])
    sign_out(session=session, token=token)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/console", response_class=HTMLResponse)
def console(request: Request, session: SessionDep, settings: SettingsDep, msg: str = "", err: str = "") -> Response:
    account = account_for_token(session=session, token=request.cookies.get(COOKIE, ""))
    if account is None:
        return RedirectResponse("/console/login", status_code=303)
    context: dict[str, object] = {"account": account, "msg": msg[:200], "err": err[:300], "now": datetime.now(UTC),
                                  "csrf_token": csrf.token_for(request.cookies.get(COOKIE, ""))}
    if account.role == "expert" and account.expert_id is not None:
        expert = session.get(Expert, account.expert_id)
        context |= {"expert": expert, "bookings": expert_bookings(session=session, expert_id=account.expert_id),
                    "outbox": expert_outbox(session=session, expert_id=account.expert_id, limit=20),
                    "calendar_url": f"{settings.public_base_url.rstrip('/')}/api/experts/calendar/"
                                    f"{expert.calendar_token if expert else ''}.ics"}
        return templates.TemplateResponse(request, "console.html", context)
    context |= {"bookings": all_bookings(session=session, limit=100), "surveys": survey_results(session=session)}
    return templates.TemplateResponse(request, "staff.html", context)


@router.post("/console/bookings/{booking_id}/{action}")
def console_action(booking_id: PathId, action: str, request: Request, session: SessionDep, settings: SettingsDep,
                   reason: Annotated[str, Form(max_length=300)] = "", start: Annotated[str, Form(max_length=40)] = "",
                   diagnosis: Annotated[str, Form(max_length=4000)] = "",
                   tools: Annotated[list[str] | None, Form()] = None,
                   follow_up: Annotated[str, Form(max_length=4000)] = "",
                   csrf_token: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = request.cookies.get(COOKIE, "")
    account = account_for_token(session=session, token=token)
    if account is None:
        return RedirectResponse("/console/login", status_code=303)
    if not csrf.is_valid(token, csrf_token):  # a form from another site carrying the expert's cookie
        return _back(error=CSRF_FAILED[0])
    if account.expert_id is None or action not in _ACTIONS:
        return _back(error="這個操作只提供給專家帳號。")
    expert_id = account.expert_id
    try:
        if action == "confirm":
            lifecycle.confirm(session=session, expert_id=expert_id, booking_id=booking_id)
        elif action == "decline":
            lifecycle.decline(session=session, expert_id=expert_id, booking_id=booking_id, reason=reason)
        elif action == "propose":
            try:
                when = in_range(datetime.fromisoformat(start).replace(tzinfo=TAIPEI))
            except ValueError:  # PydanticCustomError (year 1, 9999) is a ValueError too
                return _back(error="請選擇提議的日期與時間。")
            lifecycle.propose(session=session, expert_id=expert_id, booking_id=booking_id, start=when, note=reason,
                              link_base_url=settings.public_base_url)
        elif action in ("complete", "no-show"):
            lifecycle.finish(session=session, expert_id=expert_id, booking_id=booking_id,
                             outcome="completed" if action == "complete" else "no_show",
                             survey_base_url=settings.public_base_url)
        else:
            lifecycle.save_note(session=session, expert_id=expert_id, booking_id=booking_id,
                                note_in=NoteIn(diagnosis=diagnosis, recommended_tools=tools or [], follow_up=follow_up))
    except DomainError as exc:
        return _back(error=exc.zh)
    return _back(message=f"B-{booking_id:06d} 已更新。")


@router.get("/survey/{token}", response_class=HTMLResponse)
def survey_page(token: str, request: Request, session: SessionDep) -> Response:
    try:
        survey, booking, expert = survey_by_token(session=session, token=token)
    except DomainError as exc:
        return templates.TemplateResponse(request, "survey.html", {"error": exc.zh}, status_code=404)
    return templates.TemplateResponse(request, "survey.html", {"survey": survey, "booking": booking,
                                                               "expert": expert, "error": "", "done": False})


@router.post("/survey/{token}", response_class=HTMLResponse)
def survey_form(token: str, request: Request, session: SessionDep, rating: Annotated[str, Form(max_length=2)] = "",
                recommend: Annotated[str, Form(max_length=3)] = "",
                comment: Annotated[str, Form(max_length=2000)] = "") -> Response:
    try:
        if rating not in ("1", "2", "3", "4", "5"):
            survey, booking, expert = survey_by_token(session=session, token=token)
            return templates.TemplateResponse(request, "survey.html", {
                "survey": survey, "booking": booking, "expert": expert, "done": False,
                "error": "請先選擇這次諮詢的滿意度（1 到 5 顆星）。", "comment": comment}, status_code=400)
        answer_survey(session=session, token=token, survey_in=SurveyIn(
            rating=int(rating), recommend={"yes": True, "no": False}.get(recommend), comment=comment))
        survey, booking, expert = survey_by_token(session=session, token=token)
    except DomainError as exc:
        return templates.TemplateResponse(request, "survey.html", {"error": exc.zh}, status_code=404)
    return templates.TemplateResponse(request, "survey.html", {"survey": survey, "booking": booking,
                                                               "expert": expert, "error": "", "done": True})
