"""`python -m bench floor`: the retrieval and answer quality floor that CI holds the code to.

bench/floor.yaml lists question sets with the figures recorded for them (hybrid Recall@5 and
MRR@10, and the engine's right-source share, all with the default embedding model);
tests/quality/test_floor.py fails when a figure falls more than the file's tolerance below its
recorded value. `--record` writes the figures of this run into the file (after a deliberate
improvement, or when a set is added: commit it with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from bench import BENCH_DIR, FLOOR_FILE
from bench.engine import right_source_share
from bench.kb import temporary_knowledge
from bench.labels import LabelledQuestion, load_questions
from bench.retrieval import quality
from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.assembly import KnowledgeResources

FIGURES = ("hybrid_recall_at_5", "hybrid_mrr_at_10", "engine_right_source")
REPO = BENCH_DIR.parent

HEADER = """\
# Quality floor, checked in CI by tests/quality/test_floor.py (see bench/floor.py): a figure more
# than `tolerance` below its recorded value fails the build. Figures are for `model`, on the shipped
# knowledge base. To add a question set, list it under `sets` (path relative to the repository
# root) and run `python -m bench floor --record`; commit the recorded figures with the reason.
"""


@dataclass(frozen=True)
class FloorSet:
    name: str
    questions: str
    recorded: dict[str, float]

    def load(self) -> list[LabelledQuestion]:
        return load_questions(REPO / self.questions)


@dataclass(frozen=True)
class Floor:
    model: str
    tolerance: float
    sets: tuple[FloorSet, ...]


def load_floor(path: Path = FLOOR_FILE) -> Floor:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets = tuple(FloorSet(name=str(name), questions=str(entry["questions"]),
                          recorded={k: float(v) for k, v in (entry.get("recorded") or {}).items()})
                 for name, entry in data["sets"].items())
    return Floor(model=str(data["model"]), tolerance=float(data["tolerance"]), sets=sets)


def measure(knowledge: KnowledgeResources, questions: list[LabelledQuestion]) -> dict[str, float]:
    """The floor's figures for one question set over a store holding the shipped knowledge base."""
    chunks = {c.chunk_id: c for c in knowledge.store.snapshot().chunks}
    scores = quality(knowledge.searcher, questions)
    return {"hybrid_recall_at_5": round(scores.recall_at_5, 6), "hybrid_mrr_at_10": round(scores.mrr_at_10, 6),
            "engine_right_source": round(right_source_share(knowledge.searcher, questions, chunks), 6)}


def shortfalls(floor: Floor, floor_set: FloorSet, measured: dict[str, float]) -> list[str]:
    """One line per figure more than the tolerance below its recorded value (or never recorded)."""
    lines = []
    for figure in FIGURES:
        recorded = floor_set.recorded.get(figure)
        if recorded is None:
            lines.append(f"{floor_set.name}: {figure} has no recorded value (python -m bench floor --record)")
        elif measured[figure] < recorded - floor.tolerance:
            lines.append(f"{floor_set.name}: {figure} {measured[figure]:.3f} is more than {floor.tolerance:.2f} "
                         f"below the recorded {recorded:.3f}")
    return lines


def write_floor(floor: Floor, measured: dict[str, dict[str, float]], path: Path = FLOOR_FILE) -> None:
    """Rewrite the file with `measured` as the recorded figures of each set."""
    data: dict[str, Any] = {"model": floor.model, "tolerance": floor.tolerance, "sets": {
        s.name: {"questions": s.questions, "recorded": measured[s.name]} for s in floor.sets}}
    kept = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("conversations") if path.exists() else None
    if kept:  # the conversation sets' floor (tests/quality/test_conversation_floor.py) is recorded by hand
        data["conversations"] = kept
    path.write_text(HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run_floor_bench(*, models_dir: Path, out: Console, record: bool = False,
                    path: Path = FLOOR_FILE) -> tuple[dict[str, Any], list[str]]:
    """Measures every listed set; returns the figures and the shortfalls against the recorded ones."""
    floor = load_floor(path)
    measured: dict[str, dict[str, float]] = {}
    with temporary_knowledge(embedding_model=floor.model, models_dir=models_dir) as knowledge:
        ingest_paths([CONTENT_DIR], store=knowledge.store)
        for floor_set in floor.sets:
            measured[floor_set.name] = measure(knowledge, floor_set.load())
    table = Table(title=f"quality floor (tolerance {floor.tolerance:.2f}, model {floor.model})")
    for col in ("set", "figure", "recorded", "measured"):
        table.add_column(col)
    problems: list[str] = []
    for floor_set in floor.sets:
        for figure in FIGURES:
            recorded = floor_set.recorded.get(figure)
            table.add_row(floor_set.name, figure, "-" if recorded is None else f"{recorded:.3f}",
                          f"{measured[floor_set.name][figure]:.3f}")
        problems += shortfalls(floor, floor_set, measured[floor_set.name])
    out.print(table)
    if record:
        write_floor(floor, measured, path)
        out.print(f"recorded in {path}")
        problems = []
    for line in problems:
        out.print(f"[red]{line}[/red]")
    return {"model": floor.model, "tolerance": floor.tolerance, "sets": measured}, problems
