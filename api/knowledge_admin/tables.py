"""The registry of documents and FAQ files staff uploaded, and the ingest jobs that bring them in.

The index (Chroma) holds the chunks; these rows say who brought each document in, with which
metadata, and what the ingest reported. A retired document is out of the index and kept here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import utcnow

ACTIVE, RETIRED = "active", "retired"
DOC, FAQ = "doc", "faq"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class KnowledgeDocument(SQLModel, table=True):
    __tablename__ = "knowledge_document"

    id: int | None = Field(default=None, primary_key=True)
    index_id: str = Field(max_length=32, unique=True)
    """The document's id in the index (chunk ids derive from it), stable across replacements."""
    kind: str = Field(max_length=8)
    """doc (a guide or document) or faq (an FAQ file)."""
    filename: str = Field(max_length=200)
    title: str = Field(max_length=300)
    source: str = Field(default="", max_length=200)
    year: int = 0
    hall: str = Field(default="", max_length=8)
    audience: str = Field(default="", max_length=16)
    """As staff set it; blank: as the file says (per entry for an FAQ file)."""
    status: str = Field(default=ACTIVE, max_length=16, index=True)
    chunk_count: int = 0
    content_hash: str = Field(max_length=64)
    """sha256 of the uploaded file."""
    path: str = Field(max_length=500)
    """The stored file (its path is the chunks' source_path in the index)."""
    ingested_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    ingested_by: str = Field(max_length=64)
    report: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by: str = Field(default="", max_length=64)
    """Who last ingested, replaced or retired it."""


class KnowledgeJob(SQLModel, table=True):
    """One upload or replacement being ingested: its progress, readable from any worker."""

    __tablename__ = "knowledge_job"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int | None = Field(default=None, index=True)
    """The document replaced, or (once done) the document created."""
    index_id: str = Field(max_length=32)
    filename: str = Field(max_length=200)
    path: str = Field(max_length=500)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """audience, hall, year, source as staff set them."""
    state: str = Field(default=QUEUED, max_length=16)
    stage: str = Field(default="", max_length=16)
    done: int = 0
    total: int = 0
    report: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
