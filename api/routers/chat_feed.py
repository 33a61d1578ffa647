"""The web chat page's reads besides its turns: the conversation so far, and what arrived since."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import chat_feed
from api.deps import SessionDep, SettingsDep
from api.inputs import DB_INT_MAX
from api.schemas import ChatHistory, ChatUpdates, ErrorResponse

router = APIRouter(prefix="/api", tags=["chat"])

_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}}
SessionId = Annotated[str, Query(min_length=1, max_length=128)]
Cursor = Annotated[int, Query(ge=0, le=DB_INT_MAX, description="The newest message id the page has shown.")]


@router.get("/chat/history", response_model=ChatHistory, responses=_ERRORS)
def chat_history(session_id: SessionId, session: SessionDep, settings: SettingsDep,
                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> ChatHistory:
    """The conversation so far on this web session (a reloaded page shows it again): each turn's
    question, answer, sources, buttons and form step, staff replies, and the messages about the
    user's bookings and applications, oldest first."""
    return chat_feed.conversation(session=session, salt=settings.user_hash_salt.get_secret_value(),
                                  session_id=session_id, limit=limit)


@router.get("/chat/updates", response_model=ChatUpdates, responses=_ERRORS)
def chat_updates(session_id: SessionId, session: SessionDep, settings: SettingsDep,
                 after: Cursor = 0, after_notice: Cursor = 0) -> ChatUpdates:
    """What reached this web session since the page last looked: staff messages after message
    `after`, messages about its bookings and applications after `after_notice` (and any not yet
    fetched), whether a person is handling it, and when to ask again."""
    return chat_feed.updates(session=session, session_id=session_id, after=after, after_notice=after_notice,
                             poll_seconds=settings.web_poll_seconds)
