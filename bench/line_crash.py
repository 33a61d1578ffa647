"""`python -m bench line-crash`: kill -9 in the middle of a burst of LINE events, restart, count.

Each round starts `tcloud serve` (real uvicorn, LINE pointed at a fake LINE Platform on loopback,
a temporary SQLite file unless a database URL is given) with LINE_FAULT_AFTER_REPLY=k, so the
process SIGKILLs itself right after LINE accepted its k-th reply and before recording it (the
worst moment), while users are still sending. A second server then starts on the same database,
LINE redelivers what the dead one did not acknowledge, and every event's deliveries are counted
(replies by token, pushes by retry key), with the exchange rows and dialogue turns kept for them.
The lease is the service's default (LINE_CLAIM_SECONDS), so "recovered" shows how soon a real
restart finishes the events the dead process held.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.labels import load_questions
from tests.api.line.crash import TOKEN, Round, crash_env, crash_round
from tests.support.fake_line import FakeLine


def run_line_crash_bench(*, models_dir: Path, out: Console, events: int = 50, senders: int = 10, rounds: int = 3,
                         database_url: str | None = None, seed: int = 14) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when a server did not start); `ok` says whether
    every round crashed as planned and lost, doubled and logged twice nothing."""
    questions = [q.question for q in load_questions(TUNING_DIR)] or ["110年工業館最多補助幾點？"]
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="tcloud-line-crash-"))
    results: list[Round] = []
    try:
        with FakeLine(TOKEN) as fake:
            env = crash_env(models_dir=models_dir, data_dir=tmp / "data", fake=fake,
                            database_url=database_url or f"sqlite:///{tmp / 'line.db'}")
            for n in range(rounds):
                kill_after = rng.randint(5, max(5, events // 2))
                results.append(crash_round(env=env, fake=fake, questions=questions, events=events, senders=senders,
                                           kill_after_reply=kill_after, seed=seed + n,
                                           log=lambda line: out.print(f"[dim]{line}[/dim]")))
    except RuntimeError as exc:
        out.print(str(exc))
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    database = "PostgreSQL" if database_url else "SQLite"
    table = Table(title=f"LINE: kill -9 right after an accepted reply, mid-burst of {events} events from "
                        f"{senders} users, then a restart ({database})")
    # killed after: the accepted reply the process died after; redelivered: webhooks it never
    # acknowledged; exchanges, turns: kept per event (one each); up, done: seconds after the kill until
    # the new server answered and until every event was finished.
    for col in ("round", "killed after", "redelivered", "lost", "doubled", "exchanges", "turns", "outcomes", "up s",
                "done s"):
        table.add_column(col)
    for n, r in enumerate(results, start=1):
        table.add_row(str(n), str(r.killed_after_reply) + ("" if r.crashed else " (did not crash)"),
                      str(r.redelivered), str(r.lost), str(r.doubled), f"{r.exchanges}/{r.events}",
                      f"{r.turns}/{r.events}", ", ".join(f"{k} {v}" for k, v in sorted(r.outcomes.items())),
                      f"{r.restart_seconds:.1f}", f"{r.recovery_seconds:.1f}")
    out.print(table)
    lost, doubled = sum(r.lost for r in results), sum(r.doubled for r in results)
    out.print(f"total: {len(results) * events} events, {lost} lost, {doubled} answered twice; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return {"events": events, "senders": senders, "database": database, "lost": lost, "doubled": doubled,
            "rounds": [{"killed_after_reply": r.killed_after_reply, "crashed": r.crashed,
                        "redelivered": r.redelivered, "lost": r.lost, "doubled": r.doubled,
                        "exchanges": r.exchanges, "turns": r.turns, "outcomes": r.outcomes,
                        "restart_seconds": r.restart_seconds, "recovery_seconds": r.recovery_seconds}
                       for r in results],
            "load_average": round(os.getloadavg()[0], 1),
            "ok": all(r.ok for r in results)}
