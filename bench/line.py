"""`python -m bench line`: webhook acknowledgement latency under a burst, and lost or doubled replies.

Starts `tcloud serve` (real uvicorn, LINE configured, a temporary SQLite file unless a database URL
is given) pointed at a fake LINE Platform on loopback, fires a burst of signed events (each its own
webhook delivery) from concurrent senders (one LINE user each, sending one after another), then
waits until LINE would have delivered every answer and counts, per event, what was delivered.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.labels import load_questions
from bench.metrics import latency
from tests.support.fake_line import FakeLine, reply_token
from tests.support.server import serving

SECRET, TOKEN = "bench-line-secret", "bench-line-token"


def _event(user: str, text: str) -> dict[str, Any]:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "webhookEventId": uuid.uuid4().hex[:26].upper(), "deliveryContext": {"isRedelivery": False},
            "source": {"type": "user", "userId": user}, "replyToken": reply_token(),
            "message": {"type": "text", "id": str(uuid.uuid4().int)[:18], "quoteToken": uuid.uuid4().hex,
                        "text": text}}


async def _burst(url: str, events: list[list[dict[str, Any]]]) -> tuple[list[float], int]:
    """Each sender posts its events one after another; returns acknowledgement latencies (ms).
    aiohttp, not httpx: httpx's own overhead under 16 concurrent requests (tens of ms) would swamp
    what is being measured."""
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=len(events))
    async with aiohttp.ClientSession(url, connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as client:
        async def sender(mine: list[dict[str, Any]]) -> None:
            nonlocal errors
            for event in mine:
                body = json.dumps({"destination": "Ubench", "events": [event]}, ensure_ascii=False).encode()
                signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
                started = time.perf_counter()
                try:
                    async with client.post("/line/webhook", data=body, headers={
                            "Content-Type": "application/json", "X-Line-Signature": signature}) as r:
                        await r.read()
                        errors += r.status != 200
                except (aiohttp.ClientError, TimeoutError):
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(sender(mine) for mine in events))
    return latencies, errors


def _delivered(fake: FakeLine, events: list[dict[str, Any]]) -> tuple[int, int]:
    """(lost, doubled): per user, answers delivered (replies to their tokens + pushes) vs events sent."""
    lost = doubled = 0
    by_user: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_user.setdefault(event["source"]["userId"], []).append(event)
    for user, mine in by_user.items():
        got = sum(len(fake.replies_to(e["replyToken"])) for e in mine) + len(fake.pushes_to(user))
        lost += max(0, len(mine) - got)
        doubled += max(0, got - len(mine))
    return lost, doubled


@dataclass
class Burst:
    latencies: list[float]
    errors: int
    seconds: float
    answered_seconds: float
    lost: int
    doubled: int
    load: float


def _plan(questions: list[str], events: int, senders: int) -> list[list[dict[str, Any]]]:
    users = [f"U{uuid.uuid4().hex}" for _ in range(senders)]
    return [[_event(users[s], questions[(s * 31 + n) % len(questions)]) for n in range(s, events, senders)]
            for s in range(senders)]


def _run_burst(url: str, fake: FakeLine, plan: list[list[dict[str, Any]]]) -> Burst:
    flat = [e for mine in plan for e in mine]
    started = time.perf_counter()
    latencies, errors = asyncio.run(_burst(url, plan))
    seconds = time.perf_counter() - started
    deadline = time.monotonic() + 180
    while _delivered(fake, flat)[0] and time.monotonic() < deadline:
        time.sleep(0.05)
    answered = time.perf_counter() - started
    time.sleep(1.0)  # anything doubled would arrive now
    lost, doubled = _delivered(fake, flat)
    return Burst(latencies, errors, seconds, answered, lost, doubled, os.getloadavg()[0])


def _env(models_dir: Path, tmp: Path, fake: FakeLine, database_url: str | None) -> dict[str, str]:
    return {**os.environ, "DATA_DIR": str(tmp), "MODELS_DIR": str(models_dir.resolve()),
            "DATABASE_URL": database_url or f"sqlite:///{tmp / 'line.db'}", "LLM_BASE_URL": "", "CHROMA_URL": "",
            "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_HOST": fake.url,
            "LINE_RETRY_BASE_SECONDS": "0.2", "LINE_RETRY_MAX_SECONDS": "1", "LINE_MAX_ATTEMPTS": "8"}


def run_line_bench(*, models_dir: Path, out: Console, events: int = 200, senders: int = 16, workers: int = 1,
                   database_url: str | None = None, fail_rate: float = 0.0,
                   bursts: int = 3) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when the server did not start); `ok` in the figures
    says whether every burst was acknowledged, answered once and nothing lost."""
    questions = [q.question for q in load_questions(TUNING_DIR)] or ["110年工業館最多補助幾點？"]
    tmp = Path(tempfile.mkdtemp(prefix="tcloud-line-bench-"))
    results: list[Burst] = []
    with FakeLine(TOKEN, fail_rate=fail_rate) as fake:
        try:
            with serving(_env(models_dir, tmp, fake, database_url), workers=workers, timeout=240) as url:
                # A running service: every worker has loaded its index and opened its connections.
                _run_burst(url, fake, _plan(questions, 2 * senders, senders))
                for _ in range(bursts):
                    results.append(_run_burst(url, fake, _plan(questions, events, senders)))
        except RuntimeError as exc:
            out.print(str(exc))
            return None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        pushes = len(fake.accepted("push"))
    table = Table(title=f"LINE webhook: bursts of {events} signed events from {senders} concurrent senders, "
                        f"{workers} uvicorn worker(s), {'PostgreSQL' if database_url else 'SQLite'}"
                        + (f", {fail_rate:.0%} of LINE calls fail with 500" if fail_rate else ""))
    for col in ("burst", "acks", "errors", "ack p50 ms", "ack p99 ms", "ack max ms", "burst s", "all answered s",
                "lost", "doubled", "load avg"):
        table.add_column(col)
    rows = []
    for n, r in enumerate(results, start=1):
        lat = latency(r.latencies)
        rows.append({"acks": lat.n, "errors": r.errors, "ack_ms": lat.as_dict(1), "burst_seconds": round(r.seconds, 2),
                     "answered_seconds": round(r.answered_seconds, 2), "lost": r.lost, "doubled": r.doubled,
                     "load_average": round(r.load, 1)})
        table.add_row(str(n), str(lat.n), str(r.errors), f"{lat.p50:.1f}", f"{lat.p99:.1f}", f"{lat.max:.1f}",
                      f"{r.seconds:.2f}", f"{r.answered_seconds:.2f}", str(r.lost), str(r.doubled), f"{r.load:.1f}")
    out.print(table)
    out.print(f"answers delivered by push instead of reply: {pushes}; machine: {os.cpu_count()} CPUs")
    return {"events": events, "senders": senders, "workers": workers,
            "database": "PostgreSQL" if database_url else "SQLite", "fail_rate": fail_rate, "bursts": rows,
            "pushed_instead_of_reply": pushes,
            "ok": all(r.errors == 0 and r.lost == 0 and r.doubled == 0 for r in results)}
