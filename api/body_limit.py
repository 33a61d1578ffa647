"""A limit on the size of every request body (MAX_BODY_BYTES, 1 MB by default); a route that takes
larger bodies (the registry's CSV import) or must keep its own (the LINE webhook) says so with
`@body_limit(n)`.

The body is never read past the limit: a Content-Length above it is refused before any byte is
read, a chunked body as soon as it passes the limit. The refusal is an HTTP 413 exception raised
where the route reads its body, so `api.http_errors` words it like every other error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
_ATTRIBUTE = "max_body_bytes"


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"Request body over {limit} bytes")
        self.limit = limit


def body_limit(limit: int) -> Callable[[Endpoint], Endpoint]:
    """Give one route its own body limit instead of MAX_BODY_BYTES."""
    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _ATTRIBUTE, limit)
        return endpoint
    return mark


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, default: int) -> None:
        self.app, self.default = app, default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        def limit() -> int:
            # Read when the body is: by then the router has put the matched route in the scope.
            endpoint = getattr(scope.get("route"), "endpoint", None)
            own = getattr(endpoint, _ATTRIBUTE, None)
            return own if isinstance(own, int) else self.default

        async def limited_receive() -> Message:
            nonlocal received
            declared = _declared_length(scope)
            if declared is not None and declared > limit():
                raise BodyTooLarge(limit())
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit():
                    raise BodyTooLarge(limit())
            return message

        await self.app(scope, limited_receive, send)
