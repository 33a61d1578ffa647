"""An app whose programme calendar is set inside 110 (every 館 open), with a recording notifier,
over the session's real database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.outbox.jobs import send_pass
from api.settings import Settings
from api.wiring import feature_context
from bot.engine import Engine
from bot.points.loader import RULES_FILE
from bot.types import IncomingMessage, Reply
from bot.ubn import checksum_total
from tests.api.conftest import ADMIN_TOKEN
from tests.db import database_at
from tests.support.notify import RecordingNotifier

AS_OF = date(2021, 7, 15)  # 110年7月15日: 110 工業館 still open (until 8/30)
_rng = random.Random(7)
_issued: set[str] = set()


def new_ubn(seventh_digit: str | None = None) -> str:
    """A valid 統一編號 no other test uses (valid under the old rule, so under both)."""
    for _ in itertools.count():
        digits = [str(_rng.randrange(10)) for _ in range(7)]
        if seventh_digit is not None:
            digits[6] = seventh_digit
        head = "".join(digits)
        for last in "0123456789":
            ubn = head + last
            total = checksum_total(ubn)
            if total % 10 == 0 and ubn not in _issued and not (ubn[6] == "7"):
                _issued.add(ubn)
                return ubn
    raise AssertionError("unreachable")


@dataclasses.dataclass
class PointsApp:
    client: TestClient
    notifier: RecordingNotifier
    settings: Settings

    @property
    def engine(self) -> Engine:
        engine: Engine = self.client.app.state.resources.engine  # type: ignore[attr-defined]
        return engine

    def say(self, user: str, text: str, channel: str = "web") -> Reply:
        """A chat turn through the real engine (LINE turns arrive the same way from the webhook)."""
        return self.engine.handle(IncomingMessage(user, channel, text=text))  # type: ignore[arg-type]

    def deliver(self) -> int:
        """One pass of the outbox sender, through the recording notifier."""
        resources = self.client.app.state.resources  # type: ignore[attr-defined]
        return send_pass(dataclasses.replace(feature_context(resources), notifier=self.notifier))

    def web(self, session: str, message: str) -> dict[str, Any]:
        r = self.client.post("/api/chat", json={"session_id": session, "message": message})
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


def rules_with_windows(directory: Path) -> Path:
    """The shipped rule book with an application window (until 110年8月30日) for every 110 館 the
    seeds give none: those 館 are closed under the shipped rules, and these tests apply to them."""
    book = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    for name, hall in book["years"][110].items():
        hall.setdefault("deadlines", [{
            "id": f"{hall['points']['id']}-test-window", "clause": "110年8月30日前申請（測試用的申請期間）",
            "apply_by": date(2021, 8, 30), "source": {"doc": "s21", "section": f"（測試用）{name}"}}])
    path = directory / "rules-with-windows.yaml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def points_app(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PointsApp]:
    # A database of its own: the session's app runs its outbox (no LINE) beside this one, and on a shared
    # database it could take these LINE messages first and find them undeliverable.
    with database_at(tmp_path_factory.mktemp("points-db")) as database_url:
        yield from _points_app(models_dir, database_url, tmp_path_factory)


def _points_app(models_dir: Path, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PointsApp]:
    data = tmp_path_factory.mktemp("points-data")
    settings = Settings(data_dir=data, models_dir=models_dir,
                        embedding_model="use-multilingual", database_url=database_url, admin_token=ADMIN_TOKEN,
                        user_hash_salt="test-salt", chroma_url=None, ingest_on_start=False, points_as_of=AS_OF,
                        points_rules_file=rules_with_windows(data),
                        outbox_poll_seconds=3600)  # the tests send the outbox themselves (deliver())
    notifier = RecordingNotifier()
    app = create_app(settings)
    with TestClient(app) as client:
        app.state.resources = dataclasses.replace(app.state.resources, notifier=notifier)
        yield PointsApp(client, notifier, settings)


@pytest.fixture
def staff() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def application(ubn: str, **changes: Any) -> dict[str, Any]:
    """A 110 工業館 application that qualifies."""
    body: dict[str, Any] = {
        "ubn": ubn, "company_name": "精密機械股份有限公司", "industry": "manufacturing", "employees": 50,
        "paid_in_capital": "2000萬", "annual_revenue": "3億", "factory_registration": "registered",
        "region": "臺中市", "contact_name": "王小明", "phone": "0912-345-678", "email": "Owner@Example.com",
        "consent": True, "hall": "工業館"}
    body.update(changes)
    return body
