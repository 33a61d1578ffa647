"""The privacy audit: every export and erasure, by the user in the chat or by staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import utcnow


class PrivacyRequest(SQLModel, table=True):
    """One export or erasure of a chat user's data. The user is named by their pseudonym only
    (`api.exchanges.hash_user`), so the audit itself keeps nothing personal."""

    __tablename__ = "privacy_request"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    kind: str = Field(max_length=8)
    """'export' or 'erase'."""
    requested_by: str = Field(max_length=70)
    """'user' (in the chat) or 'staff:<username>'."""
    channel: str = Field(max_length=16)
    user_hash: str = Field(max_length=64, index=True)
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """What was exported or erased, as numbers per kind of record (never the data)."""
