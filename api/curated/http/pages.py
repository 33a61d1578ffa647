"""The staff page for curated answers (/staff/curation): the queue of unanswered and 👎 questions,
grouped, with a form per group (opened inline with htmx, or by a plain link without it); the
curated answers with their hits; experts' drafts to publish. Every action is a form post answered
by a redirect (a reload never repeats it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.curated import messages as msg
from api.curated.rules.fields import parse_year
from api.curated.services import answers
from api.curated.services import queue as queue_service
from api.curated.tables import ACTIVE, DRAFT, INVITED, CuratedAnswer
from api.deps import ResourcesDep, SessionDep, SettingsDep
from api.errors import DomainError
from api.inputs import PathId
from api.models import Exchange
from api.resources import AppResources
from api.settings import Settings
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles
from knowledge.programme import HALLS
from knowledge.types import AUDIENCES

PAGE = "/staff/curation"
TEMPLATES = StaffTemplates(Path(__file__).parents[1] / "templates")
TEMPLATES.templates.env.globals.update(HALLS=HALLS, AUDIENCES=AUDIENCES, AUDIENCE_LABELS=msg.AUDIENCE_LABELS,
                                       KIND_LABELS=msg.KIND_LABELS, STATUS_LABELS=msg.STATUS_LABELS,
                                       REASON_LABELS=msg.REASON_LABELS)
router = APIRouter(include_in_schema=False)
Editor = Annotated[StaffUser, Depends(require(roles.CURATED))]
Text = Annotated[str, Form(max_length=5000)]
Short = Annotated[str, Form(max_length=200)]


def back(message: str = "", error: str = "", group: int = 0) -> RedirectResponse:
    """Back to the page with a notice or an error (and, after an error, the group's form open again)."""
    query = {k: v for k, v in (("msg", message), ("err", error), ("group", str(group) if group else "")) if v}
    anchor = f"#group-{group}" if group else ""
    return RedirectResponse(f"{PAGE}{'?' + urlencode(query) if query else ''}{anchor}", status_code=303)


def _open_groups(session: Session, resources: AppResources,
                 settings: Settings) -> list[queue_service.QueueGroup]:
    """The queue's groups no active curated answer covers yet."""
    embed = resources.knowledge.store.model.embeddings.embed_documents
    groups = queue_service.curation_queue(session=session, embed=embed, covers=settings.curated_min_similarity)
    return [g for g in groups if g.curated_id is None]


def _group_question(session: Session, exchange_id: int) -> str:
    exchange = session.get(Exchange, exchange_id)
    return (exchange.rewritten or exchange.question).strip() if exchange else ""


def _page(request: Request, session: Session, resources: AppResources, settings: Settings, user: StaffUser, *,
          message: str = "", error: str = "", group: int = 0, edit: int = 0, draft: dict[str, str] | None = None,
          status_code: int = 200) -> HTMLResponse:
    curated = answers.listed(session=session, statuses=(ACTIVE, INVITED, DRAFT))
    return TEMPLATES.render(
        request, "curation.html", user, status_code=status_code, msg=message[:300], err=error[:300],
        groups=_open_groups(session, resources, settings), group=group, edit=edit, draft=draft or {},
        active=[c for c in curated if c.status == ACTIVE], pending=[c for c in curated if c.status != ACTIVE],
        experts=answers.expert_accounts(session=session))


@router.get(PAGE, response_class=HTMLResponse)
def curation_page(request: Request, session: SessionDep, resources: ResourcesDep, settings: SettingsDep,
                  user: Editor, msg: str = "", err: str = "", group: int = 0, edit: int = 0) -> Response:
    """The queue, the drafts to publish and the curated answers with their hits."""
    return _page(request, session, resources, settings, user, message=msg, error=err, group=group, edit=edit)


@router.get(PAGE + "/groups/{exchange_id}/form", response_class=HTMLResponse)
def group_form(request: Request, exchange_id: PathId, session: SessionDep, user: Editor) -> Response:
    """The answer form for one queue group (htmx opens it inside the group)."""
    return TEMPLATES.render(request, "curation_group_form.html", user, key=exchange_id,
                            question=_group_question(session, exchange_id),
                            experts=answers.expert_accounts(session=session))


@router.get(PAGE + "/answers/{curated_id}/form", response_class=HTMLResponse)
def edit_form(request: Request, curated_id: PathId, session: SessionDep, user: Editor) -> Response:
    """The edit form for one curated answer (htmx opens it in place)."""
    item = session.get(CuratedAnswer, curated_id)
    if item is None:
        return back(error=msg.NOT_FOUND[0])
    return TEMPLATES.render(request, "curation_edit_form.html", user, c=item)


@router.post(PAGE + "/answers", response_class=HTMLResponse)
def write_answer(request: Request, session: SessionDep, resources: ResourcesDep, settings: SettingsDep,
                 user: Editor, question: Text, answer: Text = "", kind: Short = "answer",
                 year: Short = "", hall: Short = "", audience: Short = "general", source: Short = "",
                 exchange_id: Annotated[int, Form(ge=0, le=2**31 - 1)] = 0, _: StaffUser = CsrfChecked) -> Response:
    """Write the answer (or the 'not answerable' reply) for a queue group: it answers at once."""
    try:
        item = answers.create(session=session, question=question, answer=answer, year=parse_year(year), hall=hall,
                              audience=audience, source=source, kind=kind, staff=user.username, role=user.role,
                              need_source=True, queue_ref=f"exchange:{exchange_id}" if exchange_id else "")
    except DomainError as exc:  # the form again, with what was typed
        draft = {"question": question, "answer": answer, "kind": kind, "year": year, "hall": hall,
                 "audience": audience, "source": source}
        return _page(request, session, resources, settings, user, error=exc.zh, group=exchange_id, draft=draft,
                     status_code=400)
    done = msg.NOT_ANSWERABLE_SAVED if item.kind == "not_answerable" else msg.WRITTEN
    return back(message=done.format(id=item.id))


@router.post(PAGE + "/answers/{curated_id}", response_class=HTMLResponse)
def edit_answer(request: Request, curated_id: PathId, session: SessionDep, resources: ResourcesDep,
                settings: SettingsDep, user: Editor, question: Text, answer: Text = "",
                kind: Short = "answer", year: Short = "", hall: Short = "", audience: Short = "general",
                source: Short = "", _: StaffUser = CsrfChecked) -> Response:
    """Change a curated answer or an expert's draft."""
    try:
        item = answers.edit(session=session, curated_id=curated_id, question=question, answer=answer,
                            year=parse_year(year), hall=hall, audience=audience, source=source, kind=kind,
                            staff=user.username, role=user.role)
    except DomainError as exc:
        draft = {"question": question, "answer": answer, "kind": kind, "year": year, "hall": hall,
                 "audience": audience, "source": source}
        return _page(request, session, resources, settings, user, error=exc.zh, edit=curated_id, draft=draft,
                     status_code=400 if session.get(CuratedAnswer, curated_id) else 404)
    return back(message=msg.EDITED.format(id=item.id))


@router.post(PAGE + "/answers/{curated_id}/retire")
def retire_answer(curated_id: PathId, session: SessionDep, user: Editor, _: StaffUser = CsrfChecked) -> Response:
    """Retire a curated answer (kept for the record)."""
    try:
        item = answers.retire(session=session, curated_id=curated_id, staff=user.username, role=user.role)
    except DomainError as exc:
        return back(error=exc.zh)
    return back(message=msg.RETIRED.format(id=item.id))


@router.post(PAGE + "/answers/{curated_id}/publish")
def publish_answer(curated_id: PathId, session: SessionDep, user: Editor, _: StaffUser = CsrfChecked) -> Response:
    """Publish an expert's draft."""
    try:
        item = answers.publish(session=session, curated_id=curated_id, staff=user.username, role=user.role)
    except DomainError as exc:
        return back(error=exc.zh)
    return back(message=msg.PUBLISHED.format(id=item.id, expert=item.invited_expert))


@router.post(PAGE + "/invitations")
def invite_expert(session: SessionDep, user: Editor, question: Text, expert: Short,
                  exchange_id: Annotated[int, Form(ge=0, le=2**31 - 1)] = 0, _: StaffUser = CsrfChecked) -> Response:
    """Invite an expert console account to answer one queue group."""
    try:
        item = answers.invite(session=session, question=question, expert=expert, staff=user.username,
                              role=user.role, queue_ref=f"exchange:{exchange_id}" if exchange_id else "")
    except DomainError as exc:
        return back(error=exc.zh, group=exchange_id)
    return back(message=msg.INVITED.format(expert=item.invited_expert))
