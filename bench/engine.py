"""`python -m bench engine`: what a user gets from the conversation engine (no LLM).

- answered with the right source: the reply's first source is one the labelled question expects
  (bench/questions/*.yaml);
- out-of-scope declined: the reply to each bench/questions_oos.yaml message gives no answer
  from the knowledge base (refusal, out of scope, or "not covered"), also with the topic-word
  rules switched off;
- latency p50/p95 of `Engine.handle` after warm-up.

`--sweep` re-runs both shares over a grid of the confidence thresholds (bot/config.py) so they
can be re-derived when retrieval scoring changes. Runs on a fresh temporary store.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.kb import serve_like_the_service, temporary_knowledge
from bench.labels import LabelledQuestion, OosQuestion, load_oos, load_questions, matches
from bench.metrics import latency
from bot.answer.pipeline import Searcher
from bot.config import EngineConfig
from bot.engine import Engine
from bot.intents.router import INTENTS
from bot.state import InMemoryStateStore
from bot.types import OUT_OF_SCOPE, IncomingMessage, Reply
from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.types import Chunk, Passage, SearchFilters

FIXED_NOW = 1_735_689_600.0  # 2025-01-01: 今年 = 114


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


def bench_engine(searcher: Searcher, *, config: EngineConfig | None = None, topic_rules: bool = True) -> Engine:
    """The engine as the benchmark runs it: in-memory state, no LLM, a fixed clock (今年 = 114)."""
    intents = INTENTS if topic_rules else tuple(i for i in INTENTS if i.name != OUT_OF_SCOPE)
    return Engine(searcher, store=InMemoryStateStore(), config=config, clock=lambda: FIXED_NOW, intents=intents)


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
    """Outcomes of the labelled questions and of the out-of-scope ones, each asked by a new user."""
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


def right_source_share(searcher: Searcher, questions: list[LabelledQuestion], chunks: dict[str, Chunk]) -> float:
    """Share of `questions` answered with a right first source, by a fresh benchmark engine."""
    in_scope, _, _ = evaluate(bench_engine(searcher), questions, [], chunks)
    return in_scope["correct"] / max(len(questions), 1)


def run_engine_bench(*, embedding_model: str, models_dir: Path, questions_dir: Path, oos_path: Path, out: Console,
                     sweep: bool = False) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when a question set is missing)."""
    questions, oos = load_questions(questions_dir), load_oos(oos_path)
    if not questions or not oos:
        out.print(f"need questions in {questions_dir} and {oos_path}")
        return None
    with temporary_knowledge(embedding_model=embedding_model, models_dir=models_dir) as knowledge:
        ingest_paths([CONTENT_DIR], store=knowledge.store)
        chunks = {c.chunk_id: c for c in knowledge.store.snapshot().chunks}
        serve_like_the_service(knowledge)
        engine = bench_engine(knowledge.searcher)

        in_scope, out_scope, misses = evaluate(engine, questions, oos, chunks)
        _, out_bare, _ = evaluate(bench_engine(knowledge.searcher, topic_rules=False), [], oos, chunks)
        n, m = len(questions), len(oos)
        rank1 = sum(1 for q in questions for p in knowledge.searcher.search(q.question, k=1)
                    if any(matches(p.chunk, e) for e in q.expect))
        out.print(f"(retrieval alone, rank-1 passage right: {rank1}/{n} ({rank1 / n:.1%}))")
        out.print(f"[bold]answered with the right source[/bold]: {in_scope['correct']}/{n} "
                  f"({in_scope['correct'] / n:.1%}); " + ", ".join(
                      f"{k} {v}" for k, v in sorted(in_scope.items()) if k != "correct"))
        out.print(f"[bold]out-of-scope declined[/bold]: {out_scope['declined']}/{m} "
                  f"({out_scope['declined'] / m:.1%})" + "".join(
                      f", {k} {v}" for k, v in sorted(out_scope.items()) if k != "declined")
                  + f"; {out_bare['declined'] / m:.1%} with the topic-word rules switched off")

        texts = [q.question for q in questions] + [o.question for o in oos]
        for i, text in enumerate(texts[:20]):
            ask(engine, text, f"warm-{i}")
        latencies = []
        for round_ in range(3):
            for i, text in enumerate(texts):
                started = time.perf_counter()
                ask(engine, text, f"lat-{round_}-{i}")
                latencies.append((time.perf_counter() - started) * 1000)
        lat = latency(latencies)
        out.print(f"[bold]engine latency[/bold] (no LLM, {lat.n} messages): "
                  f"p50 {lat.p50:.1f} ms, p95 {lat.p95:.1f} ms")
        if misses:
            out.print(f"not right ({len(misses)}):")
            for line in misses:
                out.print(line)
        figures: dict[str, Any] = {
            "model": knowledge.store.model.model_id,
            "questions": {"n": n, "outcomes": dict(sorted(in_scope.items())),
                          "right_source": round(in_scope["correct"] / n, 6), "retrieval_rank1_right": rank1},
            "out_of_scope": {"n": m, "outcomes": dict(sorted(out_scope.items())),
                             "declined": round(out_scope["declined"] / m, 6),
                             "declined_without_topic_rules": round(out_bare["declined"] / m, 6)},
            "latency_ms": lat.as_dict(),
        }
        if sweep:
            figures["sweep"] = _sweep(knowledge.searcher, questions, oos, chunks, out)
    return figures


def _sweep(searcher: Searcher, questions: list[LabelledQuestion], oos: list[OosQuestion],
           chunks: dict[str, Chunk], out: Console) -> list[dict[str, float]]:
    memo = MemoSearcher(searcher)
    table = Table(title="threshold sweep (answer_min_dense x answer_min_score)")
    for col in ("dense", "score", "right source", "oos declined", "oos declined without topic rules"):
        table.add_column(col)
    base = EngineConfig()
    rows = []
    for dense in (0.36, 0.38, 0.40, 0.42, 0.44, 0.46, 0.50):
        for min_score in (0.0, 0.2, 0.3, 0.4):
            config = replace(base, answer_min_dense=dense, answer_min_score=min_score,
                             suggest_min_dense=min(base.suggest_min_dense, dense))
            ins, oo, _ = evaluate(bench_engine(memo, config=config), questions, oos, chunks)
            _, oo_bare, _ = evaluate(bench_engine(memo, config=config, topic_rules=False), [], oos, chunks)
            row = {"answer_min_dense": dense, "answer_min_score": min_score,
                   "right_source": round(ins["correct"] / len(questions), 6),
                   "oos_declined": round(oo["declined"] / len(oos), 6),
                   "oos_declined_without_topic_rules": round(oo_bare["declined"] / len(oos), 6)}
            rows.append(row)
            table.add_row(f"{dense:.2f}", f"{min_score:.2f}", f"{row['right_source']:.1%}",
                          f"{row['oos_declined']:.1%}", f"{row['oos_declined_without_topic_rules']:.1%}")
    out.print(table)
    return rows
