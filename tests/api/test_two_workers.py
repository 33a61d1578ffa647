"""Two uvicorn workers on one SQLite file: no state a second worker would need lives in memory."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api.experts.chat import Chat, walk_to_confirmation
from tests.api.experts.console_helpers import expert_with_login
from tests.support.server import serving


@pytest.fixture
def two_workers(tmp_path: Path, models_dir: Path, fresh_database_url: str) -> Iterator[str]:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "MODELS_DIR": str(models_dir),
           "EMBEDDING_MODEL": "use-multilingual", "DATABASE_URL": fresh_database_url,
           "ADMIN_TOKEN": "t", "USER_HASH_SALT": "s", "OUTBOX_POLL_SECONDS": "0.2"}
    with serving(env, workers=2) as url:
        yield url


def _conversation(url: str) -> tuple[str, str]:
    """A two-turn dialogue; each request on a new connection, so either worker may take it."""
    session = uuid.uuid4().hex
    with httpx.Client(base_url=url, timeout=30) as client:
        first = client.post("/api/chat", json={"session_id": session, "message": "補助上限多少"}).json()
    with httpx.Client(base_url=url, timeout=30) as client:
        second = client.post("/api/chat", json={"session_id": session, "message": "商業館"}).json()
    return first["answer"], second["answer"]


def test_conversations_continue_across_two_workers(two_workers: str) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: _conversation(two_workers), range(16)))
    for first, second in results:
        assert "哪一館" in first  # the engine asks which 館; the answer may reach the other worker
        assert "商業館" in second and "3萬點" in second
    stats = httpx.get(f"{two_workers}/api/admin/stats", headers={"Authorization": "Bearer t"}).json()
    assert stats["exchanges"] == 32


def test_a_curated_answer_is_answered_by_every_worker_within_seconds(two_workers: str) -> None:
    staff = {"Authorization": "Bearer t"}
    created = httpx.post(f"{two_workers}/api/admin/curated-answers", headers=staff, timeout=30, json={
        "question": "雲市集有LINE官方帳號嗎？ID是多少？", "answer": "雲市集的LINE官方帳號ID是 @tcloud-test。",
        "year": 115, "hall": "", "audience": "general", "source": "計畫辦公室 115年12月公告"})
    assert created.status_code == 201, created.text
    time.sleep(5)  # the contract: answered within 5 seconds on every worker
    answers = []
    for _ in range(12):  # a new connection each time: both workers take some
        with httpx.Client(base_url=two_workers, timeout=30) as client:
            answers.append(client.post("/api/chat", json={"session_id": uuid.uuid4().hex,
                                                          "message": "雲市集的LINE官方帳號ID是什麼"}).json())
    assert all("@tcloud-test" in a["answer"] and a["sources"][0]["source"] == "計畫辦公室 115年12月公告"
               for a in answers), [a["answer"][:40] for a in answers]
    listed = httpx.get(f"{two_workers}/api/admin/curated-answers", headers=staff, timeout=30).json()
    assert listed[0]["hits"] == 12


def test_a_web_users_message_waits_for_their_page_and_is_shown_once_whichever_worker_answers(
        two_workers: str) -> None:
    staff = {"Authorization": "Bearer t"}
    with httpx.Client(base_url=two_workers, timeout=30) as http:
        expert, console = expert_with_login(http, staff)  # type: ignore[arg-type]
        chat = Chat(http)  # type: ignore[arg-type]
        walk_to_confirmation(chat, expert)
        reference = chat.send("確認送出")["answer"].split("B-")[1][:6]
        booking = next(b for b in http.get("/api/console/bookings", headers=console).json()
                       if b["reference"] == f"B-{reference}")
        assert http.post(f"/api/console/bookings/{booking['id']}/decline", json={"reason": "臨時有事"},
                         headers=console).status_code == 200
    time.sleep(1.5)  # both workers' outbox loops pass over it several times: nobody can push to a web page

    def outbox(status: str) -> list[str]:
        rows = httpx.get(f"{two_workers}/api/admin/outbox", params={"status": status, "channel": "web"},
                         headers=staff, timeout=30).json()
        return [r["kind"] for r in rows if r["address"] == chat.session_id]

    assert outbox("queued") == ["declined"] and outbox("undeliverable") == []
    shown: list[int] = []
    after = 0
    for _ in range(8):  # the page's polls, each on a new connection: either worker may answer
        with httpx.Client(base_url=two_workers, timeout=30) as http:
            notices = http.get("/api/chat/updates", params={"session_id": chat.session_id,
                                                            "after_notice": after}).json()["notices"]
        shown += [n["id"] for n in notices]
        after = max([after, *shown])
    assert len(shown) == 1 and outbox("sent") == ["declined"]
