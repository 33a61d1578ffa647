"""Request and response bodies of the curated-answers API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class CuratedIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=4000)
    year: int | None = Field(default=None, ge=100, le=2100, description="ROC year (or Gregorian) the answer applies to")
    hall: str = Field(default="", max_length=8)
    audience: str = Field(default="general", max_length=16)
    source: str = Field(default="", max_length=200, description="The document or decision the answer rests on")
    kind: Literal["answer", "not_answerable"] = Field(
        default="answer", description="not_answerable: the documents don't cover it; `answer` is the reply to give")


class CuratedOut(BaseModel):
    id: int
    question: str
    answer: str
    year: int | None
    hall: str | None
    audience: str
    source: str
    kind: str
    status: str
    created_by: str
    updated_by: str
    invited_expert: str
    created_at: datetime
    hits: int
    last_hit_at: datetime | None


class QueueGroupOut(BaseModel):
    question: str
    asked: int
    last_asked: datetime
    unanswered: int
    disliked: int
    wordings: list[str]
    exchange_ids: list[int]
    curated_id: int | None
    """The curated answer that now covers these questions, if one does."""
    curated_hits: int
    reply: str
    reason: str
    missing: str
    comments: list[str]
    channels: list[str]
