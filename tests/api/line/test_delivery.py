"""Delivery when LINE misbehaves: expired tokens, 5xx, 429, timeouts, refusals, dead letters."""

from __future__ import annotations

import uuid

import pytest

from api.line import messages as texts
from tests.api.line.conftest import Line, text_of, wait_for, webhook_event

QUESTION = "雲端收銀POS是什麼"


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def test_an_expired_reply_token_falls_back_to_push_with_a_retry_key(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", "expired")
    [row] = line.send(event)
    assert row.outcome == "pushed"
    [push] = line.fake.pushes_to(event["source"]["userId"])
    key = push.headers["x-line-retry-key"]
    assert _is_uuid(key) and key == row.retry_key
    assert "POS" in text_of(push.body["messages"])


def test_an_old_event_is_pushed_without_trying_its_token(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION, age_seconds=600)
    [row] = line.send(event)
    assert row.outcome == "pushed"
    assert line.fake.attempts("reply") == []
    assert len(line.fake.pushes_to(event["source"]["userId"])) == 1


def test_5xx_and_429_are_retried_until_the_reply_goes_through(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", 500, 429)
    [row] = line.send(event)
    assert row.outcome == "replied" and row.attempts == 3
    assert [c.status for c in line.fake.attempts("reply")] == [500, 429, 200]
    assert line.fake.attempts("push") == []


def test_a_push_that_timed_out_is_retried_with_the_same_key_and_delivered_once(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION, age_seconds=600)
    line.fake.fail("push", "timeout")  # LINE accepts it but answers too late
    [row] = line.send(event)
    assert row.outcome == "pushed"
    attempts = line.fake.attempts("push")
    assert len(attempts) == 2 and len({c.headers["x-line-retry-key"] for c in attempts}) == 1
    assert [c.status for c in attempts] == [200, 409]  # the retry was recognised as a duplicate
    assert len(line.fake.pushes_to(event["source"]["userId"])) == 1


def test_a_reply_that_timed_out_is_not_pushed_again(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", "timeout")  # delivered, but the answer came too late
    [row] = line.send(event)
    # The retry found the token used (it cannot have expired yet): LINE had accepted the first reply.
    assert row.status == "done" and row.outcome == "replied" and row.delivery == "reply"
    assert [c.status for c in line.fake.attempts("reply")] == [200, 400]
    assert len(line.fake.replies_to(event["replyToken"])) == 1
    assert line.fake.attempts("push") == []


def test_other_4xx_are_not_retried_and_land_in_dead_letters(line: Line, staff: dict[str, str]) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", 400)
    [row] = line.send(event)
    assert row.status == "dead" and row.attempts == 1
    assert len(line.fake.attempts("reply")) == 1 and line.fake.attempts("push") == []
    letters = line.client.get("/api/admin/line/dead-letters", headers=staff).json()
    assert next(x for x in letters if x["event_id"] == row.id)["reason"] == "refused"


def test_repeated_500s_dead_letter_the_event_and_staff_can_replay_it(line: Line, staff: dict[str, str]) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", 500, 500, 500)  # line_max_attempts is 3 in these tests
    [row] = line.send(event)
    assert row.status == "dead" and row.attempts == 3 and "500" in row.last_error
    assert line.fake.pushes_to(event["source"]["userId"]) == []
    letters = line.client.get("/api/admin/line/dead-letters", headers=staff).json()
    letter = next(x for x in letters if x["event_id"] == row.id)
    assert letter["reason"] == "retries_exhausted" and letter["summary"] == QUESTION and letter["attempts"] == 3
    assert line.client.get("/api/admin/line/dead-letters").status_code == 401

    replayed = line.client.post(f"/api/admin/line/dead-letters/{letter['id']}/replay", headers=staff)
    assert replayed.status_code == 202 and replayed.json()["replayed_by"] == "admin"
    [row] = line.settle(event)
    assert row.status == "done"
    delivered = line.reply_to(event)
    assert "POS" in text_of(delivered)
    again = line.client.post(f"/api/admin/line/dead-letters/{letter['id']}/replay", headers=staff)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert again.json()["error"]["message"] == texts.ALREADY_REPLAYED[0]
    [after] = line.rows(event)  # a second replay queues nothing: the event stays answered, once
    assert after.status == "done" and after.attempts == row.attempts
    assert len(line.fake.replies_to(event["replyToken"])) == 1
    missing = line.client.post("/api/admin/line/dead-letters/99999999/replay", headers=staff)
    assert missing.status_code == 404
    history = line.client.get("/api/admin/line/dead-letters", headers=staff, params={"replayed": "true"}).json()
    assert any(x["id"] == letter["id"] for x in history)


def test_the_queue_figures_for_staff(line: Line, staff: dict[str, str]) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.send(event)
    figures = line.client.get("/api/admin/line/queue", headers=staff).json()
    assert figures["done"] >= 1 and set(figures) == {"pending", "processing", "done", "dead", "dead_letters_open"}


def test_loading_animation_failures_do_not_block_the_answer(line: Line) -> None:
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("loading", 500)
    [row] = line.send(event)
    assert row.outcome == "replied"
    wait_for(lambda: line.fake.attempts("loading"), what="the loading call")


def test_an_engine_failure_apologises_and_leaves_a_replayable_dead_letter(line: Line, staff: dict[str, str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    engine = line.client.app.state.resources.engine  # type: ignore[attr-defined]

    def broken(message: object) -> object:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(engine, "handle", broken)
    event = webhook_event("text_message", text=QUESTION)
    line.fake.fail("reply", 500)  # and the apology itself needs a second try
    [row] = line.send(event)
    assert row.status == "dead"
    shown = text_of(line.reply_to(event))
    assert "系統暫時無法回答" in shown and "Traceback" not in shown and "index unavailable" not in shown
    letters = line.client.get("/api/admin/line/dead-letters", headers=staff).json()
    letter = next(x for x in letters if x["event_id"] == row.id)
    assert letter["reason"] == "engine_error"

    monkeypatch.undo()  # the engine is back: staff replay, the conversation runs again
    assert line.client.post(f"/api/admin/line/dead-letters/{letter['id']}/replay", headers=staff).status_code == 202
    [row] = line.settle(event)
    assert row.status == "done" and row.outcome == "pushed"
    [push] = line.fake.pushes_to(event["source"]["userId"])
    assert "POS" in text_of(push.body["messages"])
