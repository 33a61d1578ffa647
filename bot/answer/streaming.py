"""Where an answerer's tokens go while it writes (the web chat's `/api/chat/stream`).

The channel sets a sink for the turn it runs; an answerer that produces text token by token (the
LLM) hands each token to it. The extractive answer has no tokens: the reply goes out at once. The
finished reply always follows and is the one that counts (grounding checks may replace the text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

TokenSink = Callable[[str], None]
_sink: ContextVar[TokenSink | None] = ContextVar("token_sink", default=None)


@contextmanager
def streaming_to(sink: TokenSink) -> Iterator[None]:
    """Within this block (in this thread or task), answerers send their tokens to `sink`."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)


def emit(text: str) -> None:
    sink = _sink.get()
    if sink is not None and text:
        sink(text)


def active() -> bool:
    return _sink.get() is not None
