"""A booking or application waiting for its e-mailed code. The request is stored as it was sent
(`payload`) and made real only when the code is confirmed; until then it holds nothing (no slot, no
place in the company limit, no application for the year), and past `expires_at` it is void."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import utcnow

PENDING, CONFIRMED = "pending", "confirmed"


class PendingConfirmation(SQLModel, table=True):
    __tablename__ = "identity_confirmation"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32, unique=True)
    """The public id of the request (the confirm endpoint's `confirmation`); never the code."""
    kind: str = Field(max_length=16)
    """'booking' or 'application'."""
    tax_id: str = Field(max_length=8, index=True)
    email: str = Field(max_length=200)
    code_hash: str = Field(max_length=64)
    """sha256 of the token and the code: the code itself is kept only in the e-mail sent."""
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    channel: str = Field(max_length=16)
    user_id: str = Field(default="", max_length=128)
    status: str = Field(default=PENDING, max_length=16, index=True)
    attempts: int = 0
    """Wrong codes given (the lockout refuses more after a few)."""
    reference: str = Field(default="", max_length=20)
    """The booking or application it became."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(index=True)
    confirmed_at: datetime | None = None
