"""`python -m bench load`: /api/chat throughput and latency from a second process on loopback.

Starts `tcloud serve` (embedded SQLite + Chroma, no LLM) in a temporary data directory, then
drives it with concurrent clients at each concurrency level. Bounded in requests and time.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.labels import load_questions
from bench.metrics import latency
from tests.support.server import serving


async def _level(urls: str | list[str], questions: list[str], concurrency: int, requests: int,
                 seconds: float) -> tuple[list[float], int, float]:
    """aiohttp rather than httpx: the client shares the 2 CPUs with the server, and httpx's own
    per-request cost would be measured as the server's. Several `urls`: requests take turns
    between them (round robin, as a load balancer would)."""
    targets = [urls] if isinstance(urls, str) else urls
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        async def worker(n: int) -> None:
            nonlocal sent, errors
            rng = random.Random(n)
            while sent < requests and time.monotonic() < deadline:
                sent += 1
                body = {"session_id": f"load-{concurrency}-{n}-{sent}", "message": rng.choice(questions)}
                started = time.perf_counter()
                try:
                    async with client.post(f"{targets[sent % len(targets)]}/api/chat", json=body) as r:
                        await r.read()
                        ok = r.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += 0 if ok else 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def run_load_bench(*, models_dir: Path, out: Console, workers: int, requests: int, seconds: float,
                   levels: tuple[int, ...] = (1, 8, 32)) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when the server did not start)."""
    questions = [q.question for q in load_questions(TUNING_DIR)] or ["110年工業館最多補助幾點？"]
    tmp = Path(tempfile.mkdtemp(prefix="tcloud-load-"))
    env = {**os.environ, "DATA_DIR": str(tmp), "MODELS_DIR": str(models_dir.resolve()),
           "DATABASE_URL": f"sqlite:///{tmp / 'load.db'}", "LLM_BASE_URL": "", "CHROMA_URL": ""}
    try:
        with serving(env, workers=workers) as url:
            asyncio.run(_level(url, questions, 4, 40, 20))  # warm-up: every worker loads its snapshot
            table = Table(title=f"/api/chat on loopback, {workers} worker(s), no LLM")
            for col in ("clients", "requests", "errors", "req/s", "p50 ms", "p95 ms", "max ms"):
                table.add_column(col)
            rows = []
            for level in levels:
                latencies, errors, elapsed = asyncio.run(_level(url, questions, level, requests, seconds))
                lat = latency(latencies)
                rows.append({"clients": level, "requests": lat.n, "errors": errors,
                             "requests_per_second": round(lat.n / elapsed, 1), "latency_ms": lat.as_dict(1)})
                table.add_row(str(level), str(lat.n), str(errors), f"{lat.n / elapsed:.0f}",
                              f"{lat.p50:.1f}", f"{lat.p95:.1f}", f"{lat.max:.1f}")
        out.print(table)
        return {"workers": workers, "levels": rows}
    except RuntimeError as exc:
        out.print(str(exc))
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
