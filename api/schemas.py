"""Request and response bodies of the public API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.inputs import DbId


class ChatRequest(BaseModel):
    session_id: str = Field(min_length=1, max_length=128, description="Stable id of the web chat session.",
                            examples=["3f1c9a7e-web"])
    message: str = Field(default="", max_length=4000, description="What the user typed.",
                         examples=["110年工業館最多補助幾點？"])
    postback: str | None = Field(default=None, max_length=300,
                                 description="Data of a button the user pressed (an action of type postback).")
    locale: str | None = Field(default=None, max_length=16, examples=["zh-TW"])


class SourceOut(BaseModel):
    title: str
    source: str
    snippet: str
    score: float
    year: int | None = None
    hall: str | None = None
    url: str | None = None
    """The page showing the whole entry or guide section (relative to the service)."""


class HistoryTurn(BaseModel):
    exchange_id: int
    created_at: datetime
    question: str
    """What the user sent (a pressed button's label)."""
    answer: str
    intent: str
    sources: list[SourceOut]
    actions: list[dict[str, Any]]
    kind: str = "turn"
    """'turn' (the user's message and the bot's reply; the reply is '' when a person will answer it),
    'staff' (a staff member's reply: `answer`, by `staff_name`) or 'system' (the conversation went back
    to the bot)."""
    message_id: int | None = None
    """For staff and system messages: the id GET /api/chat/updates counts from."""
    staff_name: str = ""
    rateable: bool = False


class ChatHistory(BaseModel):
    session_id: str
    turns: list[HistoryTurn]
    """Oldest first; the last turn's actions are the buttons to show again."""
    with_staff: bool = False
    """True while a person handles this conversation (poll GET /api/chat/updates for their replies)."""


class ChatResponse(BaseModel):
    """The stable web contract (`answer, sources, confidence, actions, handoff`) plus extras."""

    answer: str
    sources: list[SourceOut]
    confidence: float
    actions: list[dict[str, Any]]
    handoff: dict[str, Any] | None
    intent: str
    form: dict[str, Any] | None = None
    rateable: bool = Field(default=False, description="True for answers to questions: show 👍/👎.")
    exchange_id: int | None = Field(default=None, description="Pass to /api/feedback to rate this answer.")


class FeedbackVote(BaseModel):
    """A vote on one answer (the web's or a LINE button's)."""

    exchange_id: DbId
    helpful: bool
    comment: str = Field(default="", max_length=2000)


class FeedbackCreate(FeedbackVote):
    session_id: str = Field(min_length=1, max_length=128, description="The chat session that got the answer.",
                            examples=["3f1c9a7e-web"])


class FeedbackPublic(BaseModel):
    exchange_id: int
    helpful: bool
    comment: str
    created_at: datetime


class ExchangePublic(BaseModel):
    id: int
    created_at: datetime
    channel: str
    user_hash: str
    question: str
    intent: str
    answer: str
    confidence: float
    latency_ms: float
    answered: bool
    rewritten: str | None = None
    """The standalone question a follow-up was rewritten into, when it was."""
    trace: dict[str, Any] = {}
    """Why the bot answered, clarified or declined (passages, ranks, scores, the decision)."""
    helpful: bool | None = None
    feedback_comment: str | None = None


class ContactRequestPublic(BaseModel):
    id: int
    created_at: datetime
    channel: str
    name: str
    phone: str
    topic: str
    note: str
    handled: bool


class Stats(BaseModel):
    exchanges: int
    unanswered: int
    by_intent: dict[str, int]
    by_channel: dict[str, int]
    feedback_up: int
    feedback_down: int
    median_latency_ms: float | None


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
