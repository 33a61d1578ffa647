"""kill -9 in the middle of a burst of LINE events, then a restart: what was lost, what doubled.

Used by the crash test (tests/api/line/test_crash.py) and `python -m bench line-crash`. One round:
`tcloud serve` (real uvicorn, LINE pointed at the fake LINE Platform) with LINE_FAULT_AFTER_REPLY,
so the process SIGKILLs itself right after LINE accepted its k-th reply and before recording it,
while users are still sending; then a second `tcloud serve` on the same database, LINE's
redelivery of every webhook the dead process did not acknowledge, and a wait until every event is
finished. Each delivery is matched to its event (a reply by its token, a push by its retry key),
so a lost and a doubled answer of one user cannot cancel out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlmodel import col

from api.db import make_engine
from api.exchanges import hash_user
from api.line.services.event_store import retry_key_of
from api.line.tables import UNFINISHED, LineEvent
from api.models import DialogueStateRow, Exchange
from tests.support.fake_line import FakeLine, reply_token
from tests.support.server import tcloud_server

SECRET, TOKEN, SALT = "crash-line-secret", "crash-line-token", "crash-salt"


def crash_env(*, models_dir: Path, data_dir: Path, fake: FakeLine, database_url: str,
              claim_seconds: float | None = None) -> dict[str, str]:
    """The environment of both servers of a round (the first also gets LINE_FAULT_AFTER_REPLY)."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "MODELS_DIR": str(models_dir.resolve()),
           "EMBEDDING_MODEL": "use-multilingual", "DATABASE_URL": database_url, "LLM_BASE_URL": "",
           "CHROMA_URL": "", "ADMIN_TOKEN": "crash-admin", "USER_HASH_SALT": SALT,
           "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_HOST": fake.url,
           "LINE_RETRY_BASE_SECONDS": "0.2", "LINE_RETRY_MAX_SECONDS": "1", "LINE_MAX_ATTEMPTS": "8",
           "RATE_LIMIT_LINE": "100000/minute"}
    if claim_seconds is not None:
        env["LINE_CLAIM_SECONDS"] = str(claim_seconds)
    env.pop("LINE_FAULT_AFTER_REPLY", None)
    return env


def line_event(user: str, text: str) -> dict[str, Any]:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "webhookEventId": uuid.uuid4().hex[:26].upper(), "deliveryContext": {"isRedelivery": False},
            "source": {"type": "user", "userId": user}, "replyToken": reply_token(),
            "message": {"type": "text", "id": str(uuid.uuid4().int)[:18], "quoteToken": uuid.uuid4().hex,
                        "text": text}}


def _post(client: httpx.Client, url: str, event: dict[str, Any]) -> bool:
    """One webhook delivery; True when it was acknowledged (200)."""
    body = json.dumps({"destination": "Ucrash", "events": [event]}, ensure_ascii=False).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    try:
        response = client.post(f"{url}/line/webhook", content=body, timeout=10,
                               headers={"Content-Type": "application/json", "X-Line-Signature": signature})
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@dataclass
class Round:
    events: int
    killed_after_reply: int
    crashed: bool
    """The first server died of the fault (SIGKILL), as planned."""
    redelivered: int
    """Webhooks the killed server never acknowledged, which LINE delivered again to the new one."""
    lost: int
    doubled: int
    exchanges: int
    """Exchange rows logged for the round's events (one per event when nothing is logged twice)."""
    turns: int
    """Turns counted in the round's dialogue states (one per event when no turn ran twice)."""
    restart_seconds: float
    """From the kill until the new server answered /readyz."""
    recovery_seconds: float
    """From the kill until every event was finished by the new server."""
    outcomes: dict[str, int] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)
    """Per event, how many times LINE accepted an answer to it (for a failing test's message)."""

    @property
    def ok(self) -> bool:
        return self.crashed and self.lost == 0 and self.doubled == 0 and self.exchanges == self.events \
            and self.turns == self.events


def _deliveries(fake: FakeLine, events: list[dict[str, Any]]) -> dict[str, int]:
    pushes = Counter(c.headers.get("x-line-retry-key", "") for c in fake.accepted("push"))
    return {e["webhookEventId"]: len(fake.replies_to(e["replyToken"])) + pushes[retry_key_of(e["webhookEventId"])]
            for e in events}


def _db_figures(database_url: str, events: list[dict[str, Any]]) -> tuple[int, int, int, dict[str, int]]:
    """(unfinished events, exchange rows, dialogue turns, outcomes) of this round's events."""
    ids = [e["webhookEventId"] for e in events]
    users = sorted({e["source"]["userId"] for e in events})
    hashes = [hash_user(salt=SALT, channel="line", user_id=u) for u in users]
    db = make_engine(database_url)
    try:
        with db.connect() as conn:
            rows = [tuple(r) for r in conn.execute(select(col(LineEvent.status), col(LineEvent.outcome))
                                                   .where(col(LineEvent.webhook_event_id).in_(ids)))]
            exchanges = conn.execute(select(func.count()).select_from(Exchange)
                                     .where(col(Exchange.user_hash).in_(hashes))).scalar_one()
            states = conn.execute(select(col(DialogueStateRow.data))
                                  .where(col(DialogueStateRow.key).in_([f"line:{u}" for u in users]))).scalars().all()
    finally:
        db.dispose()
    unfinished = len(ids) - len(rows) + sum(1 for status, _ in rows if status in UNFINISHED)
    turns = sum(int(data.get("turns", 0)) for data in states)
    return unfinished, int(exchanges), turns, dict(Counter(outcome for _, outcome in rows))


def crash_round(*, env: dict[str, str], fake: FakeLine, questions: list[str], events: int, senders: int,
                kill_after_reply: int, seed: int = 0, pause: tuple[float, float] = (0.2, 1.0),
                timeout: float = 180.0, log: Callable[[str], None] = lambda _: None) -> Round:
    """One round (see the module's docstring). Users send one message after another, pausing a
    little between them as people do, so the kill finds webhooks and answers both in flight."""
    rng = random.Random(seed)
    users = [f"U{uuid.uuid4().hex}" for _ in range(senders)]
    plan = [[line_event(users[s], questions[(seed * 7 + s * 31 + n) % len(questions)])
             for n in range(s, events, senders)] for s in range(senders)]
    flat = [e for mine in plan for e in mine]
    unacknowledged: list[dict[str, Any]] = []
    lock = threading.Lock()
    with tcloud_server({**env, "LINE_FAULT_AFTER_REPLY": str(kill_after_reply)}, timeout=240) as first:
        log(f"server up; sending {events} events from {senders} users; it dies after reply {kill_after_reply}")
        pauses = [[rng.uniform(*pause) for _ in mine] for mine in plan]

        def send(mine: list[dict[str, Any]], waits: list[float]) -> None:
            with httpx.Client() as client:
                for event, wait in zip(mine, waits, strict=True):
                    event["timestamp"] = int(time.time() * 1000)  # sent now (its token was issued now too)
                    event["replyToken"] = reply_token()
                    if not _post(client, first.url, event):
                        with lock:
                            unacknowledged.append(event)
                    time.sleep(wait)

        threads = [threading.Thread(target=send, args=(mine, waits)) for mine, waits in zip(plan, pauses, strict=True)]
        for thread in threads:
            thread.start()
        try:
            code = first.process.wait(timeout=timeout)
        except Exception:
            code = None
        killed_at = time.monotonic()
        for thread in threads:
            thread.join()
    crashed = code == -9
    log(f"first server ended with {code}; {len(unacknowledged)} webhooks unacknowledged; restarting")
    with tcloud_server(env, timeout=240) as second, httpx.Client() as client:
        restart = time.monotonic() - killed_at
        log(f"second server up {restart:.1f} s after the kill")
        for event in unacknowledged:  # LINE redelivers what was not acknowledged
            event["deliveryContext"] = {"isRedelivery": True}
            deadline = time.monotonic() + 30
            while not _post(client, second.url, event) and time.monotonic() < deadline:
                time.sleep(0.5)
        deadline = time.monotonic() + timeout
        while True:
            unfinished, *_ = _db_figures(env["DATABASE_URL"], flat)
            if unfinished == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        recovery = time.monotonic() - killed_at
        log(f"every event finished {recovery:.1f} s after the kill")
        time.sleep(1.0)  # anything sent twice would arrive now
        unfinished, exchanges, turns, outcomes = _db_figures(env["DATABASE_URL"], flat)
    deliveries = _deliveries(fake, flat)
    lost = sum(1 for n in deliveries.values() if n == 0)
    doubled = sum(n - 1 for n in deliveries.values() if n > 1)
    return Round(events=events, killed_after_reply=kill_after_reply, crashed=crashed,
                 redelivered=len(unacknowledged), lost=lost, doubled=doubled, exchanges=exchanges, turns=turns,
                 restart_seconds=round(restart, 1), recovery_seconds=round(recovery, 1), outcomes=outcomes,
                 deliveries=deliveries)
