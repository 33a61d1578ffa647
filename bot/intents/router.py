"""The intent units in priority order; the first whose rule matches handles the message."""

from __future__ import annotations

from bot.intents.base import Intent, Turn
from bot.intents.calculator import PointsCalculator
from bot.intents.privacy import MyData
from bot.intents.question import Question
from bot.intents.safety import Abuse, DataRequest, Injection
from bot.intents.scope import OutOfScope
from bot.intents.social import Greeting, HumanHandoff, Thanks
from bot.intents.tasks import ApplyPoints, BookExpert, CheckStatus

SAFETY: tuple[Intent, ...] = (Injection(), MyData(), DataRequest(), Abuse())
"""Checked even inside a flow: nothing else runs when one matches (a user's request about their own
data, `MyData`, goes before the refusal of requests for anyone's data)."""

INTENTS: tuple[Intent, ...] = (
    *SAFETY,
    HumanHandoff(),
    Greeting(),
    Thanks(),
    CheckStatus(),
    BookExpert(),
    ApplyPoints(),
    PointsCalculator(),
    OutOfScope(),
    Question(),
)
BY_NAME: dict[str, Intent] = {intent.name: intent for intent in INTENTS}


def route(turn: Turn, intents: tuple[Intent, ...] = INTENTS) -> Intent:
    return next(intent for intent in intents if intent.matches(turn))


def safety_intent(turn: Turn) -> Intent | None:
    return next((intent for intent in SAFETY if intent.matches(turn)), None)
