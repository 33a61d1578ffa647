"""A booking or application waiting for its e-mailed code, and the companies' contacts on file.

The request is stored as it was sent (`payload`) and made real only when the code is confirmed;
until then it holds nothing (no slot, no place in the company limit, no application for the year),
and past `expires_at` it is void. Once confirmed the payload is emptied (the booking or application
holds it now)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import utcnow

PENDING, CONFIRMED = "pending", "confirmed"
STAFF = "staff"
"""`CompanyContact.source` of a contact staff maintain (the others: 'booking', 'application')."""


class PendingConfirmation(SQLModel, table=True):
    __tablename__ = "identity_confirmation"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32, unique=True)
    """The public id of the request (the confirm endpoint's `confirmation`); never the code."""
    kind: str = Field(max_length=16)
    """'booking' or 'application'."""
    tax_id: str = Field(max_length=8, index=True)
    email: str = Field(max_length=200)
    """The address the form gave."""
    sent_to: str = Field(default="", max_length=200)
    """Where the code went: the company's contact on file, or the form's address (first contact)."""
    first_contact: bool = Field(default=False, index=True)
    """Nothing was on file for the company: the code went to the form's address."""
    code_hash: str = Field(max_length=64)
    """HMAC-SHA256 (key from the service's secret) of the token and the code; the code itself is
    only in the e-mail sent (sealed in its outbox row until sent, then scrubbed)."""
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


class CompanyContact(SQLModel, table=True):
    """The address a company's codes go to: learnt from its first confirmed booking or application,
    or maintained by staff. One per 統一編號."""

    __tablename__ = "company_contact"

    tax_id: str = Field(primary_key=True, max_length=8)
    email: str = Field(max_length=200)
    source: str = Field(max_length=16)
    """'booking' or 'application' (the first confirmed one), or 'staff'."""
    updated_by: str = Field(default="", max_length=60)
    """The staff member who set it (source 'staff')."""
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_confirmed_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)
    """The last time a code sent to it was entered (or staff set it): the retention purge forgets a
    learnt contact unused for COMPANY_CONTACT_RETENTION_DAYS."""
