"""Per-client rate limits (the `limits` package): named rules from the settings, hit per identifier
(a chat session, a LINE user, a client address), counted in the shared storage."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter

from api.abuse import messages as msg
from api.errors import TooManyRequests
from api.settings import Settings

log = logging.getLogger(__name__)


def rules_from(settings: Settings) -> dict[str, str]:
    """Every rule by name: what it limits is in its setting's description."""
    return {"chat": settings.rate_limit_chat, "chat_ip": settings.rate_limit_chat_ip,
            "feedback": settings.rate_limit_feedback, "feedback_ip": settings.rate_limit_feedback_ip,
            "applications_ip": settings.rate_limit_applications_ip, "line": settings.rate_limit_line}


class RateLimits:
    def __init__(self, storage: Storage, *, rules: Mapping[str, str], strategy: str = "fixed-window",
                 namespace: str = "tcloud", on_refused: Callable[[str], None] | None = None) -> None:
        """`on_refused(rule)`: told of every refusal (the metrics count them)."""
        self.storage = storage
        self.on_refused = on_refused
        self.limiter: RateLimiter = (MovingWindowRateLimiter(storage) if strategy == "moving-window"
                                     else FixedWindowRateLimiter(storage))
        self.rules: dict[str, list[RateLimitItem]] = {name: parse_many(text) for name, text in rules.items()}
        self.namespace = namespace

    @classmethod
    def from_settings(cls, settings: Settings, storage: Storage,
                      on_refused: Callable[[str], None] | None = None) -> RateLimits:
        return cls(storage, rules=rules_from(settings), strategy=settings.rate_limit_strategy,
                   namespace=settings.rate_limit_namespace, on_refused=on_refused)

    def hit(self, rule: str, identifier: str) -> float:
        """Count one request; 0 when it is allowed, else the seconds until it would be."""
        wait = 0.0
        try:
            for item in self.rules[rule]:
                if not self.limiter.hit(item, self.namespace, rule, identifier):
                    reset = self.limiter.get_window_stats(item, self.namespace, rule, identifier).reset_time
                    wait = max(wait, reset - time.time(), 1.0)
        except StorageError:  # the counters are out of reach: serve rather than refuse everyone
            log.exception("rate limit %s not checked: storage unavailable", rule)
        if wait and self.on_refused is not None:
            self.on_refused(rule)
        return wait

    def enforce(self, *checks: tuple[str, str]) -> None:
        """Count the request under every (rule, identifier); refuse it (429) if any is over its limit."""
        wait = max((self.hit(rule, identifier) for rule, identifier in checks), default=0.0)
        if wait:
            log.info("rate limit: refused %s for %.0f s", ",".join(rule for rule, _ in checks), wait)
            raise TooManyRequests(*msg.too_many_requests(wait), retry_after=math.ceil(wait))

    def notice_due(self, rule: str, identifier: str) -> bool:
        """True once per window of `rule` for this identifier: whether to tell someone refused so."""
        first = self.rules[rule][0]
        once = type(first)(1, first.multiples)
        try:
            return self.limiter.hit(once, self.namespace, f"{rule}:notice", identifier)
        except StorageError:
            log.exception("rate limit notice %s not checked: storage unavailable", rule)
            return False
