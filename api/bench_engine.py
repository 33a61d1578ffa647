"""`tcloud bench engine`: what a user gets from the conversation engine (no LLM).

- answered with the right source: the reply's first source is one the labelled question expects
  (bench/questions/*.yaml);
- out-of-scope declined: the reply to each bench/questions_oos.yaml message gives no answer
  from the knowledge base (refusal, out of scope, or "not covered");
- latency p50/p95 of `Engine.handle` after warm-up.

`--sweep` re-runs both shares over a grid of the confidence thresholds (bot/config.py) so they
can be re-derived when retrieval scoring changes. Runs on a fresh temporary store.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from api.settings import Settings
from bot.answer.pipeline import Searcher
from bot.config import EngineConfig
from bot.engine import Engine
from bot.intents.router import INTENTS
from bot.state import InMemoryStateStore
from bot.types import OUT_OF_SCOPE, IncomingMessage, Reply
from knowledge import CONTENT_DIR
from knowledge.evaluation import LabelledQuestion, load_questions, matches
from knowledge.types import Chunk, Passage, SearchFilters

FIXED_NOW = 1_735_689_600.0  # 2025-01-01: 今年 = 114


@dataclass(frozen=True)
class OosQuestion:
    question: str
    kind: str


def load_oos(path: Path) -> list[OosQuestion]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [OosQuestion(str(i["q"]), str(i.get("kind", "off_topic"))) for i in items]


class MemoSearcher:
    """Retrieval results cached per (query, filters): the sweep varies only the policy."""

    def __init__(self, inner: Searcher) -> None:
        self.inner = inner
        self.cache: dict[tuple[str, int, SearchFilters | None], list[Passage]] = {}

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Passage]:
        key = (query, k, filters)
        if key not in self.cache:
            self.cache[key] = self.inner.search(query, k=k, filters=filters)
        return self.cache[key]


def ask(engine: Engine, question: str, user: str) -> Reply:
    return engine.handle(IncomingMessage(user_id=user, channel="cli", text=question))


def outcome(reply: Reply, q: LabelledQuestion, chunks: dict[str, Chunk]) -> str:
    if reply.declined:
        return "declined"
    if not reply.sources:
        return reply.intent
    first = chunks.get(reply.sources[0].chunk_id)
    return "correct" if first is not None and any(matches(first, e) for e in q.expect) else "wrong source"


def evaluate(engine: Engine, questions: list[LabelledQuestion], oos: list[OosQuestion],
             chunks: dict[str, Chunk]) -> tuple[Counter[str], Counter[str], list[str]]:
    in_scope: Counter[str] = Counter()
    out_scope: Counter[str] = Counter()
    misses: list[str] = []
    for i, q in enumerate(questions):
        reply = ask(engine, q.question, f"in-{i}")
        result = outcome(reply, q, chunks)
        in_scope[result] += 1
        if result != "correct":
            got = reply.sources[0].chunk_id if reply.sources else "-"
            misses.append(f"  [{result}] {q.question} -> expected {', '.join(q.expect)}; got {got}")
    for i, o in enumerate(oos):
        reply = ask(engine, o.question, f"oos-{i}")
        out_scope["declined" if reply.declined else f"answered:{o.kind}"] += 1
        if not reply.declined:
            got = reply.sources[0].chunk_id if reply.sources else reply.intent
            misses.append(f"  [not declined] {o.question} -> {got}")
    return in_scope, out_scope, misses


def run_engine_bench(settings: Settings, questions_dir: Path, oos_path: Path, out: Console, *,
                     sweep: bool = False) -> int:
    from api.resources import build_knowledge
    from ingest.pipeline import ingest_paths

    questions, oos = load_questions(questions_dir), load_oos(oos_path)
    if not questions or not oos:
        out.print(f"need questions in {questions_dir} and {oos_path}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = build_knowledge(settings.model_copy(update={
            "data_dir": Path(tmp), "chroma_url": None, "models_dir": settings.resolved_models_dir,
            "knowledge_refresh_seconds": 0.0}))
        ingest_paths([CONTENT_DIR], store=knowledge.store)
        chunks = {c.chunk_id: c for c in knowledge.store.snapshot().chunks}
        knowledge.store.refresh_interval = 2.0  # as in the service: no version check per query
        engine = Engine(knowledge.searcher, store=InMemoryStateStore(), clock=lambda: FIXED_NOW)

        in_scope, out_scope, misses = evaluate(engine, questions, oos, chunks)
        n, m = len(questions), len(oos)
        rank1 = sum(1 for q in questions for p in knowledge.searcher.search(q.question, k=1)
                    if any(matches(p.chunk, e) for e in q.expect))
        out.print(f"(retrieval alone, rank-1 passage right: {rank1}/{n} ({rank1 / n:.1%}))")
        out.print(f"[bold]answered with the right source[/bold]: {in_scope['correct']}/{n} "
                  f"({in_scope['correct'] / n:.1%}); " + ", ".join(
                      f"{k} {v}" for k, v in sorted(in_scope.items()) if k != "correct"))
        out.print(f"[bold]out-of-scope declined[/bold]: {out_scope['declined']}/{m} "
                  f"({out_scope['declined'] / m:.1%})" + "".join(
                      f", {k} {v}" for k, v in sorted(out_scope.items()) if k != "declined"))

        texts = [q.question for q in questions] + [o.question for o in oos]
        for i, text in enumerate(texts[:20]):
            ask(engine, text, f"warm-{i}")
        latencies = []
        for round_ in range(3):
            for i, text in enumerate(texts):
                started = time.perf_counter()
                ask(engine, text, f"lat-{round_}-{i}")
                latencies.append((time.perf_counter() - started) * 1000)
        ordered = sorted(latencies)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        out.print(f"[bold]engine latency[/bold] (no LLM, {len(latencies)} messages): "
                  f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
        if misses:
            out.print(f"not right ({len(misses)}):")
            for line in misses:
                out.print(line)
        if sweep:
            _sweep(knowledge.searcher, questions, oos, chunks, out)
    return 0


def _sweep(searcher: Searcher, questions: list[LabelledQuestion], oos: list[OosQuestion],
           chunks: dict[str, Chunk], out: Console) -> None:
    memo = MemoSearcher(searcher)
    table = Table(title="threshold sweep (answer_min_dense x answer_min_score)")
    for col in ("dense", "score", "right source", "oos declined", "oos declined without topic rules"):
        table.add_column(col)
    base = EngineConfig()
    for dense in (0.36, 0.38, 0.40, 0.42, 0.44, 0.46, 0.50):
        for score in (0.0, 0.2, 0.3, 0.4):
            config = replace(base, answer_min_dense=dense, answer_min_score=score,
                             suggest_min_dense=min(base.suggest_min_dense, dense))
            engine = Engine(memo, store=InMemoryStateStore(), config=config, clock=lambda: FIXED_NOW)
            ins, oo, _ = evaluate(engine, questions, oos, chunks)
            bare = Engine(memo, store=InMemoryStateStore(), config=config, clock=lambda: FIXED_NOW,
                          intents=tuple(i for i in INTENTS if i.name != OUT_OF_SCOPE))
            _, oo_bare, _ = evaluate(bare, [], oos, chunks)
            table.add_row(f"{dense:.2f}", f"{score:.2f}", f"{ins['correct'] / len(questions):.1%}",
                          f"{oo['declined'] / len(oos):.1%}", f"{oo_bare['declined'] / len(oos):.1%}")
    out.print(table)
