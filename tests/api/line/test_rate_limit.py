"""A LINE user sending too fast: answered up to RATE_LIMIT_LINE, then one polite notice, then
silence until the window passes (never hundreds of replies, never silence without a word)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.line.conftest import Line, text_of, webhook_event
from tests.support.fake_line import FakeLine


@pytest.fixture
def limited_line(line_settings: Settings, fake_line: FakeLine, fresh_database_url: str,
                 tmp_path: Path) -> Iterator[Line]:
    """An app of its own (its own database: no other app's loop claims its events)."""
    settings = line_settings.model_copy(update={
        "database_url": fresh_database_url, "data_dir": tmp_path, "ingest_on_start": False,
        "rate_limit_line": "3/minute", "rate_limit_namespace": f"t{uuid.uuid4().hex[:12]}"})
    fake_line.reset()
    with TestClient(create_app(settings)) as client:
        yield Line(client, fake_line)


def test_a_spamming_user_gets_one_notice_then_silence(limited_line: Line) -> None:
    user = "U" + uuid.uuid4().hex
    events = [webhook_event("text_message", user=user, text=f"你好 {n}") for n in range(6)]
    rows = [limited_line.send(event)[0] for event in events]
    assert [row.outcome for row in rows[3:]] == ["replied", "rate_limited", "rate_limited"]
    answered = [text_of(limited_line.reply_to(event)) for event in events]
    assert all(answered[:3]) and "速度" in answered[3] and "再傳" in answered[3]
    assert answered[4:] == ["", ""]  # nothing more sent in this window
    someone_else = webhook_event("text_message", text="你好")
    limited_line.send(someone_else)
    assert text_of(limited_line.reply_to(someone_else)) and "速度" not in text_of(limited_line.reply_to(someone_else))
