"""`tcloud serve --workers 2` as deployed: /metrics sums both workers' counts whichever worker is
scraped (prometheus_client's multiprocess mode, set up by `tcloud serve`), and LOG_FORMAT=json makes
every line of every worker one JSON object carrying the request id."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import httpx

from tests.api.observability.conftest import samples, value
from tests.support.server import tcloud_server

TOKEN = "metrics-" + "k" * 32


def test_two_workers_are_scraped_as_one_and_log_json(tmp_path: Path, models_dir: Path,
                                                     fresh_database_url: str) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "MODELS_DIR": str(models_dir),
           "EMBEDDING_MODEL": "use-multilingual", "DATABASE_URL": fresh_database_url, "ADMIN_TOKEN": "t",
           "USER_HASH_SALT": "s", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "METRICS_TOKEN": TOKEN}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    sessions = [uuid.uuid4().hex for _ in range(12)]
    with tcloud_server(env, workers=2) as server:
        for n, session in enumerate(sessions):
            with httpx.Client(base_url=server.url, timeout=60) as client:  # a new connection: either worker
                answered = client.post("/api/chat", json={"session_id": session, "message": "你好"},
                                       headers={"X-Request-ID": f"serve-{n}"})
                assert answered.status_code == 200 and answered.headers["X-Request-ID"] == f"serve-{n}"
        scrapes = []
        for _ in range(6):
            with httpx.Client(base_url=server.url, timeout=60) as client:
                response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
                assert response.status_code == 200
                scrapes.append(samples(response.text))
        server.process.terminate()
        server.process.wait(timeout=30)
        assert server.process.stderr is not None
        output = server.process.stderr.read().decode()
    for scraped in scrapes:  # every scrape, whichever worker took it, counts all twelve turns
        assert value(scraped, "tcloud_chat_turns_total", outcome="other", channel="web") == 12
        assert value(scraped, "http_request_duration_seconds_count", handler="/api/chat", method="POST") == 12
    # Every line logged is JSON; only the interpreter's own multiprocessing resource tracker (a process
    # of its own, not logging) may add its shutdown notice.
    assert [line for line in output.splitlines() if not line.startswith("{") and "resource_tracker" not in line] == []
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "api.access"]
    assert sorted(line["request_id"] for line in requests) == sorted(f"serve-{n}" for n in range(12))
    assert {line["route"] for line in requests} == {"/api/chat"} and all(len(line["user"]) == 24 for line in requests)
    assert not [s for s in sessions if s in output]
