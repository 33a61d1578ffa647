"""One app for the scripted journeys of issue 13, reached as a web user (POST /api/chat and the
chat page's reads) and as a LINE user (signed webhooks, a fake LINE Platform on loopback), with a
real SMTP server on loopback, the outbox sending every fraction of a second, and 110年 rules with an
application window open (POINTS_AS_OF inside it).

The app has a database of its own: the session's app (no LINE) runs beside it, and on a shared
database its outbox would take some of these LINE pushes and find them undeliverable."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.settings import Settings
from tests.api.applications.conftest import AS_OF, rules_with_windows
from tests.api.journeys.helpers import expert_on_duty
from tests.api.journeys.users import LineUser, User, WebUser
from tests.db import database_at
from tests.support.fake_line import FakeLine
from tests.support.smtp import Inbox, smtp_server

SECRET, TOKEN = "journey-line-secret", "journey-line-token"


@dataclass(frozen=True)
class Journeys:
    client: TestClient
    line: FakeLine
    inbox: Inbox


@pytest.fixture(scope="package")
def journeys(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journeys]:
    data = tmp_path_factory.mktemp("journeys")
    with FakeLine(TOKEN, slow_seconds=5) as line, smtp_server() as (inbox, port), \
            database_at(tmp_path_factory.mktemp("journeys-db")) as database_url:
        settings = api_settings.model_copy(update={
            "database_url": database_url,
            "line_channel_secret": SecretStr(SECRET), "line_channel_access_token": SecretStr(TOKEN),
            "line_api_host": line.url, "line_poll_seconds": 0.05, "line_loading_after_seconds": 10.0,
            "outbox_poll_seconds": 0.2, "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False,
            "smtp_from": "雲市集助理 <noreply@tcloud.test>", "public_base_url": "http://testserver",
            "points_as_of": AS_OF, "points_rules_file": rules_with_windows(data)})
        with TestClient(create_app(settings)) as client:
            yield Journeys(client, line, inbox)


@pytest.fixture(params=["web", "line"])
def user(request: pytest.FixtureRequest, journeys: Journeys) -> User:
    """A new user on the web chat, then on LINE: every journey runs on both."""
    if request.param == "web":
        return WebUser(journeys.client)
    return LineUser(journeys.client, journeys.line, SECRET)


@pytest.fixture
def expert(journeys: Journeys) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """This journey's expert (on the topic users ask about) and their console headers."""
    with expert_on_duty(journeys.client) as on_duty:
        yield on_duty
