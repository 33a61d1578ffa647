"""Engines over the shipped knowledge base, and a `Chat` that talks to one like a user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from bot.answer.extractive import Answerer
from bot.config import EngineConfig
from bot.contact.flow import CONTACT_FLOW
from bot.engine import Engine
from bot.flows.ports import CommitError, CommitResult, FlowRegistry, Submission
from bot.points.loader import load_rules
from bot.state import InMemoryStateStore
from bot.types import IncomingMessage, Reply
from knowledge.assembly import KnowledgeResources

NOW = 1_735_689_600.0  # 2025-01-01 (ROC 114)


class RecordingCommitter:
    """The commit port as a test sees it: keeps submissions, can be told to refuse."""

    def __init__(self) -> None:
        self.submissions: list[Submission] = []
        self.refuse_with: str | None = None

    def commit(self, submission: Submission) -> CommitResult:
        if self.refuse_with:
            raise CommitError(self.refuse_with)
        self.submissions.append(submission)
        return CommitResult(f"C-{len(self.submissions):04d}", "專人會在兩個工作天內與您聯絡。",
                            "Staff will contact you within two working days.")


RULES = load_rules()


@dataclass
class Clock:
    now: float = NOW

    def __call__(self) -> float:
        return self.now


@dataclass
class Chat:
    """One user's conversation with an engine."""

    engine: Engine
    user: str = "u-test"
    channel: str = "web"
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str, locale: str | None = None) -> Reply:
        return self._send(IncomingMessage(self.user, self.channel, text=text, locale=locale))  # type: ignore[arg-type]

    def press(self, label: str) -> Reply:
        """Press the action with this label on the last reply, as a channel would send it."""
        action = next((a for a in self.last.actions if a.label == label), None)
        assert action is not None, f"no action {label!r} in {[a.label for a in self.last.actions]}"
        if action.type == "postback":
            return self._send(IncomingMessage(self.user, self.channel, postback=action.value))  # type: ignore[arg-type]
        return self.say(action.value)

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    def _send(self, msg: IncomingMessage) -> Reply:
        reply = self.engine.handle(msg)
        self.replies.append(reply)
        return reply


@dataclass
class World:
    store: InMemoryStateStore
    clock: Clock
    committer: RecordingCommitter
    make: Callable[..., Engine]

    def chat(self, user: str = "u-test", **engine_kw: object) -> Chat:
        return Chat(self.make(**engine_kw), user=user)


@pytest.fixture
def world(shipped_knowledge: KnowledgeResources) -> World:
    store, clock, committer = InMemoryStateStore(), Clock(), RecordingCommitter()

    def make(answerer: Answerer | None = None, config: EngineConfig | None = None) -> Engine:
        flows = FlowRegistry()
        flows.register(CONTACT_FLOW, committer)
        return Engine(shipped_knowledge.searcher, store=store, config=config, answerer=answerer, flows=flows,
                      clock=clock, rules=RULES)

    return World(store, clock, committer, make)


@pytest.fixture
def chat(world: World) -> Chat:
    return world.chat()
