"""What a crash leaves behind, and what the worker that takes the event over does with it: the
delivery state machine of api/line/rules/delivery.py against the fake LINE Platform.

Each test drives a Processor by hand over a database of its own (no background loop), makes the
first worker "die" at a chosen moment (a BaseException nothing in the service catches, so nothing
after that point runs, as with kill -9), lets its lease run out, and has a second worker finish
the event. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy.engine import Engine as DbEngine
from sqlmodel import Session, col, select

from api.db import make_engine
from api.exchanges import hash_user
from api.line.adapters.client import LineApi, LineCallError
from api.line.rules import delivery as rules
from api.line.services import dead_letters
from api.line.services import event_store as store
from api.line.services.faults import Faults
from api.line.services.processor import Processor
from api.line.tables import DEAD, DELIVERING, DONE, LineDeadLetter, LineEvent
from api.migrate import upgrade
from api.models import Exchange, utcnow
from api.settings import Settings
from api.state_store import DbStateStore
from bot.build import build_engine
from bot.engine import Engine
from tests.api.line.conftest import TOKEN, text_of, webhook_event
from tests.support.fake_line import FakeLine, reply_token

QUESTION = "雲端收銀POS是什麼"


class Died(BaseException):
    """The worker's process is gone: nothing after this point runs (not an Exception: uncaught)."""


class DieAfterReply(Faults):
    def reply_accepted(self) -> None:
        raise Died


@pytest.fixture
def db(fresh_database_url: str) -> Iterator[DbEngine]:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(line_client: TestClient, db: DbEngine) -> Engine:
    """The conversation engine over the shipped knowledge, keeping dialogue state in `db`."""
    searcher = line_client.app.state.resources.knowledge.searcher  # type: ignore[attr-defined]
    return build_engine(searcher, store=DbStateStore(db))


@pytest.fixture
def fake(fake_line: FakeLine) -> FakeLine:
    fake_line.reset()
    return fake_line


@pytest.fixture
def api(fake_line: FakeLine) -> Iterator[LineApi]:
    client = LineApi(access_token=TOKEN, host=fake_line.url, timeout=0.5)
    yield client
    client.close()


def worker(db: DbEngine, engine: Engine, settings: Settings, api: LineApi, **kwargs: Any) -> Processor:
    return Processor(db=db, engine=engine, settings=settings, api=api, **kwargs)


def claim(db: DbEngine) -> tuple[int, str]:
    [(event_id, token)] = store.claim_due(db=db, limit=1, lease_seconds=30)
    return event_id, token


def lease_runs_out(db: DbEngine, event_id: int) -> None:
    """The dead worker renews its lease no more: move the lease's end into the past instead of waiting."""
    with db.begin() as conn:
        conn.execute(store.EVENTS.update().where(store.EVENTS.c.id == event_id)
                     .values(claimed_until=utcnow() - timedelta(seconds=1)))


def row_of(db: DbEngine, event_id: int) -> LineEvent:
    row = store.load(db=db, event_id=event_id)
    assert row is not None
    return row


def exchanges_of(db: DbEngine, settings: Settings, user: str) -> int:
    user_hash = hash_user(salt=settings.user_hash_salt.get_secret_value(), channel="line", user_id=user)
    with Session(db) as session:
        return int(session.exec(select(func.count()).select_from(Exchange)
                                .where(col(Exchange.user_hash) == user_hash)).one())


def turns_of(db: DbEngine, user: str) -> int:
    state = DbStateStore(db).get(f"line:{user}")
    return state.turns if state is not None else 0


def test_a_reply_accepted_just_before_a_crash_is_not_sent_again_nor_answered_again(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    event = webhook_event("text_message", text=QUESTION)
    user = event["source"]["userId"]
    store.record_events(db=db, events=[event])
    event_id, token = claim(db)
    with pytest.raises(Died):  # LINE took the reply; the process died before recording it
        worker(db, engine, line_settings, api, faults=DieAfterReply(after_reply=1)).process(event_id, token)
    left = row_of(db, event_id)
    assert left.status == DELIVERING and left.delivery == rules.REPLY and left.rendered
    lease_runs_out(db, event_id)

    again, second = claim(db)
    assert again == event_id
    assert worker(db, engine, line_settings, api).process(event_id, second) == "replied"
    row = row_of(db, event_id)
    assert row.status == DONE and row.outcome == "replied"
    # The second worker replied with the same token: LINE refused it as used, so nothing was resent.
    assert [c.status for c in fake.attempts("reply")] == [200, 400]
    assert len(fake.replies_to(event["replyToken"])) == 1 and fake.attempts("push") == []
    assert "POS" in text_of(fake.replies_to(event["replyToken"])[0].body["messages"])
    # The conversation ran once: one exchange row, one turn in the dialogue state.
    assert exchanges_of(db, line_settings, user) == 1 and turns_of(db, user) == 1


def test_a_crash_in_the_middle_of_a_turn_keeps_none_of_it_and_the_turn_runs_once(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine,
        monkeypatch: pytest.MonkeyPatch) -> None:
    event = webhook_event("text_message", text=QUESTION)
    user = event["source"]["userId"]
    store.record_events(db=db, events=[event])
    event_id, token = claim(db)

    def die(**kwargs: Any) -> bool:
        raise Died  # the engine answered, the turn's transaction is open, the process dies

    monkeypatch.setattr(store, "keep_reply", die)
    with pytest.raises(Died):
        worker(db, engine, line_settings, api).process(event_id, token)
    monkeypatch.undo()
    assert row_of(db, event_id).rendered is None
    assert exchanges_of(db, line_settings, user) == 0 and turns_of(db, user) == 0  # nothing half-kept
    assert fake.attempts("reply") == []
    lease_runs_out(db, event_id)

    _, second = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, second) == "replied"
    assert exchanges_of(db, line_settings, user) == 1 and turns_of(db, user) == 1
    assert len(fake.replies_to(event["replyToken"])) == 1


def test_a_worker_that_lost_its_claim_mid_turn_keeps_nothing(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    event = webhook_event("text_message", text=QUESTION)
    user = event["source"]["userId"]
    store.record_events(db=db, events=[event])
    event_id, slow = claim(db)
    taken: list[str] = []

    def taken_over() -> None:  # while the slow worker answers, its lease runs out and another claims it
        lease_runs_out(db, event_id)
        taken.append(claim(db)[1])

    assert worker(db, engine, line_settings, api, before_answering=taken_over).process(event_id, slow) == "lost"
    assert exchanges_of(db, line_settings, user) == 0 and turns_of(db, user) == 0
    assert fake.attempts("reply") == []
    assert worker(db, engine, line_settings, api).process(event_id, taken[0]) == "replied"
    assert exchanges_of(db, line_settings, user) == 1 and turns_of(db, user) == 1
    assert len(fake.replies_to(event["replyToken"])) == 1


def _delivering(db: DbEngine, event: dict[str, Any], method: str) -> int:
    """An event whose worker stored its answer, recorded that a `method` call was starting, and died."""
    store.record_events(db=db, events=[event])
    event_id, token = claim(db)
    with Session(db) as session:
        assert store.keep_reply(session=session, event_id=event_id, token=token, exchange_id=None,
                                rendered=[{"type": "text", "text": "雲端收銀POS的說明"}])
        session.commit()
    assert store.start_delivery(db=db, event_id=event_id, token=token, method=method)
    lease_runs_out(db, event_id)
    return event_id


def test_a_reply_that_never_reached_line_is_sent_once_by_the_next_worker(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    event = webhook_event("text_message", age_seconds=20)
    event_id = _delivering(db, event, rules.REPLY)
    _, token = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, token) == "replied"
    assert [c.status for c in fake.attempts("reply")] == [200] and fake.attempts("push") == []


def test_a_push_accepted_before_a_crash_is_not_pushed_again(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    event = webhook_event("text_message", age_seconds=600)  # too old to reply: it is pushed
    user = event["source"]["userId"]
    event_id = _delivering(db, event, rules.PUSH)
    first = row_of(db, event_id)
    assert first.rendered is not None
    api.push(user, first.rendered, retry_key=first.retry_key)  # LINE accepted it; the worker died
    _, token = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, token) == "pushed"
    assert [c.status for c in fake.attempts("push")] == [200, 409]
    assert len(fake.pushes_to(user)) == 1 and fake.attempts("reply") == []
    assert {c.headers["x-line-retry-key"] for c in fake.attempts("push")} == {first.retry_key}


def test_a_push_that_never_reached_line_is_pushed_once(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    event = webhook_event("text_message", age_seconds=600)
    event_id = _delivering(db, event, rules.PUSH)
    _, token = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, token) == "pushed"
    assert [c.status for c in fake.attempts("push")] == [200]


def test_an_old_reply_cut_off_by_a_crash_is_left_to_staff_not_guessed(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    """Taken over after the token's guaranteed minute: "invalid token" may mean used or expired."""
    event = webhook_event("text_message", age_seconds=rules.TOKEN_GUARANTEED_SECONDS + 5)
    user = event["source"]["userId"]
    store.record_events(db=db, events=[event])
    event_id, token = claim(db)
    with pytest.raises(Died):
        worker(db, engine, line_settings, api, faults=DieAfterReply(after_reply=1)).process(event_id, token)
    lease_runs_out(db, event_id)
    _, second = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, second) == "uncertain"
    assert len(fake.replies_to(event["replyToken"])) == 1 and fake.attempts("push") == []  # not doubled
    row = row_of(db, event_id)
    assert row.status == DEAD and row.outcome == "uncertain"
    with Session(db) as session:
        [letter] = session.exec(select(LineDeadLetter).where(col(LineDeadLetter.event_id) == event_id)).all()
    assert letter.reason == "uncertain"
    assert exchanges_of(db, line_settings, user) == 1


def test_staff_replaying_an_uncertain_event_push_it(
        db: DbEngine, engine: Engine, line_settings: Settings, api: LineApi, fake: FakeLine) -> None:
    """The reply never reached LINE and its token has expired: staff look, then replay it."""
    event = webhook_event("text_message", age_seconds=70)
    user = event["source"]["userId"]
    event_id = _delivering(db, event, rules.REPLY)
    _, token = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, token) == "uncertain"
    assert fake.accepted("reply") == [] and fake.attempts("push") == []
    with Session(db) as session:
        [letter] = session.exec(select(LineDeadLetter).where(col(LineDeadLetter.event_id) == event_id)).all()
        assert letter.id is not None
        dead_letters.replay_dead_letter(session=session, dead_letter_id=letter.id, staff="admin", salt="s")
    _, token = claim(db)
    assert worker(db, engine, line_settings, api).process(event_id, token) == "pushed"
    assert len(fake.pushes_to(user)) == 1 and fake.accepted("reply") == []


def test_claims_are_leases_their_worker_renews(db: DbEngine) -> None:
    events = [webhook_event("text_message") for _ in range(2)]
    store.record_events(db=db, events=events)
    [(alive, alive_token), (dead, _)] = store.claim_due(db=db, limit=2, lease_seconds=30)
    for event_id in (alive, dead):
        lease_runs_out(db, event_id)
    assert store.renew(db=db, tokens=[alive_token, "not-a-claim"], lease_seconds=30) == 1
    [(taken, _)] = store.claim_due(db=db, limit=2, lease_seconds=30)
    assert taken == dead  # the renewed one stays with its worker; the other is taken over
    assert row_of(db, alive).claimed_by == alive_token


def test_the_fake_line_platform_issues_reply_tokens_that_work_once_and_expire(api: LineApi, fake: FakeLine) -> None:
    fresh, old = reply_token(), reply_token(age_seconds=fake.reply_token_seconds + 1)
    api.reply(fresh, [{"type": "text", "text": "hi"}])
    for token in (fresh, old, "f" * 32):  # used, expired, never issued
        with pytest.raises(LineCallError) as refused:
            api.reply(token, [{"type": "text", "text": "hi"}])
        assert refused.value.kind == "invalid_token"
    assert [c.status for c in fake.attempts("reply")] == [200, 400, 400, 400]
