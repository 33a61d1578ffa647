"""The handoff inbox in the staff console: the list, one conversation beside the user's context,
and the staff actions (reply, take, close) as form posts answered by a redirect."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from api.deps import ResourcesDep, SessionDep
from api.errors import DomainError, NotFound
from api.handoff import messages as msg
from api.handoff.rules.states import STATES, is_active
from api.handoff.services import inbox
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
Staff = Annotated[StaffUser, Depends(require(roles.INBOX))]
ConversationId = Annotated[int, PathParam(ge=1)]
FILTERS = ("active", *STATES, "all")


def _path(conversation_id: int) -> str:
    return f"/staff/inbox/{conversation_id}"


def _refused(conversation_id: int, exc: DomainError) -> Response:
    """Back to the conversation with the reason (to the list when there is no such conversation)."""
    return back("/staff/inbox" if isinstance(exc, NotFound) else _path(conversation_id), error=exc.zh)


@router.get("/staff/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, session: SessionDep, user: Staff, state: str = "active") -> Response:
    """The conversations that asked for a person, waiting for a reply first."""
    state = state if state in FILTERS else "active"
    rows = inbox.inbox(session=session, state="" if state == "all" else state)
    return templates.render(request, "handoff/inbox.html", user, rows=rows, state=state, filters=FILTERS,
                            labels=msg, reference=inbox.reference, msg=request.query_params.get("msg", "")[:200],
                            err=request.query_params.get("err", "")[:300])


def _conversation_context(request: Request, session: SessionDep, resources: ResourcesDep, user: StaffUser,
                          conversation_id: int, template: str) -> Response:
    try:
        conversation = inbox.get(session=session, conversation_id=conversation_id)
    except DomainError as exc:
        return templates.render(request, "staff/problem.html", user, status_code=404, title=msg.NOT_FOUND_TITLE,
                                message=exc.zh)
    records = resources.records.for_user(user_id=conversation.user_id, channel=conversation.channel) \
        if resources.records is not None else []
    return templates.render(request, template, user, c=conversation, ref=inbox.reference(conversation_id),
                            entries=inbox.transcript(session=session, conversation=conversation), records=records,
                            labels=msg, active=is_active(conversation.state), form_key=uuid.uuid4().hex,
                            msg=request.query_params.get("msg", "")[:200],
                            err=request.query_params.get("err", "")[:300])


@router.get("/staff/inbox/{conversation_id}", response_class=HTMLResponse)
def conversation_page(request: Request, session: SessionDep, resources: ResourcesDep, user: Staff,
                      conversation_id: ConversationId) -> Response:
    """One conversation: the transcript, the user's context, the reply form."""
    return _conversation_context(request, session, resources, user, conversation_id, "handoff/conversation.html")


@router.get("/staff/inbox/{conversation_id}/transcript", response_class=HTMLResponse)
def transcript_part(request: Request, session: SessionDep, resources: ResourcesDep, user: Staff,
                    conversation_id: ConversationId) -> Response:
    """The transcript alone (the page refreshes it with htmx, so new user messages appear)."""
    return _conversation_context(request, session, resources, user, conversation_id, "handoff/transcript.html")


@router.post("/staff/inbox/{conversation_id}/reply")
def reply(session: SessionDep, user: Staff, conversation_id: ConversationId,
          text: Annotated[str, Form(max_length=4000)], key: Annotated[str, Form(min_length=8, max_length=64)],
          _: StaffUser = CsrfChecked) -> Response:
    """Send a reply on the user's channel (LINE push through the outbox; the web chat fetches it)."""
    try:
        _message, new = inbox.reply(session=session, conversation_id=conversation_id, text=text, key=key,
                                    staff=user.username, staff_name=user.name, role=user.role)
    except DomainError as exc:
        return _refused(conversation_id, exc)
    return back(_path(conversation_id), message=msg.REPLIED if new else msg.DUPLICATE)


@router.post("/staff/inbox/{conversation_id}/take")
def take(session: SessionDep, user: Staff, conversation_id: ConversationId, _: StaffUser = CsrfChecked) -> Response:
    """Assign the conversation to the signed-in staff member."""
    try:
        inbox.take(session=session, conversation_id=conversation_id, staff=user.username, staff_name=user.name,
                   role=user.role)
    except DomainError as exc:
        return _refused(conversation_id, exc)
    return back(_path(conversation_id), message=msg.TAKEN)


@router.post("/staff/inbox/{conversation_id}/close")
def close(session: SessionDep, user: Staff, conversation_id: ConversationId, _: StaffUser = CsrfChecked) -> Response:
    """Resolve the conversation and hand it back to the bot (the user is told)."""
    try:
        closed = inbox.close(session=session, conversation_id=conversation_id, staff=user.username, role=user.role)
    except DomainError as exc:
        return _refused(conversation_id, exc)
    return back(_path(conversation_id), message=msg.CLOSED if closed else msg.ALREADY_CLOSED)
