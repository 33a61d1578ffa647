"""A question about the programme: the fallback intent. Also takes the answer to a clarifying
question ("工業館") and follow-ups that only change the year or 館 ("那111年呢？")."""

from __future__ import annotations

from bot.intents.base import Services, Turn
from bot.types import QUESTION, Reply
from knowledge.programme import only_hints


class Question:
    name = QUESTION

    def matches(self, turn: Turn) -> bool:
        return True

    def handle(self, turn: Turn, services: Services) -> Reply:
        qa, state = services.qa, turn.state
        hints = qa.hints(turn.text)
        pending = state.pending
        if pending is not None and hints.halls and only_hints(turn.text, hints):
            return qa.reply(pending.question, turn.lang, state, refine=hints)
        if state.last_question and only_hints(turn.text, hints):
            return qa.reply(state.last_question, turn.lang, state, refine=hints)
        return qa.reply(turn.text, turn.lang, state)
