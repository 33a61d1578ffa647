"""`python -m bench upload`: chat under load while staff upload documents (knowledge management).

Starts `tcloud serve` (embedded SQLite + Chroma, several workers) in a temporary data directory,
drives /api/chat with concurrent clients, and meanwhile uploads long guides through
/api/admin/documents, one after another. Prints the failed chat requests (the target is 0), the chat
latency during the uploads, each upload's ingest time, and how long until every worker answered from
the last one. Bounded in time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.labels import load_questions
from bench.load import _level
from bench.metrics import latency
from tests.support.server import serving

TOKEN = "bench-upload-token"


def _guide(n: int, sections: int) -> bytes:
    body = "\n\n".join(f"## 第{n}-{s}場說明會\n\n第{n}-{s}場說明會在第{n}{s:03d}號會議室舉行，報名請洽活動窗口，"
                       "每場名額六十人，額滿為止。" for s in range(1, sections + 1))
    return f"# 雲市集活動手冊第{n}冊\n\n{body}\n".encode()


def _uploads(url: str, documents: int, sections: int) -> list[dict[str, Any]]:
    staff = {"Authorization": f"Bearer {TOKEN}"}
    done = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for n in range(1, documents + 1):
            started = time.perf_counter()
            r = client.post("/api/admin/documents", headers=staff,
                            files={"file": (f"guide-{n}.md", _guide(n, sections))})
            r.raise_for_status()
            job = r.json()
            while job["state"] in ("queued", "running"):
                time.sleep(0.2)
                job = client.get(f"/api/admin/documents/jobs/{job['id']}", headers=staff).json()
            done.append({"file": job["filename"], "state": job["state"], "chunks": job["report"]["chunks"],
                         "seconds": round(time.perf_counter() - started, 2)})
        # Until every worker answers from the last upload (each request a new connection).
        started, answered = time.perf_counter(), 0
        while answered < 8 and time.perf_counter() - started < 60:
            with httpx.Client(base_url=url, timeout=30) as fresh:
                reply = fresh.post("/api/chat", json={"session_id": uuid.uuid4().hex,
                                                      "message": f"第{documents}-7場說明會在哪裡舉行"}).json()
            answered = answered + 1 if f"第{documents}007號會議室" in reply["answer"] else 0
        done.append({"answerable_after_s": round(time.perf_counter() - started, 2), "answered": answered >= 8})
    return done


async def _during(url: str, questions: list[str], clients: int, documents: int,
                  sections: int) -> tuple[list[float], int, float, list[dict[str, Any]]]:
    uploads = asyncio.create_task(asyncio.to_thread(_uploads, url, documents, sections))
    latencies: list[float] = []
    errors, elapsed = 0, 0.0
    while not uploads.done():
        got, failed, took = await _level(url, questions, clients, 10**6, 5.0)
        latencies += got
        errors += failed
        elapsed += took
    return latencies, errors, elapsed, await uploads


def run_upload_bench(*, models_dir: Path, out: Console, workers: int, clients: int = 8, documents: int = 3,
                     sections: int = 150) -> dict[str, Any] | None:
    questions = [q.question for q in load_questions(TUNING_DIR)] or ["110年工業館最多補助幾點？"]
    tmp = Path(tempfile.mkdtemp(prefix="tcloud-upload-"))
    env = {**os.environ, "DATA_DIR": str(tmp), "MODELS_DIR": str(models_dir.resolve()), "ADMIN_TOKEN": TOKEN,
           "DATABASE_URL": f"sqlite:///{tmp / 'upload.db'}", "LLM_BASE_URL": "", "CHROMA_URL": "",
           "KNOWLEDGE_REFRESH_SECONDS": "2"}
    try:
        with serving(env, workers=workers) as url:
            asyncio.run(_level(url, questions, 4, 40, 20))  # warm-up: every worker loads its snapshot
            latencies, errors, elapsed, uploads = asyncio.run(_during(url, questions, clients, documents, sections))
        lat = latency(latencies)
        table = Table(title=f"/api/chat with {clients} clients while uploading {documents} guides, "
                            f"{workers} worker(s)")
        for col in ("requests", "failed", "req/s", "p50 ms", "p95 ms", "max ms"):
            table.add_column(col)
        table.add_row(str(lat.n), str(errors), f"{lat.n / max(elapsed, 1e-9):.0f}", f"{lat.p50:.1f}",
                      f"{lat.p95:.1f}", f"{lat.max:.1f}")
        out.print(table)
        for item in uploads:
            out.print(item)
        last = uploads[-1]
        ok = errors == 0 and all(u.get("state", "done") == "done" for u in uploads) and bool(last["answered"])
        return {"workers": workers, "clients": clients, "requests": lat.n, "failed": errors,
                "latency_ms": lat.as_dict(1), "uploads": uploads, "ok": ok}
    except RuntimeError as exc:
        out.print(str(exc))
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
