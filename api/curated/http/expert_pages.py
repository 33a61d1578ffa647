"""The experts' side of curation (/console/questions): the questions staff invited an expert to
answer, and the form to answer each (a draft an editor then publishes). Signed in with the
experts' console cookie; every form carries the session's CSRF token (api/csrf.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

import api.experts
from api import csrf
from api.curated import messages as msg
from api.curated.rules.fields import parse_year
from api.curated.services import answers
from api.deps import SessionDep
from api.errors import DomainError
from api.experts.console_tables import ConsoleAccount
from api.experts.http.auth import COOKIE
from api.experts.services.accounts import account_for_token
from api.inputs import PathId
from knowledge.programme import HALLS
from knowledge.types import AUDIENCES

PAGE = "/console/questions"
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
templates.env.loader = ChoiceLoader([FileSystemLoader(str(Path(__file__).parents[1] / "templates")),
                                     FileSystemLoader(str(Path(api.experts.__file__).parent / "templates"))])
templates.env.globals.update(HALLS=HALLS, AUDIENCES=AUDIENCES, AUDIENCE_LABELS=msg.AUDIENCE_LABELS,
                             KIND_LABELS={"answer": msg.KIND_LABELS["answer"]}, STATUS_LABELS=msg.STATUS_LABELS)
router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=5000)]
Short = Annotated[str, Form(max_length=200)]


def _expert(request: Request, session: SessionDep) -> tuple[ConsoleAccount | None, str]:
    token = request.cookies.get(COOKIE, "")
    account = account_for_token(session=session, token=token)
    return (account if account is not None and account.role == answers.EXPERT_ROLE else None), token


def _back(message: str = "", error: str = "") -> RedirectResponse:
    query = f"?msg={quote(message)}" if message else f"?err={quote(error)}" if error else ""
    return RedirectResponse(f"{PAGE}{query}", status_code=303)


def _render(request: Request, session: SessionDep, account: ConsoleAccount, token: str, *, message: str = "",
            error: str = "", draft: dict[str, str] | None = None, draft_id: int = 0,
            status_code: int = 200) -> HTMLResponse:
    given = csrf.token_for(token)

    def csrf_field() -> Markup:
        return Markup(f'<input type="hidden" name="{csrf.FIELD}" value="{escape(given)}">')

    return templates.TemplateResponse(request, "expert_questions.html", {
        "account": account, "msg": message[:300], "err": error[:300], "csrf_field": csrf_field,
        "items": answers.invitations(session=session, expert=account.username), "draft": draft or {},
        "draft_id": draft_id}, status_code=status_code)


@router.get(PAGE, response_class=HTMLResponse)
def questions_page(request: Request, session: SessionDep, msg: str = "", err: str = "") -> Response:
    """The questions staff invited this expert to answer."""
    account, token = _expert(request, session)
    if account is None:
        return RedirectResponse("/console/login", status_code=303)
    return _render(request, session, account, token, message=msg, error=err)


@router.post(PAGE + "/{curated_id}", response_class=HTMLResponse)
async def answer_question(request: Request, curated_id: PathId, session: SessionDep, answer: Text = "",
                          year: Short = "", hall: Short = "", audience: Short = "general",
                          source: Short = "") -> Response:
    """The expert's answer to an invited question: a draft staff publish."""
    account, token = _expert(request, session)
    if account is None:
        return RedirectResponse("/console/login", status_code=303)
    if not csrf.is_valid(token, await csrf.submitted_token(request)):
        return _render(request, session, account, token, error=msg.CSRF_FAILED, status_code=403)
    try:
        answers.submit_draft(session=session, curated_id=curated_id, expert=account.username, answer=answer,
                             year=parse_year(year), hall=hall, audience=audience, source=source)
    except DomainError as exc:
        draft = {"answer": answer, "year": year, "hall": hall, "audience": audience, "source": source}
        return _render(request, session, account, token, error=exc.zh, draft=draft, draft_id=curated_id,
                       status_code=400)
    return _back(message=msg.DRAFT_SENT)
