"""The web chat: the stable JSON contract and a streaming (server-sent events) variant."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from api.conversation import TurnResult, run_turn
from api.deps import ClientAddress, EngineDep, MetricsDep, RatesDep, SessionDep, SettingsDep
from api.schemas import ChatRequest, ChatResponse, ErrorResponse
from bot.answer.streaming import streaming_to
from bot.channels.web import render_web
from bot.types import IncomingMessage

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])

_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 422, 429)}


def _incoming(body: ChatRequest) -> IncomingMessage:
    return IncomingMessage(user_id=body.session_id, channel="web", text=body.message.strip(),
                           postback=body.postback, locale=body.locale)


@router.post("/chat", response_model=ChatResponse, responses=_ERRORS)
def chat(body: ChatRequest, engine: EngineDep, session: SessionDep, settings: SettingsDep, rates: RatesDep,
         address: ClientAddress, metrics: MetricsDep) -> ChatResponse:
    """Send a message (or a button's postback data) and get the assistant's reply."""
    rates.enforce(("chat", body.session_id), ("chat_ip", address))
    result = run_turn(engine=engine, session=session, settings=settings, message=_incoming(body), metrics=metrics)
    return ChatResponse(**render_web(result.reply), exchange_id=result.exchange_id)


def _put(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None], piece: str) -> None:
    loop.call_soon_threadsafe(queue.put_nowait, piece)


@router.post("/chat/stream", responses=_ERRORS)
async def chat_stream(body: ChatRequest, engine: EngineDep, session: SessionDep, settings: SettingsDep,
                      rates: RatesDep, address: ClientAddress, metrics: MetricsDep) -> EventSourceResponse:
    """Same as /api/chat as server-sent events. With an LLM configured, `delta` events carry its
    tokens as they are written; then `reply` carries the finished, checked reply (whose answer
    replaces the streamed text). Without an LLM the reply is sent at once."""
    await run_in_threadpool(rates.enforce, ("chat", body.session_id), ("chat_ip", address))
    if not engine.writes_tokens:  # the extractive answer: nothing to stream, the reply at once
        result = await run_in_threadpool(run_turn, engine=engine, session=session, settings=settings,
                                         message=_incoming(body), metrics=metrics)
        payload = ChatResponse(**render_web(result.reply), exchange_id=result.exchange_id).model_dump()

        async def at_once() -> AsyncIterator[dict[str, str]]:
            yield {"event": "reply", "data": json.dumps(payload, ensure_ascii=False)}

        return EventSourceResponse(at_once(), ping=15)
    loop = asyncio.get_running_loop()
    tokens: asyncio.Queue[str | None] = asyncio.Queue()

    def work() -> TurnResult:
        try:
            with streaming_to(lambda piece: _put(loop, tokens, piece)):
                return run_turn(engine=engine, session=session, settings=settings, message=_incoming(body),
                                metrics=metrics)
        finally:
            loop.call_soon_threadsafe(tokens.put_nowait, None)

    turn = asyncio.ensure_future(run_in_threadpool(work))

    async def events() -> AsyncIterator[dict[str, str]]:
        while (piece := await tokens.get()) is not None:
            yield {"event": "delta", "data": json.dumps({"text": piece}, ensure_ascii=False)}
        try:
            result = await turn
        except Exception:  # the stream has begun: the error goes out as an event, in the error shape
            log.exception("streamed chat turn failed")
            error = {"error": {"code": "internal_error", "message": "系統暫時無法回應，請稍後再試。", "details": None}}
            yield {"event": "error", "data": json.dumps(error, ensure_ascii=False)}
            return
        payload = ChatResponse(**render_web(result.reply), exchange_id=result.exchange_id).model_dump()
        yield {"event": "reply", "data": json.dumps(payload, ensure_ascii=False)}

    return EventSourceResponse(events(), ping=15)
