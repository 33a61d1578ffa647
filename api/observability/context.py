"""The context every log line of a request (or of a LINE event being processed) carries: its
request id, the channel and the pseudonymous (hashed) user. Held in a contextvar, so threads and
tasks started for the request see it; a chat turn adds the channel and user when it learns them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

_SAFE_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
"""A request id given by a client or proxy is kept only if it cannot forge a log line."""


@dataclass
class LogContext:
    """Mutable on purpose: a turn run in a worker thread fills in `user`, and the request's own
    line (written by the middleware, in the caller's context) sees it."""

    request_id: str
    channel: str = ""
    user: str = ""
    """The hashed user id (`api.exchanges.hash_user`), never the raw LINE user id or session id."""


_current: ContextVar[LogContext | None] = ContextVar("tcloud_log_context", default=None)


def current() -> LogContext | None:
    return _current.get()


def request_id_from(given: str | None) -> str:
    """The caller's X-Request-ID when it is a plain token, else a new one."""
    if given and _SAFE_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


@contextmanager
def bound(*, request_id: str, channel: str = "") -> Iterator[LogContext]:
    """Everything logged inside carries this request id (and channel)."""
    context = LogContext(request_id=request_id, channel=channel)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def annotate(*, channel: str | None = None, user: str | None = None) -> None:
    """Add what a turn learned to the current context (nothing outside a request or event)."""
    context = _current.get()
    if context is None:
        return
    if channel:
        context.channel = channel
    if user:
        context.user = user
