"""`python -m bench retrieval-scale`: retrieval latency and memory at 10k and 100k chunks.

The shipped knowledge base is ingested once (real model); the large snapshots repeat its chunks'
text and tokens under new ids, with each real vector moved by random noise (embedding 100k texts
would take hours). Each process holds one
such snapshot: the figures are per API process.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, cast

import numpy as np
from rich.console import Console
from rich.table import Table

from bench import TUNING_DIR
from bench.kb import temporary_knowledge
from bench.labels import load_questions
from bench.metrics import latency
from ingest.pipeline import ingest_paths
from knowledge import CONTENT_DIR
from knowledge.dense import DenseIndex
from knowledge.lexical import LexicalIndex
from knowledge.search import HybridSearcher
from knowledge.store import KnowledgeStore, Snapshot
from knowledge.tokenize import Tokenizer
from knowledge.types import Chunk


class _FixedStore:
    """What the searcher reads of a store (snapshot, tokenizer, model), over a synthetic snapshot."""

    def __init__(self, snapshot: Snapshot, tokenizer: Tokenizer, model: Any) -> None:
        self._snapshot, self.tokenizer, self.model = snapshot, tokenizer, model

    def snapshot(self) -> Snapshot:
        return self._snapshot


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _synthetic(base: Snapshot, n: int, seed: int = 0) -> tuple[list[Chunk], np.ndarray, list[list[str]]]:
    rng = np.random.default_rng(seed)
    chunks = [replace(base.chunks[i % len(base)], chunk_id=f"synthetic-{i:07d}") for i in range(n)]
    tokens = [base.lexical.token_lists[i % len(base)] for i in range(n)]
    # Each a real chunk's vector moved by noise of its own size: neighbourhoods like real ones
    # (plain random unit vectors in 512 dimensions have none, and no ANN index finds them).
    noise = rng.standard_normal((n, base.vectors.shape[1]), dtype=np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    vectors = base.vectors[np.arange(n) % len(base)] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return chunks, vectors, tokens


def _timed(call: Callable[[Any], object], items: list[Any]) -> list[float]:
    """Milliseconds of `call(item)` for each item."""
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def run_retrieval_scale_bench(*, embedding_model: str, models_dir: Path, out: Console,
                              sizes: tuple[int, ...] = (10_000, 100_000)) -> dict[str, Any]:
    questions = [q.question for q in load_questions(TUNING_DIR)]
    rows: list[dict[str, Any]] = []
    with temporary_knowledge(embedding_model=embedding_model, models_dir=models_dir) as knowledge:
        ingest_paths([CONTENT_DIR], store=knowledge.store)
        base = knowledge.store.snapshot()
        embed = knowledge.store.model.embeddings.embed_query
        query_vectors = [np.asarray(embed(q), dtype=np.float32) for q in questions]
        everything_cache: dict[int, np.ndarray] = {}
        for n in sizes:
            chunks, vectors, tokens = _synthetic(base, n)
            gc.collect()
            before = _rss_mb()
            started = time.perf_counter()
            lexical = LexicalIndex.build(tokens)
            lexical_s = time.perf_counter() - started
            started = time.perf_counter()
            snap = Snapshot.of(f"synthetic-{n}", chunks, vectors, lexical)
            snapshot_s = time.perf_counter() - started
            gc.collect()
            memory = _rss_mb() - before
            everything = everything_cache.setdefault(n, np.ones(n, dtype=bool))
            exact = DenseIndex(vectors, ann_from=n + 1)
            dense = _timed(partial(snap.dense.nearest, n=50, mask=everything), query_vectors)
            exact_ms = _timed(partial(exact.nearest, n=50, mask=everything), query_vectors)
            recall = np.mean([len(set(snap.dense.nearest(q, 10, everything).rows)
                                  & set(exact.nearest(q, 10, everything).rows)) / 10 for q in query_vectors])
            searcher = HybridSearcher(cast(KnowledgeStore, _FixedStore(snap, knowledge.store.tokenizer,
                                                                       knowledge.store.model)))
            searcher.search(questions[0])  # warm-up
            search = _timed(partial(searcher.search, k=5), questions)
            rows.append({
                "chunks": n, "approximate": snap.dense.approximate, "dense_ms": latency(dense).as_dict(2),
                "exact_dense_ms": latency(exact_ms).as_dict(2), "recall_at_10_vs_exact": round(float(recall), 4),
                "search_ms": latency(search).as_dict(2), "vectors_mb": round(vectors.nbytes / 2**20, 1),
                "snapshot_rss_mb": round(memory, 1), "lexical_build_s": round(lexical_s, 1),
                "snapshot_build_s": round(snapshot_s, 1)})
    table = Table(title=f"Retrieval at scale ({len(questions)} questions, synthetic vectors, one process)")
    for col in ("chunks", "dense", "dense p95 ms", "exact p95 ms", "recall@10", "search p95 ms",
                "vectors MB", "snapshot RSS MB", "build s"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["chunks"]), "HNSW" if r["approximate"] else "exact", f"{r['dense_ms']['p95']:.2f}",
                      f"{r['exact_dense_ms']['p95']:.2f}", f"{r['recall_at_10_vs_exact']:.3f}",
                      f"{r['search_ms']['p95']:.1f}", str(r["vectors_mb"]), str(r["snapshot_rss_mb"]),
                      f"{r['lexical_build_s'] + r['snapshot_build_s']:.1f}")
    out.print(table)
    return {"questions": len(questions), "sizes": rows,
            "ok": all(r["dense_ms"]["p95"] <= 10.0 for r in rows)}
