"""Tables of record. Table models are never returned from the API as they are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class DialogueStateRow(SQLModel, table=True):
    """The engine's per-user dialogue state (JSON), so any worker or instance can continue a chat."""

    __tablename__ = "dialogue_state"

    key: str = Field(primary_key=True, max_length=200)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)


class Exchange(SQLModel, table=True):
    """One question and the reply it got, for staff analytics."""

    __tablename__ = "exchange"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    channel: str = Field(max_length=16, index=True)
    user_hash: str = Field(max_length=64, index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    intent: str = Field(max_length=32, index=True)
    answer: str = Field(sa_column=Column(Text, nullable=False))
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    confidence: float = 0.0
    latency_ms: float = 0.0
    language: str = Field(default="zh", max_length=8)
    answered: bool = Field(default=True, index=True)
    """False when the bot could not answer from the knowledge base (staff follow these up)."""
    rewritten: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """The standalone question a follow-up became (「那商業館呢？」 -> 「110年度商業館最多補助幾點？」)."""
    trace: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    """Why it answered, clarified or declined: passages with their ranks and scores, the decision."""
    actions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    """The buttons the reply offered (a reloaded chat shows them again)."""
    form: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """Where a form was when the reply showed one of its steps (flow, step, index, total, prompt,
    confirming; never the answers), so a reloaded chat shows the step again."""


class Feedback(SQLModel, table=True):
    """A thumbs up/down on one answer; a second vote on the same answer replaces the first."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("exchange_id", name="uq_feedback_exchange"),)

    id: int | None = Field(default=None, primary_key=True)
    exchange_id: int = Field(foreign_key="exchange.id", nullable=False)
    helpful: bool
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class ContactRequest(SQLModel, table=True):
    """A user asked for a person to call back (the contact flow)."""

    __tablename__ = "contact_request"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128)
    name: str = Field(max_length=60)
    phone: str = Field(max_length=30)
    topic: str = Field(max_length=30)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    handled: bool = Field(default=False, index=True)
