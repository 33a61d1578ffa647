"""Out of scope: topics the assistant does not cover (weather, stocks, poems, other schemes...).

Rules come from bot/data/out_of_scope.yaml; anything they miss still meets the confidence
policy, which declines questions the knowledge base does not cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.intents.base import Services, Turn
from bot.messages import t
from bot.types import OUT_OF_SCOPE, Action, Reply
from knowledge.text import to_traditional

TOPICS_FILE = Path(__file__).resolve().parents[1] / "data" / "out_of_scope.yaml"


@dataclass(frozen=True)
class ScopeRules:
    anchors: tuple[str, ...]
    topics: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> ScopeRules:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(_words(data.get("anchors")),
                   {str(k): _words(v) for k, v in (data.get("topics") or {}).items()})

    def topic(self, text: str) -> str | None:
        """The out-of-scope topic `text` is about, or None (also when it names the programme)."""
        norm = to_traditional(text).lower()
        if any(_contains(norm, a) for a in self.anchors):
            return None
        return next((name for name, words in self.topics.items() if any(_contains(norm, w) for w in words)), None)


def _words(items: list[object] | None) -> tuple[str, ...]:
    return tuple(to_traditional(str(w)).lower() for w in items or ())


def _contains(text: str, word: str) -> bool:
    """Chinese words match anywhere; English ones only as whole words ('train' is not in 'trained')."""
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", text) is not None
    return word in text


@lru_cache(maxsize=2)
def scope_rules(path: Path = TOPICS_FILE) -> ScopeRules:
    return ScopeRules.load(path)


class OutOfScope:
    name = OUT_OF_SCOPE

    def matches(self, turn: Turn) -> bool:
        return scope_rules().topic(turn.text) is not None

    def handle(self, turn: Turn, services: Services) -> Reply:
        return Reply(t("out_of_scope", turn.lang), OUT_OF_SCOPE, turn.lang, actions=(
            Action("message", t("act_example_1", turn.lang), t("act_example_1", turn.lang)),
            Action("message", t("act_example_2", turn.lang), t("act_example_2", turn.lang))))
