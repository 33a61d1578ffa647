"""Log lines as an operator reads them: every line of a request carries its request id (the one the
caller sent in X-Request-ID, else a new one, returned in the response), the channel and the hashed
user; personal data never appears, in JSON or in text."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.exchanges import hash_user
from api.observability.logs import install, uninstall

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def json_lines() -> Iterator[Lines]:
    """Logs as the service writes them with LOG_FORMAT=json and LOG_LEVEL=INFO."""
    stream = io.StringIO()
    install(fmt="json", level="INFO", stream=stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        uninstall()


def test_the_callers_request_id_comes_back_and_a_new_one_is_made_otherwise(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a-0001"}).headers["X-Request-ID"] == "lb-7f3a-0001"
    made = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(made) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", m) for m in made)
    forged = client.get("/healthz", headers={"X-Request-ID": "x" * 200}).headers["X-Request-ID"]
    assert forged != "x" * 200 and re.fullmatch(r"[0-9a-f]{32}", forged)
    refused = client.post("/api/chat", json={"session_id": "s"}, headers={"X-Request-ID": "bad-request-1"})
    assert refused.status_code == 400 and refused.headers["X-Request-ID"] == "bad-request-1"  # refusals too


def test_a_chat_turn_logs_its_request_id_channel_and_hashed_user_never_the_session(
        client: TestClient, json_lines: Lines) -> None:
    session = f"web-session-{uuid.uuid4().hex}"
    response = client.post("/api/chat", json={"session_id": session, "message": "補助上限多少"},
                           headers={"X-Request-ID": "req-turn-42"})
    assert response.status_code == 200
    lines = json_lines()
    mine = [line for line in lines if line.get("request_id") == "req-turn-42"]
    user = hash_user(salt="test-salt", channel="web", user_id=session)
    turn = next(line for line in mine if line["message"] == "turn")
    assert turn["channel"] == "web" and turn["user"] == user and turn["intent"] == "clarify"
    assert turn["level"] == "INFO" and turn["logger"] == "api.conversation" and turn["latency_ms"] >= 0
    request = next(line for line in mine if line["logger"] == "api.access")
    assert request["route"] == "/api/chat" and request["status"] == 200 and request["duration_ms"] > 0
    assert request["channel"] == "web" and request["user"] == user  # learned by the turn, in its thread
    assert session not in json.dumps(lines)


def test_personal_data_is_masked_in_any_line(json_lines: Lines) -> None:
    logging.getLogger("api.example").warning("call %s or write to %s about 統一編號 %s", "0912-345-678",
                                             "wang@example.com.tw", "12345675")
    [line] = [line for line in json_lines() if line["logger"] == "api.example"]
    assert "[電話]" in line["message"] and "[Email]" in line["message"] and "[統編]" in line["message"]
    assert not re.search(r"0912|wang@|12345675", json.dumps(line))


def test_text_lines_carry_the_same_context(client: TestClient) -> None:
    stream = io.StringIO()
    install(fmt="text", level="INFO", stream=stream)
    try:
        client.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": "你好"},
                    headers={"X-Request-ID": "req-text-7"})
    finally:
        uninstall()
    [line] = [line for line in stream.getvalue().splitlines() if "api.access" in line and "req-text-7" in line]
    assert re.search(r"INFO api\.access: POST /api/chat 200 \[request_id=req-text-7 channel=web user=[0-9a-f]{24}\]$",
                     line), line
