"""The production path: two `tcloud serve` instances over one PostgreSQL database and one Chroma
server (`chroma run`), as two machines behind a load balancer would be. Nothing either instance
needs lives in the other's memory: a document uploaded through one is answered by both, a dialogue
goes on at the other, and when one is killed mid-burst the other keeps answering, nothing lost."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.db import database_at
from tests.support.server import Server, chroma_serving, tcloud_server

pytestmark = pytest.mark.slow
TOKEN = "scale-staff-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


@dataclass(frozen=True)
class Cluster:
    first: Server
    second: Server


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[Cluster]:
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("instances on separate machines share PostgreSQL: set TEST_DATABASE_URL to a server")
    root = tmp_path_factory.mktemp("scale")
    with database_at(root) as database_url, chroma_serving(root / "chroma") as chroma_url:
        def env(name: str) -> dict[str, str]:
            # Each instance has its own data directory (as its own machine would): only the
            # database and the Chroma server are shared.
            return {**os.environ, "DATA_DIR": str(root / name), "MODELS_DIR": str(models_dir),
                    "EMBEDDING_MODEL": "use-multilingual", "DATABASE_URL": database_url, "CHROMA_URL": chroma_url,
                    "ADMIN_TOKEN": TOKEN, "USER_HASH_SALT": "s", "KNOWLEDGE_REFRESH_SECONDS": "1",
                    "LLM_BASE_URL": ""}

        # One after the other: the first brings the shipped knowledge base into Chroma, the
        # second finds it there.
        with tcloud_server(env("first")) as first, tcloud_server(env("second")) as second:
            yield Cluster(first, second)


def _chat(url: str, session: str, message: str) -> dict[str, object]:
    r = httpx.post(f"{url}/api/chat", json={"session_id": session, "message": message}, timeout=60)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def _answer(url: str, message: str) -> str:
    return str(_chat(url, uuid.uuid4().hex, message)["answer"])


def test_a_document_uploaded_through_one_instance_is_answered_by_both(cluster: Cluster) -> None:
    question = "雲市集的吉祥物叫什麼名字"
    assert "雲朵朵" not in _answer(cluster.second.url, question)
    faq = "- id: scale-mascot\n  question: 雲市集的吉祥物叫什麼名字？\n  answer: 雲市集的吉祥物叫做雲朵朵。\n"
    r = httpx.post(f"{cluster.first.url}/api/admin/documents", headers=STAFF, timeout=60,
                   files={"file": ("mascot.yaml", faq.encode())})
    assert r.status_code == 202, r.text
    job: dict[str, object] = {}
    for _ in range(600):
        job = httpx.get(f"{cluster.second.url}/api/admin/documents/jobs/{r.json()['id']}", headers=STAFF).json()
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["state"] == "done", job
    for server in (cluster.first, cluster.second):
        answered = ""
        for _ in range(60):  # KNOWLEDGE_REFRESH_SECONDS is 1
            answered = _answer(server.url, question)
            if "雲朵朵" in answered:
                break
            time.sleep(0.5)
        assert "雲朵朵" in answered, (server.url, answered)


def test_a_conversation_continues_on_the_other_instance(cluster: Cluster) -> None:
    session = uuid.uuid4().hex
    first = _chat(cluster.first.url, session, "工業館的補助上限是多少？")
    follow_up = _chat(cluster.second.url, session, "那商業館呢？")
    assert "工業館" in str(first["answer"])
    assert "商業館" in str(follow_up["answer"]) and "3萬點" in str(follow_up["answer"]), follow_up["answer"]


def test_when_one_instance_is_killed_mid_burst_the_other_answers_and_nothing_is_lost(cluster: Cluster) -> None:
    """Clients alternate between the instances (a load balancer without retries); after a number
    of answers, the second is killed (SIGKILL: no shutdown at all)."""
    clients, turns = 8, 12
    questions = ["補助上限多少", "商業館", "怎麼申請數位點數", "請款要準備什麼"]
    answered: dict[str, list[int]] = {}  # session -> exchange ids of the requests that got a 200
    failed_on = {cluster.first.url: 0, cluster.second.url: 0}
    lock = threading.Lock()
    answers_before_kill = threading.Semaphore(0)

    def client(n: int) -> None:
        session = f"burst-{n}-{uuid.uuid4().hex[:8]}"
        answered[session] = []
        with httpx.Client(timeout=60) as http:
            for turn in range(turns):
                url = (cluster.first, cluster.second)[(n + turn) % 2].url
                try:
                    r = http.post(f"{url}/api/chat", json={"session_id": session, "message": questions[turn % 4]})
                except httpx.TransportError:
                    r = None
                with lock:
                    if r is not None and r.status_code == 200:
                        answered[session].append(int(r.json()["exchange_id"]))
                        answers_before_kill.release()
                    else:
                        failed_on[url] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for _ in range(clients * 2):  # well into the burst
        answers_before_kill.acquire()
    cluster.second.process.kill()
    for t in threads:
        t.join()

    assert failed_on[cluster.first.url] == 0  # the surviving instance answered every request it got
    assert failed_on[cluster.second.url] > 0  # the killed one stopped answering
    total = sum(len(ids) for ids in answered.values())
    assert clients * 2 <= total < clients * turns
    for session, ids in answered.items():
        history = httpx.get(f"{cluster.first.url}/api/chat/history", params={"session_id": session}).json()
        logged = [turn["exchange_id"] for turn in history["turns"] if turn["kind"] == "turn"]
        assert all(logged.count(i) == 1 for i in ids), (session, ids, logged)  # every answer logged once
        assert len(logged) - len(ids) <= 1, (session, ids, logged)  # at most the one cut off by the kill
