"""`python -m bench scale`: /api/chat throughput and p95 on one and on two `tcloud serve` instances
over one database and one Chroma server (`chroma run`), then the figures of killing one mid-burst.

The load client takes turns between the instances (a round-robin load balancer). In the kill burst
it retries a request that could not reach an instance on the other one, as a load balancer does;
afterwards each session's history says whether an answered request was lost or logged twice.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.labels import load_questions
from bench.load import _level
from bench.metrics import latency
from tests.support.server import Server, chroma_serving, tcloud_server


def _env(models_dir: Path, root: Path, name: str, database_url: str, chroma_url: str) -> dict[str, str]:
    return {**os.environ, "DATA_DIR": str(root / name), "MODELS_DIR": str(models_dir.resolve()),
            "DATABASE_URL": database_url, "CHROMA_URL": chroma_url, "LLM_BASE_URL": "",
            "ADMIN_TOKEN": "bench", "USER_HASH_SALT": "bench"}


async def _kill_burst(servers: list[Server], questions: list[str], clients: int, turns: int) -> dict[str, int]:
    """`clients` sessions of `turns` requests each, alternating instances; the second instance is
    killed (SIGKILL) once a quarter of the answers are in."""
    answered: dict[str, list[int]] = {}
    counts = {"sent": 0, "answered": 0, "retried": 0, "failed": 0}
    kill_at = clients * turns // 4
    timeout = aiohttp.ClientTimeout(total=30)

    async with aiohttp.ClientSession(timeout=timeout) as client:
        async def post(url: str, body: dict[str, str]) -> dict[str, Any] | None:
            try:
                async with client.post(f"{url}/api/chat", json=body) as r:
                    return await r.json() if r.status == 200 else None
            except (aiohttp.ClientError, TimeoutError):
                return None

        async def session(n: int) -> None:
            sid = f"kill-{n}-{random.getrandbits(32):08x}"
            answered[sid] = []
            for turn in range(turns):
                body = {"session_id": sid, "message": questions[(n + turn) % len(questions)]}
                counts["sent"] += 1
                first = servers[(n + turn) % 2].url
                reply = await post(first, body)
                if reply is None:
                    counts["retried"] += 1
                    reply = await post(next(s.url for s in servers if s.url != first), body)
                if reply is None:
                    counts["failed"] += 1
                    continue
                answered[sid].append(int(reply["exchange_id"]))
                counts["answered"] += 1
                if counts["answered"] == kill_at:
                    servers[1].process.kill()

        await asyncio.gather(*(session(n) for n in range(clients)))
    lost = doubled = 0
    for sid, ids in answered.items():
        history = httpx.get(f"{servers[0].url}/api/chat/history", params={"session_id": sid}, timeout=30).json()
        logged = [t["exchange_id"] for t in history["turns"] if t["kind"] == "turn"]
        lost += sum(1 for i in ids if i not in logged)
        doubled += max(0, len(logged) - len(ids))  # a retried request its killed instance had logged
    return {**counts, "lost": lost, "doubled": doubled}


def run_scale_bench(*, models_dir: Path, out: Console, database_url: str | None, requests: int,
                    seconds: float, levels: tuple[int, ...] = (1, 8, 32)) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when a server did not start)."""
    questions = [q.question for q in load_questions(TUNING_DIR)] or ["110年工業館最多補助幾點？"]
    root = Path(tempfile.mkdtemp(prefix="tcloud-scale-"))
    database = database_url or f"sqlite:///{root / 'scale.db'}"
    rows: list[dict[str, Any]] = []
    try:
        with ExitStack() as stack:
            chroma_url = stack.enter_context(chroma_serving(root / "chroma"))
            servers = [stack.enter_context(tcloud_server(_env(models_dir, root, name, database, chroma_url),
                                                         timeout=300)) for name in ("first", "second")]
            for s in servers:
                asyncio.run(_level(s.url, questions, 4, 40, 20))  # warm-up: each loads its snapshot
            table = Table(title="/api/chat, instances over one database and one Chroma server, no LLM")
            for col in ("instances", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms"):
                table.add_column(col)
            for count in (1, 2):
                urls = [s.url for s in servers[:count]]
                for level in levels:
                    lat_ms, errors, elapsed = asyncio.run(_level(urls, questions, level, requests, seconds))
                    lat = latency(lat_ms)
                    rows.append({"instances": count, "clients": level, "requests": lat.n, "errors": errors,
                                 "requests_per_second": round(lat.n / elapsed, 1), "latency_ms": lat.as_dict(1)})
                    table.add_row(str(count), str(level), str(lat.n), str(errors), f"{lat.n / elapsed:.0f}",
                                  f"{lat.p50:.0f}", f"{lat.p95:.0f}")
            out.print(table)
            kill = asyncio.run(_kill_burst(servers, questions, clients=16, turns=10))
            out.print(f"kill -9 of one instance mid-burst: {kill}")
    except RuntimeError as exc:
        out.print(str(exc))
        return None
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"database": "PostgreSQL" if database_url else "SQLite", "levels": rows, "kill": kill,
            "ok": kill["failed"] == 0 and kill["lost"] == 0}
