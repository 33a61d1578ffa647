"""The outbox table: one message to one person about one thing (a booking, an application)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from api.models import utcnow

QUEUED, CLAIMED, SENT, UNDELIVERABLE, FAILED = "queued", "claimed", "sent", "undeliverable", "failed"
STATUSES = (QUEUED, CLAIMED, SENT, UNDELIVERABLE, FAILED)
EMAIL = "email"
"""The channel of e-mail rows (written beside the chat row of the same message)."""
WEB = "web"
"""The web chat's channel: nobody pushes its rows; the open page fetches them (`api.outbox.web`)."""


class OutboxMessage(SQLModel, table=True):
    """`key` is unique, so a message is written once; the sender claims a row (queued -> claimed)
    with a conditional update, so two workers never both send it."""

    __tablename__ = "outbox_message"
    # The web chat page asks for its own messages every few seconds (api.outbox.web).
    __table_args__ = (Index("ix_outbox_message_chat", "channel", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, unique=True)
    topic: str = Field(default="booking", max_length=16, index=True)
    """What the message is about: 'booking' or 'application'."""
    subject: str = Field(default="", max_length=40)
    """The thing's reference (B-000012, P110-…)."""
    booking_id: int | None = Field(default=None, foreign_key="booking.id", index=True)
    recipient: str = Field(max_length=8)
    """'sme' (the user who asked), or 'expert'."""
    channel: str = Field(max_length=16)
    """The user's chat channel ('line': pushed; 'web': fetched by the open chat page), 'console' for the
    expert's console outbox, or 'email' (a separate row beside the chat one, so each channel is
    delivered and retried on its own)."""
    address: str = Field(default="", max_length=200)
    """The chat user id, the expert's id (console), or the e-mail address (channel 'email')."""
    kind: str = Field(max_length=24)
    text: str = Field(sa_column=Column(Text, nullable=False))
    actions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    email_subject: str = Field(default="", max_length=200)
    """The subject line of an e-mail (channel 'email'); `text` is its body."""
    attachments: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """Files sent with an e-mail: {"filename", "content_type", "content"} (text content, e.g. an ICS)."""
    status: str = Field(default=QUEUED, max_length=16, index=True)
    """queued -> claimed -> sent | undeliverable | failed; a web row: queued -> sent once the page
    fetched it."""
    attempts: int = 0
    claimed_by: str = Field(default="", max_length=64)
    claimed_at: datetime | None = None
    next_attempt_at: datetime | None = Field(default=None, index=True)
    """A failed e-mail is tried again from this moment on (back-off); NULL: at once."""
    last_error: str = Field(default="", max_length=300)
    """Why the last try failed (for staff: GET /api/admin/outbox?status=failed)."""
    sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
