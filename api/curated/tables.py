"""The curated answers staff wrote, with how often each has answered since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from api.models import utcnow

ACTIVE, RETIRED = "active", "retired"


class CuratedAnswer(SQLModel, table=True):
    __tablename__ = "curated_answer"

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    year: int = 0
    hall: str = Field(default="", max_length=8)
    audience: str = Field(default="general", max_length=16)
    source: str = Field(default="", max_length=200)
    status: str = Field(default=ACTIVE, max_length=16, index=True)
    """active (answers) or retired (kept for the record, answers nothing)."""
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    hits: int = 0
    last_hit_at: datetime | None = None
