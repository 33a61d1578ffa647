"""Codes: drawn at random, stored only as an HMAC under the service's secret, compared in constant
time. Pure."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from bot.flows.code import CODE_DIGITS

_LABEL = b"tcloud identity codes v1"


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


def code_key(secret: str) -> bytes:
    """The key of the code HMACs, derived from the service's secret (its own label, so it is not
    the key of the pseudonyms or of the outbox's sealed parts)."""
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def code_hash(key: bytes, token: str, code: str) -> str:
    """HMAC-SHA256 of the request's token and the code: without the key, the million possible
    codes cannot be tried against a stolen database."""
    return hmac.new(key, f"{token}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(key: bytes, token: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(code_hash(key, token, code), stored_hash)


def expired(expires_at: datetime, now: datetime) -> bool:
    moment = expires_at if expires_at.tzinfo is not None else expires_at.replace(tzinfo=UTC)
    return moment <= now
