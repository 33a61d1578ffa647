"""A stand-in for the LINE Platform's Messaging API on loopback, for tests and `python -m bench line`.

Point the app at it with LINE_API_HOST. It keeps what LINE would have delivered (replies, pushes,
loading animations, rich menus) and behaves like LINE where it matters: a reply token is one LINE
issued (`reply_token()`, which webhook events carry), works once, and only within its lifetime
(a minute after the event by default); a push whose X-Line-Retry-Key was accepted before gets 409.
It can be told to fail the next calls of a kind: an HTTP status (500, 429, 400...), "expired"
(an invalid reply token), or "timeout" (the call is accepted but answered too late for the
client: the ambiguous case).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import sys
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Failure = int | str
_ISSUER = b"fake LINE platform reply tokens"
REPLY_TOKEN_SECONDS = 60.0
"""LINE: a reply token must be used within one minute of the webhook (beyond, it is not guaranteed)."""


def reply_token(*, age_seconds: float = 0.0) -> str:
    """A reply token as the LINE Platform issues one with a webhook event, `age_seconds` ago. Like
    LINE's it is 32 hex digits, opaque to the service; the fake reads its issue time back from it."""
    stamp = f"{int((time.time() - age_seconds) * 1000):012x}{uuid.uuid4().hex[:8]}"
    return stamp + hmac.new(_ISSUER, stamp.encode(), hashlib.sha256).hexdigest()[:12]


def issued_at(token: str) -> float | None:
    """When `reply_token()` issued `token` (seconds since the epoch); None for a token it never issued."""
    stamp, mac = token[:20], token[20:]
    if len(token) != 32 or not hmac.compare_digest(mac, hmac.new(_ISSUER, stamp.encode(),
                                                                 hashlib.sha256).hexdigest()[:12]):
        return None
    return int(stamp[:12], 16) / 1000


@dataclass
class Call:
    kind: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    at: float = field(default_factory=time.monotonic)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client died mid-request (the crash tests kill it): nothing to report
        super().handle_error(request, client_address)


class FakeLine:
    def __init__(self, access_token: str = "test-line-token", *, slow_seconds: float = 1.5,
                 fail_rate: float = 0.0, seed: int = 7, reply_token_seconds: float = REPLY_TOKEN_SECONDS) -> None:
        self.access_token = access_token
        self.slow_seconds = slow_seconds
        self.reply_token_seconds = reply_token_seconds
        self.fail_rate = fail_rate
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self.calls: list[Call] = []
        self.used_tokens: set[str] = set()
        self.expired_tokens: set[str] = set()
        self.retry_keys: set[str] = set()
        self.rich_menus: dict[str, dict[str, Any]] = {}
        self.rich_menu_images: dict[str, bytes] = {}
        self.default_rich_menu: str | None = None
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeLine:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Telling it what to do
    def fail(self, kind: str, *outcomes: Failure) -> None:
        """The next calls of `kind` (reply, push, loading) fail in turn with `outcomes`."""
        with self._lock:
            self._failures[kind].extend(outcomes)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self.calls.clear()

    # What LINE delivered
    def accepted(self, kind: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.kind == kind and c.status == 200]

    def replies_to(self, token: str) -> list[Call]:
        return [c for c in self.accepted("reply") if c.body.get("replyToken") == token]

    def pushes_to(self, to: str) -> list[Call]:
        return [c for c in self.accepted("push") if c.body.get("to") == to]

    def attempts(self, kind: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.kind == kind]

    # The server
    def _next_failure(self, kind: str) -> Failure | None:
        with self._lock:
            if self._failures[kind]:
                return self._failures[kind].popleft()
        if kind in ("reply", "push") and self.fail_rate and self._random.random() < self.fail_rate:
            return 500
        return None

    def _respond(self, kind: str, body: dict[str, Any], headers: dict[str, str],
                 raw: bytes) -> tuple[int, dict[str, Any], float]:
        failure = self._next_failure(kind)
        delay = self.slow_seconds if failure == "timeout" else 0.0
        if isinstance(failure, int):
            return failure, {"message": f"fake failure {failure}"}, delay
        if failure == "expired" and kind == "reply":
            return 400, {"message": "Invalid reply token"}, delay
        with self._lock:
            if kind == "reply":
                token = str(body.get("replyToken", ""))
                issued = issued_at(token)
                if issued is None or time.time() - issued > self.reply_token_seconds:
                    self.expired_tokens.add(token)
                if token in self.used_tokens or token in self.expired_tokens:
                    return 400, {"message": "Invalid reply token"}, delay
                self.used_tokens.add(token)
            if kind == "push":
                key = headers.get("x-line-retry-key", "")
                if key and key in self.retry_keys:
                    return 409, {"message": "The retry key is already accepted"}, delay
                if key:
                    self.retry_keys.add(key)
        sent = {"sentMessages": [{"id": uuid.uuid4().hex[:18], "quoteToken": uuid.uuid4().hex}
                                 for _ in body.get("messages", [])]}
        return 200, sent if kind in ("reply", "push") else {}, delay

    def _rich_menu(self, method: str, path: str, body: dict[str, Any], raw: bytes) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        with self._lock:
            if method == "POST" and path == "/v2/bot/richmenu":
                menu_id = f"richmenu-{uuid.uuid4().hex}"
                self.rich_menus[menu_id] = body
                return 200, {"richMenuId": menu_id}
            if method == "GET" and path == "/v2/bot/richmenu/list":
                return 200, {"richmenus": [{"richMenuId": k, **v} for k, v in self.rich_menus.items()]}
            if method == "POST" and path.endswith("/content") and parts[-2] in self.rich_menus:
                self.rich_menu_images[parts[-2]] = raw
                return 200, {}
            if method == "POST" and path.startswith("/v2/bot/user/all/richmenu/") and parts[-1] in self.rich_menus:
                self.default_rich_menu = parts[-1]
                return 200, {}
            if method == "DELETE" and parts[-1] in self.rich_menus:
                del self.rich_menus[parts[-1]]
                return 200, {}
        return 404, {"message": "Not found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self
        kinds = {"/v2/bot/message/reply": "reply", "/v2/bot/message/push": "push",
                 "/v2/bot/chat/loading/start": "loading"}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self, method: str) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                is_json = headers.get("content-type", "").startswith("application/json")
                body = json.loads(raw) if raw and is_json else {}
                delay = 0.0
                if headers.get("authorization") != f"Bearer {fake.access_token}":
                    status, payload = 401, {"message": "Authentication failed"}
                elif self.path in kinds:
                    status, payload, delay = fake._respond(kinds[self.path], body, headers, raw)
                    with fake._lock:
                        fake.calls.append(Call(kinds[self.path], body, headers, status))
                else:
                    status, payload = fake._rich_menu(method, self.path, body, raw)
                if delay:
                    time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                    pass

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_DELETE(self) -> None:  # noqa: N802
                self._serve("DELETE")

        return Handler
