"""The curated answers staff (or an invited expert) wrote, with how often each has answered since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from api.curated.rules.fields import ANSWER, NOT_ANSWERABLE  # noqa: F401  (an answer, or "not answerable")
from api.models import utcnow

ACTIVE, RETIRED, INVITED, DRAFT = "active", "retired", "invited", "draft"
"""active answers; retired is kept for the record; invited waits for an expert's answer; draft is an
expert's answer waiting for an editor to publish it. Only active answers answer anything."""



class CuratedAnswer(SQLModel, table=True):
    __tablename__ = "curated_answer"

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    year: int = 0
    hall: str = Field(default="", max_length=8)
    audience: str = Field(default="general", max_length=16)
    source: str = Field(default="", max_length=200)
    kind: str = Field(default=ANSWER, max_length=16)
    status: str = Field(default=ACTIVE, max_length=16, index=True)
    created_by: str = Field(default="", max_length=64)
    updated_by: str = Field(default="", max_length=64)
    invited_expert: str = Field(default="", max_length=60, index=True)
    """The expert console account asked to answer it ('' when staff wrote it)."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    hits: int = 0
    last_hit_at: datetime | None = None
