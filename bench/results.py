"""Benchmark results as JSON files (bench/results/<name>.json): one file per benchmark, the last run."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import BENCH_DIR, RESULTS_DIR


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write(name: str, figures: dict[str, Any], path: Path | None = None) -> Path:
    """Write `figures` with when, where (CPUs) and at which commit they were measured."""
    path = path or RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"bench": name, "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": _commit(),
              "cpus": os.cpu_count(), **figures}
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read(name: str, directory: Path = RESULTS_DIR) -> dict[str, Any] | None:
    path = directory / f"{name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
