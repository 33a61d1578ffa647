"""The experts' side of a booking: console accounts and sessions, consultation notes, surveys
(messages go through the shared outbox, api/outbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from api.models import utcnow


class ConsoleAccount(SQLModel, table=True):
    """A person who signs in to the console: an expert (sees their own bookings) or staff."""

    __tablename__ = "console_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=8)
    """'expert' or 'staff'."""
    expert_id: int | None = Field(default=None, foreign_key="expert.id", index=True)
    display_name: str = Field(default="", max_length=60)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_login_at: datetime | None = None


class ConsoleSession(SQLModel, table=True):
    """A signed-in session; only the token's SHA-256 is stored."""

    __tablename__ = "console_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="console_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(index=True)


class ConsultationNote(SQLModel, table=True):
    """The expert's structured notes on one consultation."""

    __tablename__ = "consultation_note"

    booking_id: int = Field(foreign_key="booking.id", primary_key=True)
    diagnosis: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recommended_tools: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    follow_up: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class Survey(SQLModel, table=True):
    """The satisfaction survey sent to the SME after a completed consultation."""

    __tablename__ = "booking_survey"

    booking_id: int = Field(foreign_key="booking.id", primary_key=True)
    token: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    rating: int | None = None
    """1 (very dissatisfied) to 5 (very satisfied)."""
    recommend: bool | None = None
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    answered_at: datetime | None = None
