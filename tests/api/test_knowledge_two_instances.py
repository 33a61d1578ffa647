"""Two app instances over one data directory and database: this process, and `tcloud serve` in
another process (as a second worker would be). A document uploaded through one is answered by the
other without a restart, and chat requests to either never fail while a long document is ingested."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.api.test_knowledge_admin import STAFF, finished
from tests.support.server import serving

LONG_GUIDE = "# 雲市集活動手冊\n\n" + "\n\n".join(
    f"## 第{n}場說明會\n\n第{n}場說明會在第{n}會議室舉行，報名請洽活動窗口，每場名額六十人，額滿為止。"
    for n in range(1, 121)) + "\n"


Instances = tuple[TestClient, httpx.Client]


@pytest.fixture
def instances(tmp_path: Path, models_dir: Path, fresh_database_url: str) -> Iterator[Instances]:
    settings = Settings(data_dir=tmp_path / "data", models_dir=models_dir, embedding_model="use-multilingual",
                        database_url=fresh_database_url, admin_token=ADMIN_TOKEN, user_hash_salt="s",
                        knowledge_refresh_seconds=1.0, curated_refresh_seconds=0.0)
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "MODELS_DIR": str(models_dir),
           "EMBEDDING_MODEL": "use-multilingual", "DATABASE_URL": fresh_database_url, "ADMIN_TOKEN": ADMIN_TOKEN,
           "USER_HASH_SALT": "s", "KNOWLEDGE_REFRESH_SECONDS": "1", "INGEST_ON_START": "false"}
    with TestClient(create_app(settings)) as first, serving(env) as url, \
            httpx.Client(base_url=url, timeout=60) as second:
        yield first, second


def _answer(client: Any, message: str) -> str:
    r = client.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": message})
    assert r.status_code == 200, r.text
    return str(r.json()["answer"])


def test_an_upload_through_one_instance_is_answered_by_the_other(instances: Instances) -> None:
    first, second = instances
    question = "雲市集的吉祥物叫什麼名字"
    assert "雲寶寶" not in _answer(second, question)
    r = first.post("/api/admin/documents", headers=STAFF, files={"file": ("mascot.yaml", (
        "- id: two-mascot\n  question: 雲市集的吉祥物叫什麼名字？\n  answer: 雲市集的吉祥物叫做雲寶寶。\n").encode())})
    assert r.status_code == 202
    assert finished(first, r.json()["id"])["state"] == "done"
    # The job is readable through the other instance too (progress lives in the database).
    assert second.get(f"/api/admin/documents/jobs/{r.json()['id']}", headers=STAFF).json()["state"] == "done"
    answered = ""
    for _ in range(60):  # KNOWLEDGE_REFRESH_SECONDS is 1
        answered = _answer(second, question)
        if "雲寶寶" in answered:
            break
        time.sleep(0.5)
    assert "雲寶寶" in answered
    document_id = second.get("/api/admin/documents", headers=STAFF).json()[0]["id"]
    assert second.post(f"/api/admin/documents/{document_id}/retire", headers=STAFF).status_code == 200
    for _ in range(60):
        answered = _answer(first, question)
        if "雲寶寶" not in answered:
            break
        time.sleep(0.5)
    assert "雲寶寶" not in answered


def test_chat_never_fails_on_either_instance_while_a_long_document_is_ingested(
        instances: Instances) -> None:
    first, second = instances
    statuses: list[int] = []
    stop = threading.Event()

    def chat(client: Any) -> None:
        while not stop.is_set():
            r = client.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": "商業館補助上限多少？"})
            statuses.append(r.status_code)

    talkers = [threading.Thread(target=chat, args=(c,)) for c in (first, second, second)]
    for t in talkers:
        t.start()
    try:
        r = first.post("/api/admin/documents", headers=STAFF, files={"file": ("guide.md", LONG_GUIDE.encode())})
        job = finished(first, r.json()["id"])
        answered = ""
        for _ in range(60):
            answered = _answer(second, "第87場說明會在哪裡舉行")
            if "第87會議室" in answered:
                break
            time.sleep(0.5)
    finally:
        stop.set()
        for t in talkers:
            t.join()
    assert job["state"] == "done" and job["report"]["added"] >= 100 and job["total"] == job["done"]
    assert "第87會議室" in answered
    assert len(statuses) >= 10 and set(statuses) == {200}
