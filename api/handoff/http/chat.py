"""The web chat's side of a handoff: staff messages the page has not shown yet (polled)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.handoff.http.schemas import ChatUpdates, StaffMessageOut
from api.handoff.rules.states import is_active
from api.handoff.services import desk
from api.schemas import ErrorResponse

router = APIRouter(prefix="/api", tags=["chat"])


@router.get("/chat/updates", response_model=ChatUpdates, responses={422: {"model": ErrorResponse}})
def chat_updates(session_id: Annotated[str, Query(min_length=1, max_length=128)], session: SessionDep,
                 after: Annotated[int, Query(ge=0)] = 0) -> ChatUpdates:
    """Staff messages on this web session after message `after`, and whether a person is handling it."""
    conversation, messages = desk.messages_for(session=session, channel="web", user_id=session_id, after=after)
    return ChatUpdates(session_id=session_id, with_staff=conversation is not None and is_active(conversation.state),
                       messages=[StaffMessageOut(id=m.id or 0, created_at=m.created_at, author=m.author,
                                                 name=m.staff_name, text=m.text) for m in messages])
