"""What every intent unit sees (`Turn`) and may use (`Services`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from bot.answer.pipeline import QuestionAnswering
from bot.config import EngineConfig
from bot.flows.ports import FlowRegistry, RecordsPort
from bot.flows.runner import FlowRunner
from bot.points.model import RuleBook
from bot.state import DialogueState
from bot.types import IncomingMessage, Language, Reply


@dataclass
class Turn:
    message: IncomingMessage
    text: str
    lang: Language
    state: DialogueState
    now: float

    @property
    def norm(self) -> str:
        """NFKC, lower case: what the rules match against."""
        return unicodedata.normalize("NFKC", self.text).lower()


@dataclass
class Services:
    config: EngineConfig
    qa: QuestionAnswering
    flows: FlowRegistry
    runner: FlowRunner
    records: RecordsPort | None = None
    rules: RuleBook | None = None
    """The points rule book (built at start-up); None when the calculator is not offered."""


class Intent(Protocol):
    name: str

    def matches(self, turn: Turn) -> bool: ...

    def handle(self, turn: Turn, services: Services) -> Reply: ...


def any_pattern(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any of `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
