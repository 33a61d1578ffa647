"""Dialogue state per user, kept through a small storage port.

The state is plain JSON (`to_dict` / `from_dict`), so any store can hold it: the in-memory
one here for tests and the CLI, a database-backed one in `api/`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from bot.types import Language


@dataclass
class FlowState:
    name: str
    step: int = 0
    values: dict[str, str] = field(default_factory=dict)
    confirming: bool = False
    return_to_confirm: bool = False
    """Set while the user edits one field from the confirmation step."""
    updated_at: float = 0.0
    resume_offered: bool = False
    auto: list[str] = field(default_factory=list)
    """Steps filled for the user (values given at the start, merged from a draft): not asked,
    not counted in 「第n／m步」."""


@dataclass
class SourceRef:
    chunk_id: str
    title: str
    year: int
    hall: str


@dataclass
class Pending:
    """A clarifying question the engine asked and waits an answer for."""

    kind: str
    """'hall' or 'year'."""
    question: str
    options: list[str] = field(default_factory=list)


@dataclass
class DialogueState:
    language: Language = "zh"
    flow: FlowState | None = None
    last_question: str = ""
    last_sources: list[SourceRef] = field(default_factory=list)
    pending: Pending | None = None
    turns: int = 0
    recent_questions: list[str] = field(default_factory=list)
    """The user's last few questions, oldest first (the context a booking carries)."""
    last_confidence: float = 0.0
    last_answered: bool = True
    """False when the last question got no answer from the knowledge base (or a clarifying question)."""

    def remember_question(self, question: str, keep: int = 5) -> None:
        if not self.recent_questions or self.recent_questions[-1] != question:
            self.recent_questions = [*self.recent_questions, question][-keep:]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        flow = data.get("flow")
        pending = data.get("pending")
        return cls(
            language="en" if data.get("language") == "en" else "zh",
            flow=FlowState(**flow) if isinstance(flow, dict) else None,
            last_question=str(data.get("last_question", "")),
            last_sources=[SourceRef(**s) for s in data.get("last_sources", []) if isinstance(s, dict)],
            pending=Pending(**pending) if isinstance(pending, dict) else None,
            turns=int(data.get("turns", 0)),
            recent_questions=[str(q) for q in data.get("recent_questions", [])][-5:],
            last_confidence=float(data.get("last_confidence", 0.0)),
            last_answered=bool(data.get("last_answered", True)),
        )


class StateStore(Protocol):
    """Where dialogue state lives between messages; keyed by channel and user id."""

    def get(self, key: str) -> DialogueState | None: ...

    def save(self, key: str, state: DialogueState) -> None: ...

    def delete(self, key: str) -> None: ...


class InMemoryStateStore:
    """Keeps the JSON text of each state, so a state that would not survive a database does not
    survive here either."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> DialogueState | None:
        with self._lock:
            raw = self._data.get(key)
        return DialogueState.from_dict(json.loads(raw)) if raw is not None else None

    def save(self, key: str, state: DialogueState) -> None:
        raw = json.dumps(state.to_dict(), ensure_ascii=False)
        with self._lock:
            self._data[key] = raw

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def __len__(self) -> int:
        return len(self._data)
