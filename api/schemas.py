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
    'staff' (a staff member's reply: `answer`, by `staff_name`), 'system' (the conversation went back
    to the bot) or 'notice' (a message about a booking or an application, e.g. the expert's decision:
    `answer` with its buttons in `actions`; `intent` says what happened)."""
    message_id: int | None = None
    """For staff, system and notice messages: the id GET /api/chat/updates counts from (`after` for
    staff and system messages, `after_notice` for notices)."""
    staff_name: str = ""
    rateable: bool = False
    form: dict[str, Any] | None = None
    """For a turn that showed a form step: where the form was (flow, step, index, total, prompt,
    confirming), so a reloaded page shows the step counter again."""
    topic: str = ""
    """For a notice: what it is about ('booking' or 'application')."""
    subject: str = ""
    """For a notice: the booking's or application's reference."""


class ChatHistory(BaseModel):
    session_id: str
    turns: list[HistoryTurn]
    """Oldest first; the last turn's actions are the buttons to show again."""
    with_staff: bool = False
    """True while a person handles this conversation (poll GET /api/chat/updates for their replies)."""


class StaffMessageOut(BaseModel):
    id: int
    created_at: datetime
    author: str
    """'staff' (a reply) or 'system' (the conversation went back to the bot)."""
    name: str
    """The staff member's display name ('' for system notices)."""
    text: str


class NoticeOut(BaseModel):
    """A message about one of the user's bookings or applications (an expert's decision, a new status)."""

    id: int
    created_at: datetime
    topic: str
    """'booking' or 'application'."""
    subject: str
    """The booking's or application's reference (B-000012, P110-…)."""
    kind: str
    """What happened (confirmed, declined, proposal, reminder, approved…)."""
    text: str
    actions: list[dict[str, Any]]
    """Its buttons, as in a chat reply (e.g. 接受新時間 / 維持原時間, 重新預約)."""


class ChatUpdates(BaseModel):
    session_id: str
    with_staff: bool
    """True while a person handles this conversation (the bot does not answer typed messages)."""
    messages: list[StaffMessageOut]
    """Staff messages after `after`, oldest first."""
    notices: list[NoticeOut] = []
    """Messages about the user's bookings and applications after `after_notice` (and any not yet
    fetched), oldest first; each is delivered once fetched."""
    poll_seconds: float
    """When to ask again."""


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
