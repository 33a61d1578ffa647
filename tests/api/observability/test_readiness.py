"""/readyz (may the load balancer send requests here?) turns 503, saying why in zh-TW, while the
knowledge index is being swapped and when the database goes away; /healthz (liveness) stays 200."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ingest.pipeline import ingest_paths
from tests.api.observability.conftest import AppFactory, scrape, value

EN = {"Accept-Language": "en"}


def _with_index(client: TestClient, corpus: Path) -> None:
    """A small knowledge base (faster than the shipped one), taken into this process's snapshot."""
    store = client.app.state.resources.knowledge.store  # type: ignore[attr-defined]
    assert not ingest_paths([corpus], store=store).errors
    store.snapshot()


def _wait(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_not_ready_while_the_index_is_swapped_yet_questions_are_answered(ops_app: AppFactory, corpus: Path) -> None:
    with ops_app(ingest_on_start=False) as client:
        _with_index(client, corpus)
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        store = client.app.state.resources.knowledge.store  # type: ignore[attr-defined]
        with store.vectors.writing():  # an ingest is writing (here, or in another process: the same lock)
            store.vectors.bump_version()
            swap = threading.Thread(target=store.snapshot)  # the next search notices and rebuilds...
            swap.start()
            _wait(lambda: store.rebuilding)  # ...waiting for the writer to finish
            swapping = client.get("/readyz")
            assert swapping.status_code == 503
            body = swapping.json()
            assert body["status"] == "not_ready" and body["checks"] == {"database": True, "index": False,
                                                                        "model": True}
            assert "知識庫" in body["message"] and "更新" in body["message"]
            assert "knowledge index" in client.get("/readyz", headers=EN).json()["message"]
            assert client.get("/healthz").status_code == 200
            asked = client.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": "商業館補助上限多少？"})
            assert asked.status_code == 200 and asked.json()["sources"]  # answered from the previous snapshot
        swap.join(timeout=30)
        assert not swap.is_alive()
        assert client.get("/readyz").status_code == 200


def _database_goes_away(url: str) -> None:
    """The database is gone: the PostgreSQL database is dropped (its connections cut), or the SQLite
    file is deleted (a lost volume)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    server = create_engine(make_url(os.environ["TEST_DATABASE_URL"]), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{parsed.database}" WITH (FORCE)'))
    server.dispose()


def test_not_ready_when_the_database_goes_away(ops_app: AppFactory, corpus: Path, fresh_database_url: str) -> None:
    with ops_app(ingest_on_start=False) as client:
        _with_index(client, corpus)
        assert client.get("/readyz").status_code == 200
        assert value(scrape(client), "tcloud_database_up") == 1
        _database_goes_away(fresh_database_url)
        gone = client.get("/readyz")
        assert gone.status_code == 503
        assert gone.json()["checks"] == {"database": False, "index": True, "model": True}
        assert "資料庫" in gone.json()["message"]
        assert "database" in client.get("/readyz", headers=EN).json()["message"]
        assert client.get("/healthz").status_code == 200  # alive: restarting it would not bring the database back
        scraped = scrape(client)  # still scraped, never a 500
        if make_url(fresh_database_url).get_backend_name() == "postgresql":
            assert value(scraped, "tcloud_database_up") == 0
