"""Benchmarks of tcloud-assistant (`python -m bench ...`, see bench/README.md). Not shipped.

Each benchmark prints its figures and writes them to bench/results/<name>.json, from which
`python -m bench report` prints the tables of bench/README.md.
"""

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TUNING_DIR = BENCH_DIR / "questions"
HOLDOUT_DIR = BENCH_DIR / "holdout"
OOS_FILE = BENCH_DIR / "questions_oos.yaml"
RESULTS_DIR = BENCH_DIR / "results"
FLOOR_FILE = BENCH_DIR / "floor.yaml"


def say(line: str = "") -> None:
    """One line of plain output (no markup), for the benches that print as they go."""
    sys.stdout.write(line + "\n")
