"""A fake OpenAI-compatible chat server on loopback: canned replies, or hang, or fail."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Behaviour:
    content: str = ""
    mode: str = "answer"
    """answer | hang | error"""
    hang_seconds: float = 3.0
    requests: list[dict[str, Any]] = field(default_factory=list)


def _handler(behaviour: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            behaviour.requests.append({"path": self.path, "body": body})
            if behaviour.mode == "hang":
                time.sleep(behaviour.hang_seconds)
            if behaviour.mode == "error":
                self._send(500, {"error": {"message": "boom", "type": "server_error"}})
                return
            if body.get("stream"):
                self._stream(body)
                return
            self._send(200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": behaviour.content}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })

        def _stream(self, body: dict[str, Any]) -> None:
            """The reply as OpenAI streams it: server-sent chunks of a few characters, then [DONE]."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            text = behaviour.content
            pieces = [text[i : i + 4] for i in range(0, len(text), 4)] or [""]
            for n, piece in enumerate(pieces):
                chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                         "model": body.get("model", ""), "choices": [{
                             "index": 0, "delta": {"role": "assistant", "content": piece} if n == 0 else
                             {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            done = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                    "model": body.get("model", ""), "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_openai_server() -> Iterator[tuple[str, Behaviour]]:
    """Yields the base URL (http://127.0.0.1:PORT/v1) and the behaviour to steer."""
    behaviour = Behaviour()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(behaviour))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", behaviour
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
