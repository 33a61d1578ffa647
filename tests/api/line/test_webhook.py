"""The webhook: signatures, acknowledgement, durable recording, duplicates, unparseable events."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.line.rules.events import unreadable_event
from api.line.tables import LineEvent
from api.models import Exchange
from tests.api.line.conftest import WEBHOOKS, Line, body_of, sign, text_of, wait_for, webhook_event


def test_a_bad_or_missing_signature_is_refused_and_nothing_is_processed(line: Line) -> None:
    event = webhook_event("text_message")
    wrong = line.post(event, signature=sign(body_of(event), secret="not-our-secret"))
    assert wrong.status_code == 400 and wrong.json()["error"]["message"] == "簽章驗證失敗。"
    body = body_of(event)
    missing = line.client.post("/line/webhook", content=body, headers={"Content-Type": "application/json"})
    assert missing.status_code == 400
    tampered = line.client.post("/line/webhook", content=body.replace("工業館".encode(), "商業館".encode()),
                                headers={"X-Line-Signature": sign(body)})
    assert tampered.status_code == 400
    assert line.rows(event) == []
    assert line.fake.attempts("reply") == [] and line.fake.attempts("push") == []


def test_the_consoles_verify_button_gets_200(line: Line) -> None:
    body = (WEBHOOKS / "verify.json").read_bytes()
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert r.status_code == 200


def test_a_body_signed_by_line_as_stored_is_accepted_verbatim(line: Line) -> None:
    body = (WEBHOOKS / "signed_text_message.body").read_bytes()
    signature = (WEBHOOKS / "signed_text_message.sig").read_text().strip()  # from `openssl dgst -hmac`
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": signature})
    assert r.status_code == 200
    with Session(line.db) as session:
        row = session.exec(select(LineEvent).where(LineEvent.webhook_event_id == "01JD2X5M3Q8W7R6T5Y4U3I2O1P")).one()
    assert row.body["message"]["text"] == "110年工業館最多補助幾點？"


def test_a_question_is_answered_with_a_bubble_sources_year_and_buttons(line: Line, staff: dict[str, str]) -> None:
    event = webhook_event("text_message")
    [row] = line.send(event)
    assert row.status == "done" and row.outcome == "replied"
    messages = line.reply_to(event)
    assert 1 <= len(messages) <= 5
    bubble = messages[-1]
    assert bubble["type"] == "flex" and "20萬點" in bubble["altText"]
    shown = text_of([bubble])
    assert "20萬點" in shown and "110年度" in shown and "資料來源" in shown
    assert "預約專家" in shown and "申請數位點數" in shown and "這有幫助嗎" in shown
    footer = str(bubble["contents"]["footer"])
    assert f"1|fb|{row.exchange_id}|y" in footer and f"1|fb|{row.exchange_id}|n" in footer
    sources = [c for c in bubble["contents"]["body"]["contents"] if c.get("action", {}).get("type") == "postback"]
    assert 1 <= len(sources) <= 3
    loading = line.fake.accepted("loading")
    assert any(c.body["chatId"] == event["source"]["userId"] for c in loading)
    exchanges = line.client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    mine = next(e for e in exchanges if e["id"] == row.exchange_id)
    assert mine["channel"] == "line" and mine["question"] == "110年工業館最多補助幾點？"


def test_a_duplicated_or_redelivered_event_is_answered_once(line: Line) -> None:
    event = webhook_event("text_message", text="雲端收銀POS是什麼")
    assert line.post(event, event).status_code == 200  # twice in one delivery
    redelivered = dict(event, deliveryContext={"isRedelivery": True})
    assert line.post(redelivered).status_code == 200
    line.settle(event)
    wait_for(lambda: line.fake.replies_to(event["replyToken"]), what="the reply")
    assert len(line.rows(event)) == 1
    assert len(line.fake.attempts("reply")) == 1 and line.fake.attempts("push") == []


def test_an_event_the_sdk_cannot_parse_is_alerted_and_kept_for_staff(line: Line, staff: dict[str, str],
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    event = webhook_event("malformed_event")  # a text message without its id and quoteToken
    with caplog.at_level(logging.ERROR, logger="api.line.alerts"):
        assert line.post(event).status_code == 200
        [row] = line.settle(event)
    assert row.status == "dead"
    assert any("unparseable" in r.getMessage() for r in caplog.records)
    letters = line.client.get("/api/admin/line/dead-letters", headers=staff).json()
    letter = next(x for x in letters if x["webhook_event_id"] == event["webhookEventId"])
    assert letter["reason"] == "unparseable" and letter["summary"] == "少了必要欄位的事件"
    assert "line-bot-sdk cannot parse it" in letter["error"]
    assert line.fake.attempts("reply") == [] and line.fake.attempts("push") == []


@pytest.mark.parametrize("body", [
    b"{not json",
    b'{"events": ' + b"[" * 3000 + b"]" * 3000 + b"}",  # json.loads would recurse 3000 levels deep
    b'{"destination": "U1", "events": "none"}',
    '{"events": [{"type": "message", "text": "é"}]}'.encode("latin-1"),  # not UTF-8
], ids=["not-json", "nested-3000-deep", "no-events-list", "latin-1"])
def test_a_signed_body_that_cannot_be_read_is_acknowledged_and_dead_lettered_for_staff(
        line: Line, staff: dict[str, str], body: bytes) -> None:
    """Refusing it would have LINE deliver it again and again: it is kept for staff instead."""
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    event = unreadable_event(body, "")
    [row] = line.settle(event)
    assert row.status == "dead" and row.event_type == "unreadable"
    letters = line.client.get("/api/admin/line/dead-letters", headers=staff).json()
    letter = next(x for x in letters if x["webhook_event_id"] == event["webhookEventId"])
    assert letter["reason"] == "unparseable" and letter["error"].startswith("unreadable webhook body")
    again = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert again.status_code == 200 and len(line.rows(event)) == 1  # a redelivery is recorded once
    assert line.fake.attempts("reply") == [] and line.fake.attempts("push") == []


def test_an_unsigned_deep_body_is_refused_before_it_is_parsed(line: Line) -> None:
    body = b'{"events": ' + b"[" * 3000 + b"]" * 3000 + b"}"
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": "bad"})
    assert r.status_code == 400 and r.json()["error"]["message"] == "簽章驗證失敗。"


def test_nul_and_lone_surrogates_in_an_event_are_stripped_and_the_turn_is_logged(line: Line) -> None:
    event = webhook_event("text_message", text="110年\x00工業館\ud800最多補助幾點？")
    event["source"]["userId"] += "\x00"
    body = json.dumps({"destination": "U1", "events": [event]}).encode()  # \u0000 and \ud800 escapes
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert r.status_code == 200
    [row] = line.settle(event)
    assert row.status == "done" and row.exchange_id is not None
    assert "\x00" not in row.source_key and "\x00" not in row.body["message"]["text"]
    with Session(line.db) as session:
        exchange = session.get(Exchange, row.exchange_id)
    assert exchange is not None and exchange.question == "110年工業館\ufffd最多補助幾點？"


def test_an_event_timestamp_past_a_database_bigint_is_recorded_and_answered(line: Line) -> None:
    event = webhook_event("text_message", timestamp=10**30)
    [row] = line.send(event)
    assert row.status == "done" and row.event_ts == 0


def test_a_webhook_over_its_own_limit_is_refused_with_413(line: Line) -> None:
    body = b'{"events": [], "pad": "' + b"x" * 1_000_001 + b'"}'
    r = line.client.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    assert "1 MB" in r.json()["error"]["message"]


def test_without_line_settings_the_webhook_says_it_is_not_configured(client: TestClient) -> None:
    r = client.post("/line/webhook", content=b"{}", headers={"X-Line-Signature": "x"})
    assert r.status_code == 503 and r.json()["error"]["message"] == "LINE 頻道尚未設定。"
