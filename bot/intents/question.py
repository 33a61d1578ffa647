"""A question about the programme: the fallback intent. Follow-ups (「那111年呢？」「要準備什麼？」),
answers to a clarifying question and terse topics are resolved by `QuestionAnswering.respond`."""

from __future__ import annotations

from bot.intents.base import Services, Turn
from bot.types import QUESTION, Reply


class Question:
    name = QUESTION

    def matches(self, turn: Turn) -> bool:
        return True

    def handle(self, turn: Turn, services: Services) -> Reply:
        return services.qa.respond(turn.text, turn.lang, turn.state)
