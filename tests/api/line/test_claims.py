"""Durability and claims: nothing recorded is lost, nothing is processed twice, one chat in order.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from api.app import create_app
from api.db import make_engine
from api.line.services import event_store as store
from api.line.tables import DONE
from api.migrate import upgrade
from api.models import utcnow
from api.settings import Settings
from tests.api.line.conftest import Line, text_of, webhook_event


@pytest.fixture
def db(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def _events(users: int, each: int) -> list[dict[str, object]]:
    out = []
    for u in range(users):
        user = f"U{u:032d}"
        for n in range(each):
            out.append(webhook_event("text_message", user=user, text=f"第{n}則", timestamp=1_763_700_000_000 + n))
    return out


def test_a_recorded_event_is_claimed_once_even_by_racing_workers(db: Engine) -> None:
    events = _events(users=6, each=10)
    store.record_events(db=db, events=events)
    store.record_events(db=db, events=events[:5])  # duplicates: ignored by the unique event id
    claims: list[tuple[str, int]] = []
    order: dict[str, list[int]] = defaultdict(list)
    lock = threading.Lock()
    # Both workers hold a first claim before either finishes one: six conversations are claimable at
    # once and each takes three, so both take part whatever the scheduler does.
    first_claims = threading.Barrier(2, timeout=20)
    all_done = threading.Event()
    deadline = time.monotonic() + 60

    def worker(name: str) -> None:
        first = True
        while not all_done.is_set():
            assert time.monotonic() < deadline, "the workers did not finish the events in time"
            got = store.claim_due(db=db, limit=3, lease_seconds=30)
            if first:
                assert got, f"{name} found nothing to claim"
                first_claims.wait()
                first = False
            for event_id, token in got:
                row = store.load(db=db, event_id=event_id)
                assert row is not None
                with lock:
                    claims.append((name, event_id))
                    order[row.source_key].append(row.event_ts)
                    if len(claims) >= 60:
                        all_done.set()
                assert store.finish(db=db, event_id=event_id, token=token, outcome="test")
            if not got:
                all_done.wait(0.01)  # the other worker holds every claimable conversation

    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            worker(name)
        except BaseException as exc:  # surfaced below: an assertion in a thread would be lost
            errors.append(exc)
            all_done.set()
            first_claims.abort()

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert store.claim_due(db=db, limit=10, lease_seconds=30) == []  # nothing left over
    ids = [event_id for _, event_id in claims]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert len({name for name, _ in claims}) == 2  # both workers took part
    assert all(stamps == sorted(stamps) for stamps in order.values())


def test_one_conversation_is_claimed_in_order_and_one_at_a_time(db: Engine) -> None:
    events = _events(users=1, each=3)
    store.record_events(db=db, events=list(reversed(events)))
    [(first, token)] = store.claim_due(db=db, limit=10, lease_seconds=30)
    assert store.claim_due(db=db, limit=10, lease_seconds=30) == []  # the next waits for the first
    row = store.load(db=db, event_id=first)
    assert row is not None and row.body["message"]["text"] == "第0則"
    store.finish(db=db, event_id=first, token=token, outcome="test")
    [(second, _)] = store.claim_due(db=db, limit=10, lease_seconds=30)
    row = store.load(db=db, event_id=second)
    assert row is not None and row.body["message"]["text"] == "第1則"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def test_an_event_whose_worker_died_is_claimed_again_after_its_lease(db: Engine) -> None:
    event = webhook_event("text_message")
    store.record_events(db=db, events=[event])
    before = utcnow()
    [(event_id, dead_worker)] = store.claim_due(db=db, limit=1, lease_seconds=30)
    after = utcnow()
    row = store.load(db=db, event_id=event_id)
    assert row is not None and row.claimed_until is not None
    lease_end = _aware(row.claimed_until)
    assert before + timedelta(seconds=30) <= lease_end <= after + timedelta(seconds=30)
    assert store.claim_due(db=db, limit=1, lease_seconds=30) == []  # the lease still holds
    # The worker died and its lease ran out: move the lease end into the past instead of waiting.
    with db.begin() as conn:
        conn.execute(store.EVENTS.update().where(store.EVENTS.c.id == event_id)
                     .values(claimed_until=utcnow() - timedelta(seconds=1)))
    [(again, token)] = store.claim_due(db=db, limit=1, lease_seconds=30)
    assert again == event_id and token != dead_worker
    assert store.finish(db=db, event_id=event_id, token=dead_worker, outcome="late") is False  # the claim is lost
    assert store.finish(db=db, event_id=event_id, token=token, outcome="test") is True
    row = store.load(db=db, event_id=event_id)
    assert row is not None and row.status == DONE and row.attempts == 2


def test_an_event_recorded_before_a_crash_is_answered_by_the_running_loop(line: Line) -> None:
    event = webhook_event("text_message", text="雲端收銀POS是什麼")
    store.record_events(db=line.db, events=[event])  # recorded, then the process died before processing
    [row] = line.settle(event)
    assert row.outcome == "replied" and "POS" in text_of(line.reply_to(event))


def test_one_users_messages_are_answered_in_the_order_sent(line: Line) -> None:
    user = "U" + "e" * 32
    questions = ("雲端收銀POS是什麼", "110年工業館最多補助幾點？", "謝謝")
    events = [webhook_event("text_message", user=user, text=q, timestamp=int(time.time() * 1000) + n)
              for n, q in enumerate(questions)]
    assert line.post(*reversed(events)).status_code == 200
    line.settle(*events)
    replies = [c.body["replyToken"] for c in line.fake.accepted("reply")]
    assert replies == [e["replyToken"] for e in events]


def test_two_instances_answer_each_event_exactly_once(line: Line, line_settings: Settings) -> None:
    events = [webhook_event("text_message", text=q) for q in ("雲端收銀POS是什麼", "110年工業館最多補助幾點？") * 8]
    with TestClient(create_app(line_settings)) as second:
        for n, event in enumerate(events):
            client = line.client if n % 2 else second
            body_client = Line(client, line.fake)
            assert body_client.post(event).status_code == 200
        rows = line.settle(*events, timeout=60)
    assert all(r.status == DONE and r.outcome == "replied" for r in rows)
    for event in events:
        assert len(line.fake.replies_to(event["replyToken"])) == 1
    assert len(line.fake.attempts("reply")) == len(events) and line.fake.attempts("push") == []


def test_answered_events_are_forgotten_after_a_while_but_dead_letters_stay(db: Engine) -> None:
    old, fresh, replayed = (webhook_event("text_message") for _ in range(3))
    store.record_events(db=db, events=[old, fresh, replayed])
    for _ in range(3):
        [(event_id, token)] = store.claim_due(db=db, limit=1, lease_seconds=30)
        row = store.load(db=db, event_id=event_id)
        assert row is not None
        if row.webhook_event_id == replayed["webhookEventId"]:  # dead-lettered, replayed, then answered
            store.dead_letter(db=db, event_id=event_id, token=token, reason="refused", error="400")
            with db.begin() as conn:
                conn.execute(store.EVENTS.update().where(store.EVENTS.c.id == event_id).values(status=DONE))
        else:
            store.finish(db=db, event_id=event_id, token=token, outcome="replied")
    with db.begin() as conn:
        conn.execute(store.EVENTS.update().where(store.EVENTS.c.webhook_event_id != fresh["webhookEventId"])
                     .values(finished_at=utcnow() - timedelta(days=40)))
    assert store.purge_finished(db=db, older_than_days=30) == 1
    with db.connect() as conn:
        left = set(conn.execute(select(store.EVENTS.c.webhook_event_id)).scalars())
    assert left == {fresh["webhookEventId"], replayed["webhookEventId"]}
