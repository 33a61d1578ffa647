"""Lockout with back-off for anything proven by a secret: a console or staff password, the contact
phone of an application. After `max_failures` wrong tries within the window, an account (or a
client address, with its own larger allowance) is refused for `base_seconds`, doubling with each
further lock up to `max_seconds`, even with the right secret. Counted in the shared storage, so
every worker and instance sees the same lock.

Use it around the check of the secret:

    lockout.check(account="console:alice", address=client)      # raises TooManyRequests (429)
    if not password_ok:
        lockout.failed(account="console:alice", address=client)
        raise Unauthorized(...)
    lockout.succeeded(account="console:alice")

Account keys are namespaced by the caller ("console:", "staff:", "application:"); addresses are
shared, so one address guessing at several kinds of secret is counted once.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits.errors import StorageError
from limits.storage import Storage

from api.abuse import messages as msg
from api.errors import TooManyRequests
from api.settings import Settings

log = logging.getLogger(__name__)

STRIKES_SECONDS = 86_400
"""The back-off starts again a day after the first lock."""


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    window_seconds: int
    base_seconds: int
    max_seconds: int


class Lockout:
    def __init__(self, storage: Storage, *, account: LockoutPolicy, address: LockoutPolicy,
                 namespace: str = "tcloud", on_refused: Callable[[str], None] | None = None) -> None:
        """`on_refused("lockout_account" | "lockout_address")`: told of every refusal (metrics)."""
        self.storage, self.namespace = storage, namespace
        self.policies = {"account": account, "address": address}
        self.on_refused = on_refused

    @classmethod
    def from_settings(cls, settings: Settings, storage: Storage,
                      on_refused: Callable[[str], None] | None = None) -> Lockout:
        def policy(max_failures: int) -> LockoutPolicy:
            return LockoutPolicy(max_failures, settings.lockout_window_seconds, settings.lockout_base_seconds,
                                 settings.lockout_max_seconds)

        return cls(storage, account=policy(settings.lockout_max_failures),
                   address=policy(settings.lockout_ip_max_failures), namespace=settings.rate_limit_namespace,
                   on_refused=on_refused)

    def _key(self, part: str, kind: str, key: str) -> str:
        return f"{self.namespace}/lockout/{part}/{kind}/{key}"

    def _keys(self, account: str, address: str) -> list[tuple[str, str]]:
        return [(kind, key) for kind, key in (("account", account), ("address", address)) if key]

    def locked_for(self, kind: str, key: str) -> float:
        """Seconds this account or address is still locked (0: it may try)."""
        lock = self._key("lock", kind, key)
        try:
            if self.storage.get(lock) <= 0:
                return 0.0
            return max(0.0, self.storage.get_expiry(lock) - time.time())
        except StorageError:  # out of reach: let the secret decide rather than lock everyone out
            log.exception("lockout not checked: storage unavailable")
            return 0.0

    def check(self, *, account: str = "", address: str = "") -> None:
        """Refuse (429, saying when to try again) while the account or the address is locked."""
        waits = {kind: self.locked_for(kind, key) for kind, key in self._keys(account, address)}
        wait = max(waits.values(), default=0.0)
        if wait > 0:
            if self.on_refused is not None:
                for kind in (k for k, w in waits.items() if w > 0):
                    self.on_refused(f"lockout_{kind}")
            raise TooManyRequests(*msg.locked_out(wait), retry_after=math.ceil(wait))

    def failed(self, *, account: str = "", address: str = "") -> None:
        """Count a wrong secret; the try that reaches the allowance locks for the next period."""
        for kind, key in self._keys(account, address):
            try:
                self._count_failure(kind, key)
            except StorageError:
                log.exception("lockout: a failure not counted: storage unavailable")

    def _count_failure(self, kind: str, key: str) -> None:
        policy = self.policies[kind]
        failures = self.storage.incr(self._key("fail", kind, key), policy.window_seconds)
        if failures >= policy.max_failures and self.locked_for(kind, key) == 0:
            strikes = self.storage.incr(self._key("strikes", kind, key), STRIKES_SECONDS)
            seconds = min(policy.max_seconds, policy.base_seconds * 2 ** min(strikes - 1, 30))
            self.storage.incr(self._key("lock", kind, key), seconds)
            self.storage.clear(self._key("fail", kind, key))
            log.warning("lockout: %s locked for %d s after %d failures (lock %d)", kind, seconds, failures, strikes)

    def succeeded(self, *, account: str) -> None:
        """The right secret: the account's failures and back-off are forgotten (an address's are not,
        so signing in to one's own account does not reset guessing at others')."""
        try:
            for part in ("fail", "strikes", "lock"):
                self.storage.clear(self._key(part, "account", account))
        except StorageError:
            log.exception("lockout: a success not recorded: storage unavailable")
