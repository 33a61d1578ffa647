"""The request edge of observability: every request gets a request id (the caller's X-Request-ID
when it is a plain token, else a new one), returned in the response's X-Request-ID header and
carried by every line logged while it runs; one INFO line per request says how it went."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability.context import bound, request_id_from

log = logging.getLogger("api.access")
HEADER = "X-Request-ID"
PROBES = frozenset({"/healthz", "/readyz", "/metrics"})
"""Asked every few seconds by load balancers and Prometheus: their lines are DEBUG, not INFO."""


def channel_of(path: str) -> str:
    """Requests under /line come from LINE's platform; every other one from the web."""
    return "line" if path.startswith("/line/") else "web"


def route_of(scope: Scope) -> str:
    """The route's template (/api/applications/{reference}), not the path with its ids."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else ""


class RequestContextMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware), so the context reaches the route and its threads."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope).get(HEADER))
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        with bound(request_id=request_id, channel=channel_of(scope["path"])):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                route = route_of(scope)
                log.log(logging.DEBUG if scope["path"] in PROBES else logging.INFO,
                        "%s %s %d", scope["method"], route or scope["path"], status,
                         extra={"method": scope["method"], "route": route or "none", "status": status,
                                "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
