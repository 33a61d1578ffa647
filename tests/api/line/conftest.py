"""The real app with LINE configured, pointed at a fake LINE Platform on loopback; signed webhooks."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import Session, col, select

from api.app import create_app
from api.contract import Feature, FeatureContext
from api.line.tables import UNFINISHED, LineEvent
from api.settings import Settings
from api.wiring import FEATURES
from bot.flows.ports import CommitResult, FlowRegistry, Submission
from bot.flows.spec import Flow, Step
from tests.db import database_at
from tests.support.fake_line import FakeLine, reply_token

SECRET = "test-line-secret"
TOKEN = "test-line-token"
WEBHOOKS = Path(__file__).parent / "webhooks"

VISIT_FLOW = Flow(name="visit", title="預約到府訪視", steps=(
    Step("when", "時間", "請選擇方便的時間。", picker="datetime"),
))


class VisitCommitter:
    def __init__(self) -> None:
        self.submissions: list[Submission] = []

    def commit(self, submission: Submission) -> CommitResult:
        self.submissions.append(submission)
        return CommitResult(f"V-{len(self.submissions):04d}", "我們會準時到訪。")


VISITS = VisitCommitter()


def _register_visit(flows: FlowRegistry, ctx: FeatureContext) -> None:
    flows.register(VISIT_FLOW, VISITS)


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_event(name: str, *, age_seconds: float = 0.0, **changes: Any) -> dict[str, Any]:
    """The first event of fixture `name`, with fresh ids (event id, user), a reply token the fake LINE
    Platform issued when the event happened, and that timestamp."""
    event: dict[str, Any] = copy.deepcopy(json.loads((WEBHOOKS / f"{name}.json").read_text(encoding="utf-8"))
                                          ["events"][0])
    event["webhookEventId"] = uuid.uuid4().hex[:26].upper()
    event["timestamp"] = int((time.time() - age_seconds) * 1000)
    if "replyToken" in event:
        event["replyToken"] = reply_token(age_seconds=age_seconds)
    if event["source"]["type"] == "user":
        event["source"]["userId"] = "U" + uuid.uuid4().hex
    for key, value in changes.items():
        if key == "text":
            event["message"]["text"] = value
        elif key == "user":
            event["source"]["userId"] = value
        elif key == "data":
            event["postback"]["data"] = value
        else:
            event[key] = value
    return event


def body_of(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Uf0000000000000000000000000000bot", "events": list(events)},
                      ensure_ascii=False).encode()


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


class Line:
    """Posts signed webhooks to the app and reads what the fake LINE Platform received."""

    def __init__(self, client: TestClient, fake: FakeLine) -> None:
        self.client, self.fake = client, fake

    @property
    def db(self) -> Any:
        return self.client.app.state.resources.db  # type: ignore[attr-defined]

    def post(self, *events: dict[str, Any], signature: str | None = None) -> Any:
        body = body_of(*events)
        return self.client.post("/line/webhook", content=body, headers={
            "Content-Type": "application/json", "X-Line-Signature": signature or sign(body)})

    def rows(self, *events: dict[str, Any]) -> list[LineEvent]:
        ids = [e["webhookEventId"] for e in events]
        with Session(self.db) as session:
            return list(session.exec(select(LineEvent).where(col(LineEvent.webhook_event_id).in_(ids))).all())

    def settle(self, *events: dict[str, Any], timeout: float = 20.0) -> list[LineEvent]:
        """Wait until every event is finished (done or dead); returns their rows."""
        def finished() -> list[LineEvent] | None:
            rows = self.rows(*events)
            return rows if len(rows) == len(events) and all(r.status not in UNFINISHED for r in rows) else None
        return wait_for(finished, timeout, "the events to be processed")  # type: ignore[no-any-return]

    def send(self, *events: dict[str, Any]) -> list[LineEvent]:
        response = self.post(*events)
        assert response.status_code == 200, response.text
        return self.settle(*events)

    def reply_to(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """The messages LINE delivered in answer to `event` (by reply or push)."""
        replies = self.fake.replies_to(event["replyToken"])
        if replies:
            return replies[0].body["messages"]  # type: ignore[no-any-return]
        source = event["source"]
        pushes = self.fake.pushes_to(source.get("groupId") or source.get("roomId") or source["userId"])
        return pushes[-1].body["messages"] if pushes else []  # type: ignore[no-any-return]


def text_of(messages: list[dict[str, Any]]) -> str:
    """Everything a user reads in these messages (text, flex texts, button labels, quick replies)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "label", "altText"):
                if isinstance(node.get(key), str):
                    out.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    return "\n".join(out)


@pytest.fixture(scope="package")
def fake_line() -> Iterator[FakeLine]:
    with FakeLine(TOKEN, slow_seconds=1.2) as fake:
        yield fake


@pytest.fixture(scope="package")
def line_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The LINE tests' own database: the session's app (no LINE) runs beside theirs, and on a shared
    database its outbox would take some of their pushes and find them undeliverable."""
    with database_at(tmp_path_factory.mktemp("line-db")) as url:
        yield url


@pytest.fixture(scope="package")
def line_settings(api_settings: Settings, fake_line: FakeLine, line_database_url: str) -> Settings:
    return api_settings.model_copy(update={
        "database_url": line_database_url,
        "line_channel_secret": SecretStr(SECRET), "line_channel_access_token": SecretStr(TOKEN),
        "line_api_host": fake_line.url, "line_timeout_seconds": 0.5, "line_max_attempts": 3,
        "line_retry_base_seconds": 0.05, "line_retry_max_seconds": 0.2, "line_poll_seconds": 0.05,
        "line_loading_after_seconds": 0.0, "line_claim_seconds": 30.0, "line_basic_id": "@tcloudtest"})


@pytest.fixture(scope="package")
def line_client(line_settings: Settings) -> Iterator[TestClient]:
    features = [*FEATURES, Feature("visit-test", register_flows=_register_visit)]
    with TestClient(create_app(line_settings, features=features)) as client:
        yield client


@pytest.fixture
def line(line_client: TestClient, fake_line: FakeLine) -> Line:
    fake_line.reset()
    return Line(line_client, fake_line)
