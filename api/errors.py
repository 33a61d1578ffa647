"""Domain errors: what a user or client can act on, in zh-TW and English. Services raise them;
`api.http_errors` is the one place that maps them (and every other failure) to HTTP responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An error a user or client can act on."""

    status = 400
    code = "bad_request"

    def __init__(self, zh: str, en: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(en)
        self.zh, self.en, self.details = zh, en, details


class InvalidInput(DomainError):
    status, code = 400, "invalid_input"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Unavailable(DomainError):
    status, code = 503, "unavailable"


class TooManyRequests(DomainError):
    """Refused for a while (a rate limit, a sign-in lockout); `retry_after` says for how long."""

    status, code = 429, "too_many_requests"

    def __init__(self, zh: str, en: str, retry_after: int, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(zh, en, details)
        self.retry_after = max(1, retry_after)
