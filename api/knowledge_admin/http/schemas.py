"""Request and response bodies of the knowledge-management API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ProblemOut(BaseModel):
    file: str
    line: int | None
    """The line a bad record starts on (FAQ YAML, CSV, JSONL)."""
    reason: str


class ReportOut(BaseModel):
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0
    seconds: float = 0.0
    errors: list[ProblemOut] = []


class JobOut(BaseModel):
    id: int
    state: str
    """queued, running, done (the document answers) or failed (nothing changed; see report.errors)."""
    stage: str
    """load or embed, while running."""
    done: int
    total: int
    filename: str
    document_id: int | None
    report: ReportOut | None
    created_by: str
    created_at: datetime
    updated_at: datetime


class EntryOut(BaseModel):
    id: str
    title: str
    """The FAQ question, or the document's heading path."""
    year: int | None
    hall: str | None
    audience: str


class DocumentOut(BaseModel):
    id: int
    kind: str
    """doc or faq"""
    filename: str
    title: str
    source: str
    year: int | None
    hall: str | None
    audience: str | None
    status: str
    """active (answers) or retired (kept for the record, answers nothing)"""
    chunk_count: int
    content_hash: str
    ingested_at: datetime
    ingested_by: str
    updated_by: str
    report: ReportOut
    entries: list[EntryOut] | None = None
    """With GET /api/admin/documents/{id}: the FAQ entries or passages it holds in the index."""


class TryIn(BaseModel):
    question: str = Field(min_length=1, max_length=1000)


class TryOut(BaseModel):
    reply: dict[str, Any]
    """What the web chat would show: answer, sources, confidence, actions."""
    intent: str
    decision: str | None
    question: str | None
    """The question the engine answered (a follow-up rewritten into a standalone one)."""
    rewrite: str | None
    passages: list[dict[str, Any]]
    """id, title, year, hall, score, dense (cosine), lexical_rank, dense_rank, rank."""
    trace: dict[str, Any]
