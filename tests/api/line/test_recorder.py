"""Recording before acknowledging: concurrent webhooks share commits; a failed write is never acked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.db import make_engine
from api.line.services.recorder import Recorder
from api.line.tables import LineEvent
from api.migrate import upgrade
from tests.api.line.conftest import Line, body_of, sign, webhook_event


@pytest.fixture
def db(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def test_concurrent_webhooks_are_all_recorded_in_fewer_commits(db: Engine) -> None:
    commits: list[int] = []
    event.listen(db, "commit", lambda conn: commits.append(1))
    recorder = Recorder(db)
    batches = [[webhook_event("text_message") for _ in range(n % 3 + 1)] for n in range(40)]

    async def burst() -> None:
        await asyncio.gather(*(recorder.record(b) for b in batches))

    asyncio.run(burst())
    recorder.close()
    ids = [e["webhookEventId"] for b in batches for e in b]
    with Session(db) as session:
        stored = session.exec(select(LineEvent.webhook_event_id).where(col(LineEvent.webhook_event_id).in_(ids))).all()
    assert sorted(stored) == sorted(ids)
    assert 1 <= len(commits) < len(batches)


def test_a_write_that_fails_is_reported_not_acknowledged(tmp_path: Path) -> None:
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables: every insert fails
    recorder = Recorder(unmigrated)

    async def record() -> Any:
        return await asyncio.gather(recorder.record([webhook_event("text_message")]),
                                    recorder.record([webhook_event("follow")]), return_exceptions=True)

    outcomes = asyncio.run(record())
    recorder.close()
    unmigrated.dispose()
    assert all(isinstance(o, Exception) for o in outcomes)


def test_the_webhook_answers_500_when_it_cannot_record(line: Line, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = line.client.app.state.resources.notifier.runtime  # type: ignore[attr-defined]

    async def broken(events: list[Any]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(runtime.recorder, "record", broken)
    event_ = webhook_event("text_message")
    body = body_of(event_)
    quiet = TestClient(line.client.app, raise_server_exceptions=False)  # the app as LINE sees it
    r = quiet.post("/line/webhook", content=body, headers={"X-Line-Signature": sign(body)})
    assert r.status_code == 500 and "Traceback" not in r.text  # LINE redelivers it later
    assert r.json()["error"]["code"] == "internal_error" and "disk full" not in r.text  # no internals leak
    assert line.rows(event_) == []
