"""A conversation handed to a person, and what staff (or the console) said in it.

The user's own messages and the bot's replies are the exchanges (`api.models.Exchange`, by the
user's hashed id): one transcript, with staff messages merged in by time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import utcnow


class HandoffConversation(SQLModel, table=True):
    """One per chat user and channel; a new request for a person after it was resolved reopens it."""

    __tablename__ = "handoff_conversation"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_handoff_user"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128)
    """The web session id or LINE user (or group) id: where replies go."""
    user_hash: str = Field(max_length=64, index=True)
    """The pseudonym the user's exchanges are logged under (api.exchanges.hash_user)."""
    state: str = Field(default="open", max_length=12, index=True)
    """open (waiting for a person) -> assigned (a staff member has it) -> resolved (back to the bot)."""
    assignee: str = Field(default="", max_length=60)
    assignee_name: str = Field(default="", max_length=60)
    language: str = Field(default="zh", max_length=8)
    topic: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """The last question before the request (what the bot could not settle)."""
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """What the user typed to ask for a person."""
    acknowledged: bool = False
    """The first message held for staff was acknowledged (later ones are not)."""
    opened_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_user_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    last_staff_at: datetime | None = None
    resolved_at: datetime | None = None
    resolved_by: str = Field(default="", max_length=60)
    """The staff member's username, or 'user' when the user went back to the bot."""


class HandoffMessage(SQLModel, table=True):
    """A staff reply, or the notice that the conversation went back to the bot."""

    __tablename__ = "handoff_message"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="handoff_conversation.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    author: str = Field(max_length=8)
    """'staff' (a reply) or 'system' (the conversation was closed)."""
    staff: str = Field(default="", max_length=60)
    staff_name: str = Field(default="", max_length=60)
    text: str = Field(sa_column=Column(Text, nullable=False))
    key: str = Field(max_length=80, unique=True)
    """The reply form's one-time key: a form submitted twice sends one message."""
