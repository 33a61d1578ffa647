"""Codes: drawn at random, stored only as a hash, compared in constant time. Pure."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from bot.flows.code import CODE_DIGITS


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


def code_hash(token: str, code: str) -> str:
    return hashlib.sha256(f"{token}:{code}".encode()).hexdigest()


def code_matches(token: str, code: str, stored_hash: str) -> bool:
    return secrets.compare_digest(code_hash(token, code), stored_hash)


def expired(expires_at: datetime, now: datetime) -> bool:
    moment = expires_at if expires_at.tzinfo is not None else expires_at.replace(tzinfo=UTC)
    return moment <= now
