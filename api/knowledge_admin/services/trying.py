""""Try a question": what the bot would answer a new user, with the engine's trace (the rewritten
question, the passages with their ranks and scores, the decision). Nothing is logged as an
exchange and the throwaway conversation is forgotten afterwards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from api.errors import InvalidInput
from api.knowledge_admin import messages as msg
from bot.channels.web import render_web
from bot.engine import Engine
from bot.types import IncomingMessage


@dataclass(frozen=True)
class Trial:
    reply: dict[str, Any]
    """The reply as the web chat would show it (answer, sources, confidence, actions)."""
    intent: str
    trace: dict[str, Any]


def try_question(*, engine: Engine, question: str, locale: str | None = None) -> Trial:
    if not question.strip():
        raise InvalidInput(*msg.BLANK_QUESTION, [{"field": "question", "problem": "blank"}])
    incoming = IncomingMessage(user_id=f"staff-try-{uuid.uuid4().hex}", channel="web", text=question.strip(),
                               locale=locale)
    try:
        reply = engine.handle(incoming)
    finally:
        engine.reset(incoming)
    return Trial(reply=render_web(reply), intent=reply.intent, trace=reply.trace)
