"""GET /metrics as Prometheus scrapes it: request latency by route template, chat turns by
outcome, rate-limit refusals, the LINE queue and the outbox backlog read from the database, and who
may read it."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.line.services import event_store
from api.outbox.service import enqueue
from tests.api.line.conftest import webhook_event
from tests.api.observability.conftest import STAFF, AppFactory, Samples, scrape, value

METRICS_TOKEN = "m" * 40


def chat(client: TestClient, message: str, session: str | None = None) -> int:
    return client.post("/api/chat", json={"session_id": session or uuid.uuid4().hex, "message": message}).status_code


def turns(scraped: Samples, outcome: str) -> float:
    return value(scraped, "tcloud_chat_turns_total", outcome=outcome, channel="web")


def test_each_chat_turn_is_counted_by_its_outcome(ops_app: AppFactory) -> None:
    with ops_app() as client:
        before = scrape(client)
        asked = {"answered": ["雲市集是什麼？"], "clarified": ["補助上限多少", "請款"],
                 "declined": ["今天天氣如何", "113年工業館補助上限多少？"], "other": ["你好"]}
        for messages in asked.values():
            assert [chat(client, m) for m in messages] == [200] * len(messages)
        created = client.post("/api/admin/curated-answers", headers=STAFF, json={
            "question": "雲市集有LINE官方帳號嗎？", "answer": "雲市集的LINE官方帳號ID是 @tcloud-test。",
            "year": 115, "hall": "", "audience": "general", "source": "計畫辦公室"})
        assert created.status_code == 201, created.text
        assert chat(client, "雲市集的LINE官方帳號是什麼") == 200
        after = scrape(client)
    for outcome, messages in asked.items():
        assert turns(after, outcome) - turns(before, outcome) == len(messages), outcome
    assert turns(after, "curated") - turns(before, "curated") == 1


def test_latency_is_by_route_template_not_by_path(ops_app: AppFactory) -> None:
    with ops_app(ingest_on_start=False) as client:
        for expert in (1, 2, 3):
            client.get(f"/api/experts/{expert}", headers=STAFF)
        client.get("/no/such/page/12345")
        chat(client, "你好")
        scraped = scrape(client)
    count = "http_request_duration_seconds_count"
    assert value(scraped, count, handler="/api/experts/{expert_id}", method="GET") == 3
    assert value(scraped, count, handler="/api/chat", method="POST") == 1
    assert value(scraped, count, handler="none", method="GET") == 1  # an unknown path adds no series of its own
    handlers = {dict(labels).get("handler", "") for name, labels in scraped if name == count}
    assert not [h for h in handlers if "12345" in h or h.endswith(("/1", "/2", "/3"))]
    buckets = {dict(labels)["le"] for name, labels in scraped
               if name == "http_request_duration_seconds_bucket" and dict(labels)["handler"] == "/api/chat"}
    assert {"0.05", "0.25", "1.0"} <= buckets  # fine enough for a chat turn's tens of milliseconds


def test_rate_limited_and_locked_out_requests_move_the_hit_counter(ops_app: AppFactory) -> None:
    with ops_app(ingest_on_start=False, rate_limit_chat="2/minute", rate_limit_chat_ip="100/minute",
                 lockout_max_failures=2, rate_limit_namespace=f"t{uuid.uuid4().hex[:10]}") as client:
        before = scrape(client)
        assert [chat(client, "你好", "s-1") for _ in range(4)] == [200, 200, 429, 429]
        username = f"staff{uuid.uuid4().hex[:8]}"
        made = client.post("/api/admin/staff-accounts", json={"username": username, "password": "right-password-1"},
                           headers=STAFF)
        assert made.status_code == 201, made.text
        tries = [client.post("/api/console/login", json={"username": username, "password": password}).status_code
                 for password in ("wrong", "wrong", "right-password-1")]
        assert tries == [401, 401, 429]
        after = scrape(client)

    def hits(rule: str) -> float:
        return value(after, "tcloud_rate_limit_hits_total", rule=rule) - value(
            before, "tcloud_rate_limit_hits_total", rule=rule)

    assert hits("chat") == 2 and hits("chat_ip") == 0
    assert hits("lockout_account") == 1 and hits("lockout_address") == 0


def test_the_line_queue_dead_letters_and_outbox_backlog_are_read_from_the_database(ops_app: AppFactory) -> None:
    with ops_app(ingest_on_start=False) as client:  # no LINE configured: recorded events wait, nobody takes them
        empty = scrape(client)
        db = client.app.state.resources.db  # type: ignore[attr-defined]
        event_store.record_events(db=db, events=[webhook_event("text_message") for _ in range(5)])
        claimed = event_store.claim_due(db=db, limit=2, lease_seconds=60)
        event_id, token = claimed[0]
        assert event_store.dead_letter(db=db, event_id=event_id, token=token, reason="refused", error="400")
        with Session(db) as session:
            for n in range(3):
                enqueue(session, topic="booking", subject=f"B-{n}", recipient="sme", channel="email",
                        address=f"user{n}@example.tw", kind="confirmed", text="已確認")
            session.commit()
        scraped = scrape(client)
    assert value(empty, "tcloud_line_queue_depth", state="pending") == 0
    assert value(empty, "tcloud_line_dead_letters") == 0
    assert value(scraped, "tcloud_line_queue_depth", state="pending") == 3
    assert value(scraped, "tcloud_line_queue_depth", state="processing") == 1
    assert value(scraped, "tcloud_line_dead_letters") == 1
    assert value(scraped, "tcloud_outbox_backlog", channel="email") == 3
    assert value(scraped, "tcloud_outbox_backlog", channel="line") == 0
    assert value(scraped, "tcloud_database_up") == 1


def test_metrics_are_open_in_development_without_a_token(ops_app: AppFactory) -> None:
    with ops_app(ingest_on_start=False) as client:
        assert client.get("/metrics").status_code == 200


def test_with_a_token_set_only_its_bearer_reads_the_metrics(ops_app: AppFactory) -> None:
    with ops_app(ingest_on_start=False, metrics_token=METRICS_TOKEN) as client:
        anonymous = client.get("/metrics")
        assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"
        assert "METRICS_TOKEN" in anonymous.json()["error"]["message"]
        assert client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 40}).status_code == 401
        assert client.get("/metrics", headers=STAFF).status_code == 401  # the staff token is not this one
        scrape(client, {"Authorization": f"Bearer {METRICS_TOKEN}"})


@pytest.mark.parametrize("token", ["", METRICS_TOKEN])
def test_production_never_serves_metrics_anonymously(ops_app: AppFactory, token: str) -> None:
    strong = "s" * 40
    with ops_app(ingest_on_start=False, environment="production", admin_token=strong, user_hash_salt="a-real-salt-7f3k",
                 metrics_token=token) as client:
        refused = client.get("/metrics")
        assert refused.status_code == 401
        assert ("權杖" if token else "正式環境") in refused.json()["error"]["message"]
        assert client.get("/metrics", headers={"Authorization": f"Bearer {strong}"}).status_code == 401
        if token:
            scrape(client, {"Authorization": f"Bearer {token}"})
