"""The page an e-mailed proposal link opens: the SME accepts the expert's proposed time or keeps the
original. Opening the link changes nothing (mail scanners open links); the answer is a form post."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import SessionDep
from api.errors import DomainError
from api.experts import messages as msg
from api.experts.rules.labels import language_of, say, span_label
from api.experts.services import lifecycle

templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
router = APIRouter(include_in_schema=False)


def _page(request: Request, status: int = 200, **context: object) -> Response:
    return templates.TemplateResponse(request, "proposal.html", {"title": msg.PROPOSAL_PAGE_TITLE[0], "intro": "",
                                                                 "done": "", "error": "", "lang": "zh-Hant",
                                                                 "buttons": None, **context}, status_code=status)


@router.get("/booking/proposal/{token}", response_class=HTMLResponse)
def proposal_page(token: str, request: Request, session: SessionDep) -> Response:
    try:
        booking, expert = lifecycle.proposal_by_token(session=session, token=token)
    except DomainError as exc:
        return _page(request, 404, error=exc.zh)
    assert booking.proposed_start is not None
    proposed = span_label(booking.proposed_start, booking.proposed_start + timedelta(minutes=expert.slot_minutes))
    intro = say(booking, *msg.proposal_page_intro(booking.reference, expert.name,
                                                  span_label(booking.slot_start, booking.slot_end), proposed))
    return _page(request, title=say(booking, *msg.PROPOSAL_PAGE_TITLE), intro=intro,
                 lang="en" if language_of(booking) == "en" else "zh-Hant",
                 buttons=(say(booking, *msg.ACCEPT_NEW_TIME), say(booking, *msg.KEEP_ORIGINAL_TIME)))


@router.post("/booking/proposal/{token}", response_class=HTMLResponse)
def proposal_answer(token: str, request: Request, session: SessionDep,
                    answer: Annotated[Literal["accept", "keep"], Form()]) -> Response:
    try:
        booking = lifecycle.answer_proposal_by_token(session=session, token=token, accept=answer == "accept")
    except DomainError as exc:
        return _page(request, exc.status, error=exc.zh)
    done = say(booking, *msg.proposal_page_done(answer == "accept", span_label(booking.slot_start, booking.slot_end)))
    return _page(request, title=say(booking, *msg.PROPOSAL_PAGE_TITLE), done=done,
                 lang="en" if language_of(booking) == "en" else "zh-Hant")
