"""The staff audit trail: who did what, when (staff accounts themselves are console accounts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import utcnow


class StaffAction(SQLModel, table=True):
    """One thing a staff member did: an upload, a curated answer, a reply, a review decision."""

    __tablename__ = "staff_action"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    actor: str = Field(max_length=60, index=True)
    """The staff member's username (or 'admin-token' for the scripts' bearer token)."""
    role: str = Field(default="", max_length=8)
    action: str = Field(max_length=40, index=True)
    """What was done, e.g. 'sign_in', 'account.create', 'document.upload', 'application.approve'."""
    target: str = Field(default="", max_length=80)
    """What it was done to: an id or reference (P111-…, B-000012, document 7)."""
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
