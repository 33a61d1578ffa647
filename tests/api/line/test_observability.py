"""What an operator sees of LINE traffic: turns counted under channel "line", the queue drained,
and log lines of the event's processing carrying its id and the hashed user, never the LINE user id."""

from __future__ import annotations

import io
import json
import uuid

from api.observability.logs import install, uninstall
from tests.api.line.conftest import Line, webhook_event
from tests.api.observability.conftest import scrape, value


def test_a_line_message_is_counted_and_logged_under_its_hashed_user(line: Line) -> None:
    user = "U" + uuid.uuid4().hex
    before = scrape(line.client)
    stream = io.StringIO()
    install(fmt="json", level="INFO", stream=stream)
    try:
        [row] = line.send(webhook_event("text_message", user=user, text="補助上限多少"))
    finally:
        uninstall()
    after = scrape(line.client)
    assert value(after, "tcloud_chat_turns_total", outcome="clarified", channel="line") \
        - value(before, "tcloud_chat_turns_total", outcome="clarified", channel="line") == 1
    assert value(after, "tcloud_line_queue_depth", state="pending") == 0
    assert value(after, "tcloud_line_queue_depth", state="processing") == 0
    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    webhook = next(line for line in lines if line.get("route") == "/line/webhook")
    assert webhook["channel"] == "line" and webhook["status"] == 200
    turn = next(line for line in lines if line["message"] == "turn")
    assert turn["request_id"] == f"line-event-{row.id}" and turn["channel"] == "line"
    assert len(turn["user"]) == 24
    assert user not in stream.getvalue()
