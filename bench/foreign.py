"""Content nobody tuned for: an FAQ of another (invented) subsidy scheme, written blind, ingested
with the shipped knowledge base the way staff ingest new content, asked with paraphrases.

Prints hybrid Recall@1/@5 next to a plain jieba + BM25 over the same entries alone (the baseline
the issue measured against), and, through the engine, the share of questions answered from the
right entry, declined, and answered from a wrong one (confidently wrong).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import bm25s
import jieba
import numpy as np
import yaml

from bench import say
from bench.conversations import build_engine_for_bench
from bench.metrics import percentile
from bot.types import IncomingMessage
from knowledge.text import to_traditional

FOREIGN = Path(__file__).parent / "sets" / "foreign"


def load(folder: Path = FOREIGN) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    faq = yaml.safe_load((folder / "faq.yaml").read_text(encoding="utf-8"))
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    return faq, questions


def _tokens(text: str) -> list[str]:
    return [t for t in jieba.lcut(to_traditional(text).lower()) if t.strip()]


def bm25_baseline(faq: list[dict[str, Any]], questions: list[dict[str, Any]]) -> tuple[float, float]:
    """Plain jieba + BM25 over the foreign entries alone (question and answer)."""
    retriever = bm25s.BM25()
    retriever.index([_tokens(f"{e['question']} {e['answer']}") for e in faq], show_progress=False)
    ids = [e["id"] for e in faq]
    r1 = r5 = 0
    for q in questions:
        scores = retriever.get_scores(_tokens(q["q"]))
        order = [ids[i] for i in np.argsort(-scores)[:5]]
        r1 += order[0] in q["expect"]
        r5 += any(i in q["expect"] for i in order)
    n = len(questions)
    return r1 / n, r5 / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench foreign")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    faq, questions = load()
    n = len(questions)
    base1, base5 = bm25_baseline(faq, questions)
    with tempfile.TemporaryDirectory() as tmp:
        engine, knowledge = build_engine_for_bench(Path(tmp), extra_paths=(FOREIGN / "faq.yaml",))
        r1 = r5 = 0
        for q in questions:
            got = [p.chunk.chunk_id.removeprefix("faq:") for p in knowledge.searcher.search(q["q"], k=5)]
            r1 += bool(got) and got[0] in q["expect"]
            r5 += any(g in q["expect"] for g in got)
        right = wrong = declined = 0
        ms = []
        for i, q in enumerate(questions):
            started = time.perf_counter()
            reply = engine.handle(IncomingMessage(user_id=f"foreign-{i}", channel="web", text=q["q"]))
            ms.append((time.perf_counter() - started) * 1000)
            cited = {s.chunk_id.removeprefix("faq:") for s in reply.sources}
            if reply.declined or not reply.sources or reply.states_unknown:
                declined += 1
            elif cited & set(q["expect"]):
                right += 1
            else:
                wrong += 1
    figures = {"questions": n, "entries": len(faq), "hybrid_r1": r1 / n, "hybrid_r5": r5 / n,
               "bm25_r1": base1, "bm25_r5": base5, "answered_right": right / n, "declined": declined / n,
               "confidently_wrong": wrong / n, "p95_ms": percentile(ms, .95)}
    say(f"== foreign corpus: {len(faq)} entries, {n} paraphrases, ingested beside the shipped base ==")
    say(f"  hybrid  Recall@1 {r1 / n:.3f}  Recall@5 {r5 / n:.3f}")
    say(f"  BM25    Recall@1 {base1:.3f}  Recall@5 {base5:.3f}   (plain jieba+BM25 over the foreign entries alone)")
    say(f"  ratio R@1 {r1 / n / max(base1, 1e-9):.2f}x")
    say(f"  engine: right entry {right / n:.3f}  declined {declined / n:.3f}  confidently wrong {wrong / n:.3f}"
          f"  p95 {percentile(ms, .95):.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
