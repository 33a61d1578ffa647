"""Tables of the digital-point applications: applications, drafts, the funded-companies registry
and the audit trail. Table models are never returned from the API as they are."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import utcnow

SUBMITTED, UNDER_REVIEW, APPROVED = "submitted", "under_review", "approved"
REJECTED, WITHDRAWN = "rejected", "withdrawn"
ACTIVE = frozenset({SUBMITTED, UNDER_REVIEW, APPROVED})
"""A company holds at most one application in these states per programme year."""


def active_key(ubn: str, year: int) -> str:
    return f"{ubn}:{year}"


class PointsApplication(SQLModel, table=True):
    """One application for digital points. `active_key` is set ("ubn:year") while the application
    is active and NULL otherwise: its unique index lets a company hold one active application per
    year on SQLite and PostgreSQL alike (NULLs never collide), however many were withdrawn."""

    __tablename__ = "points_application"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    ubn: str = Field(max_length=8, index=True)
    year: int = Field(index=True)
    hall: str = Field(max_length=8)
    status: str = Field(max_length=16, index=True)
    active_key: str | None = Field(default=None, max_length=20, unique=True)
    company_name: str = Field(max_length=60)
    industry: str = Field(max_length=32)
    employees: int
    paid_in_capital: int = Field(sa_column=Column(BigInteger, nullable=False))
    annual_revenue: int = Field(sa_column=Column(BigInteger, nullable=False))
    factory_registration: str = Field(max_length=16)
    region: str = Field(max_length=8)
    contact_name: str = Field(max_length=30)
    phone: str = Field(max_length=30)
    email: str = Field(max_length=120)
    consent_at: datetime
    channel: str = Field(max_length=16)
    """Where it was submitted: web, line (chat users) or api."""
    user_id: str = Field(default="", max_length=128, index=True)
    cap_points: int
    ratio: str = Field(max_length=8)
    points_granted: int | None = None
    verdict: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """The clause-by-clause eligibility verdict at submission."""
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """Registry entries staff should look at (possible double funding)."""
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    resubmission_of: int | None = Field(default=None, foreign_key="points_application.id")
    created_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    decided_at: datetime | None = None


class PointsDraft(SQLModel, table=True):
    """An unfinished application: one per company, year and chat user."""

    __tablename__ = "points_draft"
    __table_args__ = (UniqueConstraint("ubn", "year", "channel", "user_id", name="uq_points_draft_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    ubn: str = Field(max_length=8, index=True)
    year: int
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128)
    data: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    resume_failures: int = 0
    """Wrong answers from other users asking to resume it (it locks after a few)."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)


class FundedCompany(SQLModel, table=True):
    """The registry of companies already funded (duplicate-subsidy check), imported by staff."""

    __tablename__ = "funded_company"
    __table_args__ = (UniqueConstraint("ubn", "programme", "year", name="uq_funded_company"),)

    id: int | None = Field(default=None, primary_key=True)
    ubn: str = Field(max_length=8, index=True)
    programme: str = Field(max_length=100)
    year: int
    note: str = Field(default="", max_length=200)
    source: str = Field(max_length=60)
    """'csv' for a staff import, 'application:<reference>' for points we granted."""
    imported_by: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class ApplicationAudit(SQLModel, table=True):
    """Who did what to an application, and when (never updated or deleted)."""

    __tablename__ = "points_application_audit"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="points_application.id", index=True)
    at: datetime = Field(default_factory=utcnow, nullable=False)
    actor: str = Field(max_length=160)
    action: str = Field(max_length=32)
    from_status: str = Field(default="", max_length=16)
    to_status: str = Field(default="", max_length=16)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class PointsWaitlist(SQLModel, table=True):
    """Someone who asked to apply while no year was taking applications and asked to be told when
    one opens (「開放申請時通知我」). One row per chat user; asking again only updates the time."""

    __tablename__ = "points_waitlist"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128)
    asked_in_year: int
    """The ROC year it was asked in (115 in 2026)."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
