"""The database storage of the limits: every hit from several processes is counted, once."""

from __future__ import annotations

import multiprocessing

from api.abuse.storage import SqlStorage
from api.db import make_engine
from api.migrate import upgrade

HITS = 40


def _hit(url: str, key: str) -> list[int]:
    storage = SqlStorage(make_engine(url))
    try:
        return [storage.incr(key, 600) for _ in range(HITS)]
    finally:
        storage.db.dispose()


def test_four_processes_hitting_one_counter_count_every_hit_once(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    engine.dispose()
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        seen = pool.starmap(_hit, [(fresh_database_url, "shared")] * 4)
    counts = sorted(c for one in seen for c in one)
    assert counts == list(range(1, 4 * HITS + 1))  # each increment saw a count of its own: none lost
    storage = SqlStorage(make_engine(fresh_database_url))
    assert storage.get("shared") == 4 * HITS and storage.get("other") == 0
    storage.clear("shared")
    assert storage.get("shared") == 0
    storage.db.dispose()


def test_an_expired_counter_starts_again(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    storage = SqlStorage(engine)
    assert [storage.incr("k", 600) for _ in range(3)] == [1, 2, 3]
    with engine.begin() as connection:  # as if its window had passed
        connection.exec_driver_sql("UPDATE rate_counter SET expires_at = 0")
    assert storage.get("k") == 0
    assert storage.incr("k", 600) == 1
    assert storage.purge() == 0 and storage.check()
    engine.dispose()
