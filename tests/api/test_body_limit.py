"""The body limit reads no byte past it: a declared Content-Length over the limit is refused before
the body is read, a chunked body as soon as it passes the limit; a route may have its own."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.body_limit import BodyLimitMiddleware, BodyTooLarge, body_limit

CHUNK = 64 * 1024


class Upload:
    """An ASGI `receive` that hands out `chunks` pieces of 64 kB, counting how many were read."""

    def __init__(self, chunks: int) -> None:
        self.chunks, self.read = chunks, 0

    async def __call__(self) -> dict[str, Any]:
        self.read += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": self.read < self.chunks}


def _run(upload: Upload, headers: list[tuple[bytes, bytes]], route: Any = None, limit: int = 1_000_000) -> int:
    """Reads the whole body through the middleware; returns the bytes the app got."""
    got = 0

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal got
        scope["route"] = route  # what the router sets before the route reads its body
        while True:
            message = await receive()
            got += len(message["body"])
            if not message["more_body"]:
                return

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("nothing is sent")

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodyLimitMiddleware(app, default=limit)(scope, upload, send))
    return got


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read() -> None:
    upload = Upload(800)  # 50 MB
    with pytest.raises(BodyTooLarge) as refused:
        _run(upload, [(b"content-length", str(800 * CHUNK).encode())])
    assert upload.read == 0 and refused.value.status_code == 413 and refused.value.limit == 1_000_000


def test_a_chunked_body_is_refused_once_it_passes_the_limit() -> None:
    upload = Upload(800)
    with pytest.raises(BodyTooLarge):
        _run(upload, [])
    assert upload.read == 1_000_000 // CHUNK + 1  # 16 chunks: one past a megabyte, not 800


def test_a_body_within_the_limit_passes_whole() -> None:
    assert _run(Upload(10), [(b"content-length", str(10 * CHUNK).encode())]) == 10 * CHUNK


def test_a_route_with_its_own_limit_keeps_it() -> None:
    @body_limit(5_000_000)
    def import_csv() -> None: ...

    class Route:
        endpoint = import_csv

    assert _run(Upload(40), [], route=Route()) == 40 * CHUNK  # 2.6 MB: over the default, within its own
    with pytest.raises(BodyTooLarge) as refused:
        _run(Upload(100), [], route=Route())
    assert refused.value.limit == 5_000_000
