"""Experts, their hours and their bookings. Times of day are Asia/Taipei wall-clock times;
instants (slot starts) are stored as UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from api.experts.rules.transitions import ACTIVE as ACTIVE
from api.experts.rules.transitions import OPEN as OPEN
from api.models import utcnow


class Expert(SQLModel, table=True):
    __tablename__ = "expert"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    title: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    tools: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """Of the sixteen digital-tool categories (`taxonomy.TOOLS`)."""
    industries: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    bio: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    meeting_modes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    onsite_region: str = Field(default="", max_length=60)
    active: bool = Field(default=True, index=True)
    slot_minutes: int = 60
    buffer_minutes: int = 15
    min_notice_hours: int = 24
    horizon_days: int = 60
    calendar_token: str = Field(max_length=64, unique=True)
    """The secret in the expert's ICS feed address."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class AvailabilityRule(SQLModel, table=True):
    """Weekly recurring hours: every `weekday` (0 = Monday) from `start` to `end`, Taipei time."""

    __tablename__ = "expert_availability_rule"

    id: int | None = Field(default=None, primary_key=True)
    expert_id: int = Field(foreign_key="expert.id", index=True)
    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None


class AvailabilityException(SQLModel, table=True):
    """A date that differs: time off (the whole day when no times) or extra hours."""

    __tablename__ = "expert_availability_exception"

    id: int | None = Field(default=None, primary_key=True)
    expert_id: int = Field(foreign_key="expert.id", index=True)
    day: date = Field(index=True)
    kind: str = Field(max_length=8)
    """'off' or 'extra'."""
    start: time | None = None
    end: time | None = None
    note: str = Field(default="", max_length=200)


class Booking(SQLModel, table=True):
    """A consultation. `active_slot_key` is set while the booking holds its slot and NULL once it
    is released; its unique constraint makes a second booking of the same slot impossible."""

    __tablename__ = "booking"

    id: int | None = Field(default=None, primary_key=True)
    expert_id: int = Field(foreign_key="expert.id", index=True)
    slot_start: datetime = Field(index=True)
    slot_end: datetime
    status: str = Field(default="pending", max_length=16, index=True)
    active_slot_key: str | None = Field(default=None, max_length=80, unique=True)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128, index=True)
    company: str = Field(max_length=100)
    tax_id: str = Field(max_length=8, index=True)
    contact_name: str = Field(max_length=60)
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=200)
    mode: str = Field(max_length=16)
    topic: str = Field(sa_column=Column(Text, nullable=False))
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """The chat before the booking: questions asked, passages shown, confidence."""
    status_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """Why it was declined or cancelled."""
    proposed_start: datetime | None = None
    """A new time the expert proposed, awaiting the SME's answer."""
    proposal_note: str = Field(default="", max_length=300)
    proposal_token: str | None = Field(default=None, max_length=64, unique=True)
    """The secret in the e-mailed link that answers the current proposal (a new one per proposal)."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)

    @property
    def reference(self) -> str:
        return f"B-{self.id:06d}"


def slot_key(expert_id: int, start: datetime) -> str:
    return f"{expert_id}@{start.astimezone(UTC).strftime('%Y-%m-%dT%H:%MZ')}"


def parse_reference(reference: str) -> int | None:
    text = reference.strip().upper()
    digits = text[2:] if text.startswith("B-") else text
    return int(digits) if digits.isdigit() and 0 < int(digits) < 2**31 else None

