"""`python -m bench retrieval`: quality per ranking mode, query latency and ingest throughput.

Runs on a fresh temporary store, so it never touches the service's own index.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.kb import serve_like_the_service, temporary_knowledge
from bench.labels import LabelledQuestion, first_hit, load_questions
from bench.metrics import Scores, latency, score
from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.search import HybridSearcher, Mode

MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")


def ranks(searcher: HybridSearcher, questions: list[LabelledQuestion], mode: Mode = "hybrid") -> list[int | None]:
    """Per question, the rank of the first right passage in the top 10 (None: not there)."""
    return [first_hit([p.chunk for p in searcher.search(q.question, k=10, mode=mode)], q.expect) for q in questions]


def quality(searcher: HybridSearcher, questions: list[LabelledQuestion], mode: Mode = "hybrid") -> Scores:
    return score(ranks(searcher, questions, mode))


def _quality(searcher: HybridSearcher, questions: list[LabelledQuestion], title: str, out: Console,
             show_misses: bool) -> dict[str, Any]:
    table = Table(title=title)
    for col in ("mode", "Recall@1", "Recall@5", "MRR@10"):
        table.add_column(col)
    misses: list[str] = []
    figures: dict[str, Any] = {"n": len(questions), "modes": {}}
    for mode in MODES:
        hits = []
        for q in questions:
            ranked = [p.chunk for p in searcher.search(q.question, k=10, mode=mode)]
            hit = first_hit(ranked, q.expect)
            hits.append(hit)
            if mode == "hybrid" and (hit is None or hit > 5):
                got = ranked[0].chunk_id if ranked else "-"
                misses.append(f"  [{q.style}] {q.question} -> expected {', '.join(q.expect)}; got {got}")
        s = score(hits)
        figures["modes"][mode] = s.as_dict()
        table.add_row(mode, f"{s.recall_at_1:.3f}", f"{s.recall_at_5:.3f}", f"{s.mrr_at_10:.3f}")
    out.print(table)
    by_style: dict[str, list[int | None]] = {}
    for q in questions:
        ranked = [p.chunk for p in searcher.search(q.question, k=10)]
        by_style.setdefault(q.style, []).append(first_hit(ranked, q.expect))
    figures["hybrid_recall_at_5_by_style"] = {
        style: {"recall_at_5": round(score(h).recall_at_5, 6), "n": len(h)} for style, h in sorted(by_style.items())}
    out.print("hybrid by style: " + ", ".join(
        f"{style} R@5={score(h).recall_at_5:.2f} (n={len(h)})" for style, h in sorted(by_style.items())))
    if show_misses and misses:
        out.print(f"hybrid misses outside top 5 ({len(misses)}):")
        for line in misses:
            out.print(line)
    return figures


def run_retrieval_bench(*, embedding_model: str, models_dir: Path, questions_dir: Path, out: Console,
                        holdout_dir: Path | None = None) -> dict[str, Any] | None:
    """Prints the figures and returns them (None when there are no questions)."""
    questions = load_questions(questions_dir)
    if not questions:
        out.print(f"no questions found in {questions_dir}")
        return None
    with temporary_knowledge(embedding_model=embedding_model, models_dir=models_dir) as knowledge:
        first = ingest_paths([CONTENT_DIR], store=knowledge.store)
        again = ingest_paths([CONTENT_DIR], store=knowledge.store)
        started = time.perf_counter()
        knowledge.store.snapshot()
        snapshot_ms = (time.perf_counter() - started) * 1000
        searcher = knowledge.searcher
        serve_like_the_service(knowledge)

        model_id = knowledge.store.model.model_id
        figures: dict[str, Any] = {"model": model_id, "sets": {}}
        figures["sets"]["tuning"] = _quality(
            searcher, questions, f"Retrieval on {len(questions)} tuning questions (model {model_id})", out,
            show_misses=True)
        holdout = load_questions(holdout_dir) if holdout_dir and holdout_dir.is_dir() else []
        if holdout:
            # Never tuned on: the engine's vocabulary and weights were fixed before these were written.
            figures["sets"]["holdout"] = _quality(searcher, holdout, f"Held-out set: {len(holdout)} questions", out,
                                                  show_misses=False)

        for q in questions[:20]:
            searcher.search(q.question, k=5)
        latencies = []
        for _ in range(3):
            for q in questions:
                t = time.perf_counter()
                searcher.search(q.question, k=5)
                latencies.append((time.perf_counter() - t) * 1000)
        query = latency(latencies)
        figures["query_ms"] = query.as_dict()
        out.print(f"query latency (hybrid, k=5, {query.n} queries): p50 {query.p50:.2f} ms, p95 {query.p95:.2f} ms")
        chunks = first.added
        figures["ingest"] = {"chunks": chunks, "files": first.files, "seconds": round(first.seconds, 3),
                             "chunks_per_second": round(chunks / max(first.seconds, 1e-9)),
                             "reingest_seconds": round(again.seconds, 3), "reingest_unchanged": again.unchanged,
                             "reingest_embedded": again.embedded, "snapshot_ms": round(snapshot_ms)}
        out.print(f"ingest: {chunks} chunks from {first.files} files in {first.seconds:.2f} s "
                  f"({chunks / max(first.seconds, 1e-9):.0f} chunks/s); "
                  f"re-ingest unchanged: {again.seconds:.2f} s ({again.unchanged} unchanged, "
                  f"{again.embedded} embedded); snapshot rebuild {snapshot_ms:.0f} ms")
    return figures
