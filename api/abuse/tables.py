"""The counters of rate limits and lockouts when they are kept in the database (no REDIS_URL)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RateCounter(SQLModel, table=True):
    """One counter of the `limits` storage: a count that starts again once `expires_at` passed."""

    __tablename__ = "rate_counter"

    key: str = Field(primary_key=True, max_length=255)
    count: int = Field(default=0, nullable=False)
    expires_at: float = Field(nullable=False, index=True)
    """Unix time (seconds): the counter is void from then on."""
