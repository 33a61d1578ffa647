"""The web chat: the stable JSON contract and a streaming (server-sent events) variant."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from api.conversation import run_turn
from api.deps import EngineDep, SessionDep, SettingsDep
from api.schemas import ChatRequest, ChatResponse, ErrorResponse
from bot.channels.web import render_web
from bot.types import IncomingMessage

router = APIRouter(prefix="/api", tags=["chat"])

_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def _incoming(body: ChatRequest) -> IncomingMessage:
    return IncomingMessage(user_id=body.session_id, channel="web", text=body.message.strip(),
                           postback=body.postback, locale=body.locale)


@router.post("/chat", response_model=ChatResponse, responses=_ERRORS)
def chat(body: ChatRequest, engine: EngineDep, session: SessionDep, settings: SettingsDep) -> ChatResponse:
    """Send a message (or a button's postback data) and get the assistant's reply."""
    result = run_turn(engine=engine, session=session, settings=settings, message=_incoming(body))
    return ChatResponse(**render_web(result.reply), exchange_id=result.exchange_id)


_PIECE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")


def _pieces(text: str) -> list[str]:
    """The answer in sentence-sized pieces, the unit the web page reveals as it 'types'."""
    return [p for p in _PIECE.findall(text) if p]


@router.post("/chat/stream", responses=_ERRORS)
async def chat_stream(body: ChatRequest, engine: EngineDep, session: SessionDep,
                      settings: SettingsDep) -> EventSourceResponse:
    """Same as /api/chat as server-sent events: `delta` events with answer text, then `reply`."""
    result = await run_in_threadpool(run_turn, engine=engine, session=session, settings=settings,
                                     message=_incoming(body))
    payload = ChatResponse(**render_web(result.reply), exchange_id=result.exchange_id).model_dump()

    async def events() -> AsyncIterator[dict[str, str]]:
        for piece in _pieces(result.reply.text):
            yield {"event": "delta", "data": json.dumps({"text": piece}, ensure_ascii=False)}
        yield {"event": "reply", "data": json.dumps(payload, ensure_ascii=False)}

    return EventSourceResponse(events(), ping=15)
